// `check` and `graph` on a folder follow the links between its files: a nested stack's local template (a
// role passed in by Parameters, out by Outputs). Related places print with the other file's path; a file given
// without the other end links nothing.
import { after, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { cli } from '../support/cli';
import { rangeOf, workspaceDir, type Range } from '../support/roles-workspace';
import { CHILD_APP, PARENT, STACKS } from '../support/roles-links';

const made: string[] = [];
after(() => made.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

interface JsonFinding {
  ruleId: string;
  severity: string;
  range: Range;
  related: { path: string; range: Range }[];
}

async function handoffs(args: string[], cwd: string): Promise<Record<string, [string, Range, [string, Range][]][]>> {
  const r = await cli(['check', ...args, '--format', 'json', '--fail-on', 'none'], { cwd });
  assert.equal(r.code, 0, r.stderr);
  const out: Record<string, [string, Range, [string, Range][]][]> = {};
  for (const f of JSON.parse(r.stdout).files as { path: string; findings: JsonFinding[] }[]) {
    const found = f.findings.filter((x) => x.ruleId === 'handoff-trust-mismatch');
    if (found.length) out[f.path] = found.map((x) => [x.severity, x.range, x.related.map((y) => [y.path, y.range] as [string, Range])]);
  }
  return out;
}

describe('check and graph across links between files', { concurrency: true }, () => {
  test('check on a folder: the child template\'s parameter and the parent\'s stack output, each end told', async () => {
    const dir = workspaceDir(made, STACKS);
    assert.deepEqual(await handoffs(['.'], dir), {
      'parent.yaml': [
        ['info', rangeOf(PARENT, 'states.amazonaws.com'), [['stacks/app.yaml', rangeOf(CHILD_APP, '!Ref FunctionRoleArn')]]],
        ['error', rangeOf(PARENT, '!GetAtt Roles.Outputs.WorkerRoleArn'), [['stacks/roles.yaml', rangeOf(STACKS['stacks/roles.yaml']!, 'ecs-tasks.amazonaws.com')]]],
      ],
      'stacks/app.yaml': [['error', rangeOf(CHILD_APP, '!Ref FunctionRoleArn'), [['parent.yaml', rangeOf(PARENT, 'states.amazonaws.com')]]]],
      'stacks/roles.yaml': [['info', rangeOf(STACKS['stacks/roles.yaml']!, 'ecs-tasks.amazonaws.com'), [['parent.yaml', rangeOf(PARENT, '!GetAtt Roles.Outputs.WorkerRoleArn')]]]],
    });
    // The child alone: its parent is not among the inputs, so nothing is guessed.
    assert.deepEqual(await handoffs(['stacks/app.yaml'], dir), {});
  });

  test('graph: the hand-offs at the other end of each link, json and mermaid', async () => {
    const dir = workspaceDir(made, STACKS);
    const r = await cli(['graph', '.', '--format', 'json'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    const roles = JSON.parse(r.stdout).roles as { name: string; path: string; assumedBy: string[]; handedTo: { label: string; path: string; trusted: boolean }[] }[];
    assert.deepEqual(
      roles.map((x) => [x.name, x.path, x.assumedBy, x.handedTo.map((h) => [h.label, h.path, h.trusted])]),
      [
        ['FunctionRole', 'parent.yaml', ['states.amazonaws.com'], [['Function.Role', 'stacks/app.yaml', false]]],
        ['WorkerRole', 'stacks/roles.yaml', ['ecs-tasks.amazonaws.com'], [['Worker.Role', 'parent.yaml', false]]],
      ],
    );
    const mermaid = await cli(['graph', '.', '--format', 'mermaid'], { cwd: dir });
    assert.equal(mermaid.code, 0, mermaid.stderr);
    assert.match(mermaid.stdout, /Function\.Role.*stacks\/app\.yaml/);
    assert.match(mermaid.stdout, /Worker\.Role.*parent\.yaml/);
  });
});

// The files of one `check` or `fix` run are one workspace: a PassRole grant or a hand-off in one file is
// checked against the role's trust policy in another (found by the trust-policy file's name, by --roles, by
// RoleName, by an export), and the related place in the other file is printed with its own path and position in
// every format. Standard input is checked alone; `fix` never edits another file.
import { after, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cli } from '../support/cli';
import { APP_TEMPLATE, POLICY, rangeOf, ROLES_TEMPLATE, trust, workspaceDir, type Range } from '../support/roles-workspace';

const made: string[] = [];
after(() => made.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
const workspace = (files: Record<string, string>) => workspaceDir(made, files);

interface Related {
  path: string;
  range: Range;
  message: string;
}
interface JsonFinding {
  ruleId: string;
  severity: string;
  message: string;
  range: Range;
  related: Related[];
}
interface JsonFile {
  path: string;
  findings: JsonFinding[];
}

async function checkJson(args: string[], cwd: string, input?: string): Promise<JsonFile[]> {
  const r = await cli(['check', ...args, '--format', 'json', '--fail-on', 'none'], { cwd, ...(input !== undefined ? { input } : {}) });
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout).files;
}

const findings = (files: JsonFile[], file: string, ruleId: string) => (files.find((f) => f.path === file)?.findings ?? []).filter((f) => f.ruleId === ruleId);

describe('check: the inputs are one workspace', { concurrency: true }, () => {
  test('a PassRole grant and its role\'s trust policy in another file: the warning at the service, related information in the trust file (JSON)', async () => {
    const dir = workspace({ 'policies/deploy.json': POLICY, 'BuildRole-trust-policy.json': trust('glue.amazonaws.com') });
    const files = await checkJson(['.'], dir);
    const [warning, ...more] = findings(files, 'policies/deploy.json', 'passrole-trust-mismatch');
    assert.deepEqual(more, []);
    assert.equal(warning!.severity, 'warning');
    assert.deepEqual(warning!.range, rangeOf(POLICY, '"codebuild.amazonaws.com"'));
    assert.match(warning!.message, /BuildRole.*codebuild\.amazonaws\.com.*glue\.amazonaws\.com/);
    const trustText = trust('glue.amazonaws.com');
    assert.deepEqual(warning!.related.map((x) => [x.path, x.range]), [['BuildRole-trust-policy.json', rangeOf(trustText, '"glue.amazonaws.com"')]]);
    assert.match(warning!.related[0]!.message, /BuildRole/);

    // The trust side: an info naming the grant in the other file, with the grant as related information.
    const infos = findings(files, 'BuildRole-trust-policy.json', 'passrole-trust-mismatch');
    assert.ok(infos.length >= 1 && infos.every((f) => f.severity === 'info'), JSON.stringify(infos));
    const passed = infos.find((f) => /may be passed/.test(f.message))!;
    assert.match(passed.message, /codebuild\.amazonaws\.com.*deploy\.json/);
    assert.deepEqual(passed.range, rangeOf(trustText, '"glue.amazonaws.com"'));
    assert.deepEqual(passed.related.map((x) => [x.path, x.range]), [['policies/deploy.json', rangeOf(POLICY, '"arn:aws:iam::111122223333:role/BuildRole"')]]);

    // Every finding has `related`, an empty list when it has none.
    for (const f of files.flatMap((x) => x.findings)) assert.ok(Array.isArray(f.related), JSON.stringify(f));
  });

  test('SARIF: relatedLocations name the other file, 1-based', async () => {
    const dir = workspace({ 'policies/deploy.json': POLICY, 'BuildRole-trust-policy.json': trust('glue.amazonaws.com') });
    const r = await cli(['check', '.', '--format', 'sarif'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    const results = JSON.parse(r.stdout).runs[0].results as { ruleId: string; level: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[]; relatedLocations?: { id: number; physicalLocation: { artifactLocation: { uri: string }; region: unknown }; message: { text: string } }[] }[];
    const res = results.find((x) => x.ruleId === 'passrole-trust-mismatch' && x.level === 'warning')!;
    assert.equal(res.locations[0]!.physicalLocation.artifactLocation.uri, 'policies/deploy.json');
    const g = rangeOf(trust('glue.amazonaws.com'), '"glue.amazonaws.com"');
    assert.deepEqual(res.relatedLocations, [
      {
        id: 0,
        physicalLocation: { artifactLocation: { uri: 'BuildRole-trust-policy.json' }, region: { startLine: g.start.line + 1, startColumn: g.start.character + 1, endLine: g.end.line + 1, endColumn: g.end.character + 1 } },
        message: { text: res.relatedLocations![0]!.message.text },
      },
    ]);
    const info = results.find((x) => x.ruleId === 'passrole-trust-mismatch' && x.level === 'note' && x.locations[0]!.physicalLocation.artifactLocation.uri === 'BuildRole-trust-policy.json');
    assert.ok(info?.relatedLocations?.some((l) => l.physicalLocation.artifactLocation.uri === 'policies/deploy.json'), JSON.stringify(info));
  });

  test('text: each related place on an indented line under its finding, with its own path, line and column', async () => {
    const dir = workspace({ 'policies/deploy.json': POLICY, 'BuildRole-trust-policy.json': trust('glue.amazonaws.com') });
    const r = await cli(['check', '.'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.split('\n');
    const at = lines.findIndex((l) => /^policies\/deploy\.json:9:63 warning passrole-trust-mismatch /.test(l));
    assert.ok(at >= 0, r.stdout);
    assert.match(lines[at + 1]!, /^ {2}related: BuildRole-trust-policy\.json:4:52 \S/);
    // Finding lines keep their shape: every line is a finding or a related line under one.
    for (const l of lines.filter(Boolean)) assert.match(l, /^(\S+:\d+:\d+ (error|warning|info) \S+ |  related: \S+:\d+:\d+ )/);
  });

  test('a trust policy that trusts the service: nothing on either side', async () => {
    const dir = workspace({ 'policies/deploy.json': POLICY, 'BuildRole-trust-policy.json': trust('codebuild.amazonaws.com') });
    const files = await checkJson(['.'], dir);
    assert.deepEqual(findings(files, 'policies/deploy.json', 'passrole-trust-mismatch'), []);
    assert.deepEqual(findings(files, 'BuildRole-trust-policy.json', 'passrole-trust-mismatch'), []);
  });

  for (const name of ['BuildRole.trust.json', 'BuildRole-trust-policy.json', 'BuildRole/trust-policy.json', 'BuildRole/trust.json']) {
    test(`the trust policy found by its name: ${name}`, async () => {
      const dir = workspace({ 'policies/deploy.json': POLICY, [`roles/${name}`]: trust('glue.amazonaws.com') });
      // Named files and a walked folder alike.
      for (const args of [['.'], ['policies/deploy.json', `roles/${name}`]]) {
        const [w] = findings(await checkJson(args, dir), 'policies/deploy.json', 'passrole-trust-mismatch');
        assert.equal(w?.severity, 'warning', args.join(' '));
        assert.equal(w.related[0]!.path, `roles/${name}`);
        assert.deepEqual(w.related[0]!.range, rangeOf(trust('glue.amazonaws.com'), '"glue.amazonaws.com"'));
      }
    });
  }

  test('--roles ROLE=PATH names the role of a trust-policy file whatever its name, and reads it when it is not an input', async () => {
    const dir = workspace({ 'policies/deploy.json': POLICY, 'roles/build.json': trust('glue.amazonaws.com'), 'roles/Other-trust-policy.json': trust('codebuild.amazonaws.com') });
    // Without --roles, roles/build.json stands for no role; Other-trust-policy.json for the role Other.
    assert.deepEqual(findings(await checkJson(['.'], dir), 'policies/deploy.json', 'passrole-trust-mismatch'), []);
    const named = await checkJson(['.', '--roles', 'BuildRole=roles/build.json'], dir);
    assert.equal(findings(named, 'policies/deploy.json', 'passrole-trust-mismatch')[0]?.related[0]?.path, 'roles/build.json');
    // --roles overrides the file's name: Other-trust-policy.json now stands for BuildRole, and it trusts codebuild.
    const renamed = await checkJson(['.', '--roles', 'BuildRole=./roles/Other-trust-policy.json'], dir);
    assert.deepEqual(findings(renamed, 'policies/deploy.json', 'passrole-trust-mismatch'), []);
    assert.deepEqual(findings(renamed, 'roles/Other-trust-policy.json', 'passrole-trust-mismatch'), []);
    // A file --roles names that is not an input is read into the workspace, not reported.
    const alone = await checkJson(['policies/deploy.json', '--roles', 'BuildRole=roles/build.json'], dir);
    assert.deepEqual(alone.map((f) => f.path), ['policies/deploy.json']);
    assert.equal(findings(alone, 'policies/deploy.json', 'passrole-trust-mismatch')[0]?.related[0]?.path, 'roles/build.json');
  });

  test('--roles mistakes: exit 2 with one line naming the path or the value', async () => {
    const dir = workspace({ 'policies/deploy.json': POLICY, 'roles/build.json': trust('glue.amazonaws.com') });
    const cases: [string[], RegExp][] = [
      [['check', '.', '--roles', 'BuildRole=roles/missing.json'], /^iam-role-lens: roles\/missing\.json: no such file or folder \(named by --roles BuildRole=roles\/missing\.json\)$/],
      [['check', '.', '--roles', 'BuildRole=roles'], /^iam-role-lens: roles: is a folder/],
      [['check', '.', '--roles', 'BuildRole'], /--roles expects ROLE=PATH/],
      [['check', '.', '--roles', 'A=roles/build.json', '--roles', 'B=./roles/build.json'], /two roles for/],
      [['graph', '.', '--roles', 'BuildRole=roles/missing.json'], /roles\/missing\.json: no such file or folder/],
      [['fix', '.', '--roles', 'BuildRole=roles/missing.json'], /roles\/missing\.json: no such file or folder/],
    ];
    const runs = await Promise.all(cases.map(([args]) => cli(args, { cwd: dir })));
    runs.forEach((r, i) => {
      const [args, pattern] = cases[i]!;
      assert.equal(r.code, 2, args.join(' '));
      assert.equal(r.stdout, '', args.join(' '));
      assert.equal(r.stderr.trimEnd().split('\n').length, 1, r.stderr);
      assert.match(r.stderr.trimEnd(), pattern);
    });
  });

  test('standard input is checked alone, not joined with the other inputs', async () => {
    const dir = workspace({ 'BuildRole-trust-policy.json': trust('glue.amazonaws.com') });
    const files = await checkJson(['-', 'BuildRole-trust-policy.json', '--stdin-filename', 'policies/deploy.json'], dir, POLICY);
    assert.deepEqual(files.map((f) => f.path), ['policies/deploy.json', 'BuildRole-trust-policy.json']);
    assert.deepEqual(findings(files, 'policies/deploy.json', 'passrole-trust-mismatch'), []);
    assert.ok(!findings(files, 'BuildRole-trust-policy.json', 'passrole-trust-mismatch').some((f) => /may be passed/.test(f.message)));
  });
});

describe('check: a hand-off in one template, the role in another', () => {
  test('by !ImportValue and by RoleName: handoff-trust-mismatch at each hand-off with the trust policy as related, info on the role', async () => {
    const dir = workspace({ 'stacks/roles.yaml': ROLES_TEMPLATE, 'stacks/app.yaml': APP_TEMPLATE });
    const r = await cli(['check', 'stacks', '--format', 'json'], { cwd: dir });
    assert.equal(r.code, 1, r.stderr);
    const files = JSON.parse(r.stdout).files as JsonFile[];
    const errors = findings(files, 'stacks/app.yaml', 'handoff-trust-mismatch');
    assert.deepEqual(
      errors.map((f) => [f.severity, f.range]),
      [
        ['error', rangeOf(APP_TEMPLATE, '!ImportValue orders-function-role-arn')],
        ['error', rangeOf(APP_TEMPLATE, 'arn:aws:iam::111122223333:role/orders-function')],
      ],
    );
    for (const e of errors) assert.deepEqual(e.related.map((x) => [x.path, x.range]), [['stacks/roles.yaml', rangeOf(ROLES_TEMPLATE, 'states.amazonaws.com')]]);
    const infos = findings(files, 'stacks/roles.yaml', 'handoff-trust-mismatch');
    assert.equal(infos.length, 2);
    for (const i of infos) {
      assert.equal(i.severity, 'info');
      assert.deepEqual(i.range, rangeOf(ROLES_TEMPLATE, 'states.amazonaws.com'));
      assert.equal(i.related[0]?.path, 'stacks/app.yaml');
    }
    // Each template alone: nothing to join.
    const alone = await checkJson(['stacks/app.yaml'], dir);
    assert.deepEqual(findings(alone, 'stacks/app.yaml', 'handoff-trust-mismatch'), []);
  });
});

describe('fix: the workspace\'s findings, fixed in their own file only', () => {
  test('the fix that would trust the service in the other file is not applied; in-file fixes are', async () => {
    // No Version: the one preferred fix in the policy adds it.
    const policy = POLICY.replace('  "Version": "2012-10-17",\n', '');
    const trustText = trust('glue.amazonaws.com');
    const dir = workspace({ 'policies/deploy.json': policy, 'BuildRole-trust-policy.json': trustText });
    const before = await checkJson(['.'], dir);
    const mismatch = findings(before, 'policies/deploy.json', 'passrole-trust-mismatch');
    assert.equal(mismatch.length, 1);
    const r = await cli(['fix', '.'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /^policies\/deploy\.json: fixed 1 \(policy-version\)$/m);
    assert.doesNotMatch(r.stderr, /BuildRole-trust-policy\.json: fixed/);
    assert.equal(fs.readFileSync(path.join(dir, 'BuildRole-trust-policy.json'), 'utf8'), trustText);
    assert.match(fs.readFileSync(path.join(dir, 'policies/deploy.json'), 'utf8'), /"Version": "2012-10-17"/);
    // The mismatch is still there for the user to decide (trust codebuild, or pass the role to glue).
    const after = await checkJson(['.'], dir);
    assert.equal(findings(after, 'policies/deploy.json', 'passrole-trust-mismatch').length, 1);
  });
});

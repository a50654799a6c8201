// The AssumeRole side from the command line: one CloudFormation template where a role trusted by
// ecs-tasks is passed to batch, in English and Japanese, text and JSON.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { cli } from '../support/cli';

const TEMPLATE = 'test/fixtures/cli/ecs-role-passed-to-batch.json';

test('check reports passrole-trust-mismatch on the iam:PassedToService value, and fails on warnings when asked', async () => {
  const r = await cli(['check', TEMPLATE, '--format', 'json', '--fail-on', 'warning']);
  assert.equal(r.code, 1);
  const file = JSON.parse(r.stdout).files[0];
  assert.equal(file.kind, 'cloudformation');
  const mismatch = file.findings.find((f: { ruleId: string; severity: string }) => f.ruleId === 'passrole-trust-mismatch' && f.severity === 'warning');
  assert.deepEqual(mismatch.range, { start: { line: 25, character: 70 }, end: { line: 25, character: 91 } });
  assert.deepEqual(mismatch.fixes.map((f: { title: string }) => f.title), ['Trust batch.amazonaws.com in the trust policy of TaskRole', 'Pass the role to ecs-tasks.amazonaws.com instead']);
  assert.equal((await cli(['check', TEMPLATE])).code, 0, 'no error, so the default --fail-on error passes');
});

test('the same in Japanese', async () => {
  const r = await cli(['check', TEMPLATE, '--lang', 'ja']);
  assert.match(r.stdout, /26:71 warning passrole-trust-mismatch ロール `TaskRole` は `batch\.amazonaws\.com` に渡せますが、その信頼ポリシーが信頼しているのは `ecs-tasks\.amazonaws\.com` です。/);
});

test('SARIF carries the trust policy principal as a related location', async () => {
  const r = await cli(['check', TEMPLATE, '--format', 'sarif']);
  const result = JSON.parse(r.stdout).runs[0].results.find((x: { ruleId: string; level: string }) => x.ruleId === 'passrole-trust-mismatch' && x.level === 'warning');
  assert.equal(result.relatedLocations[0].physicalLocation.region.startLine, 10);
});

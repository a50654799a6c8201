// Large policies through the CLI process: thousands of PassRole statements are checked in time linear in
// their number (a rule that compared every statement with every other took minutes here).
import { after, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cli } from '../support/cli';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iam-role-lens-large-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

/** `count` PassRole statements on every role, and one statement with the actions of a Lambda path. */
function passRoleStatements(count: number): string {
  const statements = Array.from({ length: count }, (_, i) => `    {"Sid": "Pass${i}", "Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}`);
  statements.push('    {"Effect": "Allow", "Action": ["lambda:CreateFunction", "lambda:InvokeFunction"], "Resource": "*"}');
  return `{\n  "Version": "2012-10-17",\n  "Statement": [\n${statements.join(',\n')}\n  ]\n}\n`;
}

test('8,000 PassRole statements: every one is reported, well within the test timeout', { timeout: 30_000 }, async () => {
  const file = path.join(dir, 'passrole-8000.json');
  fs.writeFileSync(file, passRoleStatements(8000));
  const r = await cli(['check', file, '--format', 'json', '--fail-on', 'none']);
  assert.equal(r.code, 0, r.stderr);
  const findings = (JSON.parse(r.stdout) as { files: { findings: { ruleId: string; range: { start: { line: number } } }[] }[] }).files[0]!.findings;
  const escalation = findings.filter((f) => f.ruleId === 'passrole-privilege-escalation');
  assert.equal(escalation.length, 8000);
  assert.deepEqual(
    escalation.slice(0, 3).map((f) => f.range.start.line),
    [3, 4, 5],
  );
});

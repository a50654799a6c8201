// A Terraform plan (`terraform show -json` output) through the real bundle: recognised by its content when named
// on the command line or given on standard input, findings placed on the characters inside the plan's JSON
// strings, roles followed through the configuration's references, no fixes (a plan is generated), and left out
// of a folder walk.
import { after, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FIXTURES } from '../support/paths';
import { cli } from '../support/cli';

const PLAN = 'test/fixtures/cli/plan/plan.json';
const TEXT = fs.readFileSync(path.join(FIXTURES, 'cli', 'plan', 'plan.json'), 'utf8');
const LINES = TEXT.split('\n');

const made: string[] = [];
after(() => made.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

interface Range {
  start: { line: number; character: number };
  end: { line: number; character: number };
}
interface JsonReport {
  files: { path: string; kind: string; findings: { ruleId: string; severity: string; range: Range; fixes: { title: string }[] }[] }[];
}

/** The plan's text a range covers (ranges of one line). */
const at = (r: Range) => {
  assert.equal(r.start.line, r.end.line);
  return LINES[r.start.line]!.slice(r.start.character, r.end.character);
};

describe('Terraform plan', { concurrency: true }, () => {
  test('check reads a plan named on the command line: its policies, its roles and their hand-offs', async () => {
    const r = await cli(['check', PLAN]);
    assert.equal(r.code, 1, r.stderr);
    assert.equal(
      r.stdout,
      [
        `${PLAN}:18:333 warning passrole-wildcard-resource \`iam:PassRole\` is allowed on every role with no \`iam:PassedToService\` condition: the holder can hand any role, including administrator roles, to any service that accepts one.`,
        `${PLAN}:33:128 info handoff-trust-mismatch Role \`orders-function\` is handed to \`lambda.amazonaws.com\` by \`aws_lambda_function.orders.role\`, which this trust policy does not trust.`,
        `  related: ${PLAN}:417:17 aws_lambda_function.orders.role hands the role over here.`,
        `${PLAN}:33:128 info trust-service-confused-deputy \`ecs-tasks.amazonaws.com\` sends \`aws:SourceAccount\` and \`aws:SourceArn\` when it assumes a role, and this statement does not test them: another account's resource of that service could use this role (the confused deputy problem).`,
        `${PLAN}:120:29 error handoff-role-reference This is an instance-profile ARN, but \`role_arn\` takes a role ARN.`,
        `${PLAN}:417:17 error handoff-trust-mismatch \`aws_lambda_function.orders.role\` hands role \`orders-function\` to \`lambda.amazonaws.com\`, but the role's trust policy does not trust it (it trusts \`ecs-tasks.amazonaws.com\`): the service cannot assume the role, so the deployment or the service fails ("cannot be assumed by" the service).`,
        `  related: ${PLAN}:33:128 The trust policy of \`orders-function\`.`,
        '',
      ].join('\n'),
    );
    assert.equal(r.stderr, '1 file checked: 2 errors, 1 warning, 2 info\n');
  });

  test('--format json: kind terraform, ranges on the escaped characters in the plan, no fixes', async () => {
    const r = await cli(['check', PLAN, '--format', 'json']);
    assert.equal(r.code, 1, r.stderr);
    const doc = JSON.parse(r.stdout) as JsonReport;
    assert.equal(doc.files.length, 1);
    assert.equal(doc.files[0]!.kind, 'terraform');
    const found = doc.files[0]!.findings.map((f) => [f.ruleId, at(f.range), f.fixes.length]);
    assert.deepEqual(found, [
      // `"Resource": "*"` inside the policy string: the `"*"` as written there, with its escaped quotes.
      ['passrole-wildcard-resource', '\\"*\\"', 0],
      ['handoff-trust-mismatch', '\\"ecs-tasks.amazonaws.com\\"', 0],
      ['trust-service-confused-deputy', '\\"ecs-tasks.amazonaws.com\\"', 0],
      ['handoff-role-reference', '"arn:aws:iam::111122223333:instance-profile/ci-role"', 0],
      // The function's role is known only after apply: the configuration's reference names it.
      ['handoff-trust-mismatch', '"aws_iam_role.function.arn"', 0],
    ]);
  });

  test('a plan on standard input is known by its content', async () => {
    const r = await cli(['check', '-', '--format', 'json'], { input: TEXT });
    assert.equal(r.code, 1, r.stderr);
    const doc = JSON.parse(r.stdout) as JsonReport;
    assert.deepEqual(doc.files[0]!.findings.map((f) => f.ruleId), ['passrole-wildcard-resource', 'handoff-trust-mismatch', 'trust-service-confused-deputy', 'handoff-role-reference', 'handoff-trust-mismatch']);
  });

  test('fix leaves a plan as it is: it is generated, the configuration is what to fix', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iam-role-lens-plan-'));
    made.push(dir);
    const file = path.join(dir, 'plan.json');
    fs.writeFileSync(file, TEXT);
    const r = await cli(['fix', file]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(fs.readFileSync(file, 'utf8'), TEXT);
  });

  test('graph: the plan\'s roles, who they are handed to, and who may pass them', async () => {
    const r = await cli(['graph', PLAN, '--format', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout) as { roles: { name: string; id: string; source: string; assumedBy: string[]; handedTo: { label: string; trusted: boolean }[]; passedBy: { label: string }[] }[] };
    assert.deepEqual(
      doc.roles.map((x) => [x.id, x.name, x.source, x.assumedBy, x.handedTo.map((h) => [h.label, h.trusted]), x.passedBy.map((p) => p.label)]),
      [
        ['module.ci.aws_iam_role.ci', 'ci-role', 'terraform-plan', ['codebuild.amazonaws.com'], [['module.ci.aws_codebuild_project.build.service_role', true]], ['module.ci.aws_iam_role_policy.ci.policy']],
        // The deployer's grant on `*` names no role: as for the same configuration in .tf files, it is no entry.
        ['aws_iam_role.function', 'orders-function', 'terraform-plan', ['ecs-tasks.amazonaws.com'], [['aws_lambda_function.orders.role', false]], []],
      ],
    );
  });

  test('a folder walk leaves a plan out (it restates the configuration), and says so with --verbose', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iam-role-lens-plan-'));
    made.push(dir);
    fs.writeFileSync(path.join(dir, 'plan.json'), TEXT);
    // Compact, as terraform show -json writes it.
    fs.writeFileSync(path.join(dir, 'compact.json'), JSON.stringify(JSON.parse(TEXT)));
    fs.writeFileSync(path.join(dir, 'policy.json'), '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}]}\n');
    const r = await cli(['check', dir, '--verbose', '--format', 'json']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual((JSON.parse(r.stdout) as JsonReport).files.map((f) => path.basename(f.path)), ['policy.json']);
    assert.equal(
      r.stderr,
      [path.join(dir, 'compact.json'), path.join(dir, 'plan.json')].map((p) => `${p}: a Terraform plan, not checked in a folder walk (name it on the command line to check it)\n`).join(''),
    );
  });
});

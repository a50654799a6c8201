// Terraform through the real bundle (bin/iam-role-lens.js → dist/cli.js, the grammar from dist/hcl/): a folder's
// .tf files walked and read as one module, `fix` writing HCL in place, the grammar loaded before anything is read.
import { after, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FIXTURES, ROOT } from '../support/paths';
import { cli } from '../support/cli';

const DIR = path.join(FIXTURES, 'cli', 'terraform');
const rel = (name: string) => `test/fixtures/cli/terraform/${name}`;

const made: string[] = [];
after(() => made.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function tempCopy(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iam-role-lens-tf-'));
  made.push(dir);
  for (const f of fs.readdirSync(DIR)) if (f.endsWith('.tf')) fs.copyFileSync(path.join(DIR, f), path.join(dir, f));
  return dir;
}

describe('Terraform', { concurrency: true }, () => {
  test('the grammar ships next to the bundle, where the engine looks for it', () => {
    for (const f of ['tree-sitter.wasm', 'tree-sitter-terraform.wasm']) assert.ok(fs.statSync(path.join(ROOT, 'dist', 'hcl', f)).size > 50_000, `dist/hcl/${f}`);
    const ignore = fs.readFileSync(path.join(ROOT, '.vscodeignore'), 'utf8');
    assert.match(ignore, /^!dist\/hcl\/\*\*$/m, 'the VSIX includes dist/hcl/');
  });

  test('check walks a folder\'s .tf files as one module: a hand-off across files, a grant in a data source', async () => {
    const r = await cli(['check', rel('')]);
    assert.equal(r.code, 1, r.stderr);
    assert.equal(
      r.stdout,
      [
        `${rel('deployer.tf')}:10:18 warning passrole-wildcard-resource \`iam:PassRole\` is allowed on every role with no \`iam:PassedToService\` condition: the holder can hand any role, including administrator roles, to any service that accepts one.`,
        `${rel('iam.tf')}:8:22 info handoff-trust-mismatch Role \`orders-function\` is handed to \`lambda.amazonaws.com\` by \`aws_lambda_function.orders.role\` (lambda.tf), which this trust policy does not trust.`,
        `  related: ${rel('lambda.tf')}:3:19 aws_lambda_function.orders.role hands the role over here.`,
        `${rel('iam.tf')}:8:22 info trust-service-confused-deputy \`ecs-tasks.amazonaws.com\` sends \`aws:SourceAccount\` and \`aws:SourceArn\` when it assumes a role, and this statement does not test them: another account's resource of that service could use this role (the confused deputy problem).`,
        `${rel('lambda.tf')}:3:19 error handoff-trust-mismatch \`aws_lambda_function.orders.role\` hands role \`orders-function\` to \`lambda.amazonaws.com\`, but the role's trust policy does not trust it (it trusts \`ecs-tasks.amazonaws.com\`): the service cannot assume the role, so the deployment or the service fails ("cannot be assumed by" the service).`,
        `  related: ${rel('iam.tf')}:8:22 The trust policy of \`orders-function\`.`,
        '',
      ].join('\n'),
    );
    assert.equal(r.stderr, '3 files checked: 1 error, 1 warning, 2 info\n');
  });

  test('--format json: kind terraform, the range of the value that is wrong', async () => {
    const r = await cli(['check', rel('lambda.tf'), rel('iam.tf'), '--format', 'json', '--rule', 'trust-service-confused-deputy=off']);
    assert.equal(r.code, 1, r.stderr);
    const doc = JSON.parse(r.stdout) as { files: { path: string; kind: string; findings: { ruleId: string; range: unknown; fixes: { title: string }[] }[] }[] };
    assert.deepEqual(doc.files.map((f) => [f.path, f.kind, f.findings.map((x) => x.ruleId)]), [
      [rel('lambda.tf'), 'terraform', ['handoff-trust-mismatch']],
      [rel('iam.tf'), 'terraform', ['handoff-trust-mismatch']],
    ]);
    // `aws_iam_role.function.arn` on line 3.
    assert.deepEqual(doc.files[0]!.findings[0]!.range, { start: { line: 2, character: 18 }, end: { line: 2, character: 43 } });
    assert.deepEqual(doc.files[0]!.findings[0]!.fixes.map((f) => f.title), ['Trust lambda.amazonaws.com in the trust policy of orders-function (iam.tf)']);
  });

  test('a .tf file alone, named on the command line, on standard input with a name, and known by its text', async () => {
    const text = fs.readFileSync(path.join(DIR, 'deployer.tf'), 'utf8');
    const runs = await Promise.all([
      cli(['check', rel('deployer.tf'), '--format', 'json']),
      cli(['check', '-', '--stdin-filename', 'deployer.tf', '--format', 'json'], { input: text }),
      // Standard input without a name: the text starts (after a comment) with a Terraform block.
      cli(['check', '-', '--format', 'json'], { input: text }),
    ]);
    for (const r of runs) {
      assert.equal(r.code, 0, r.stderr);
      const doc = JSON.parse(r.stdout) as { files: { kind: string; findings: { ruleId: string; range: unknown }[] }[] };
      assert.equal(doc.files[0]!.kind, 'terraform');
      assert.deepEqual(doc.files[0]!.findings.map((f) => [f.ruleId, f.range]), [['passrole-wildcard-resource', { start: { line: 9, character: 17 }, end: { line: 9, character: 20 } }]]);
    }
  });

  test('fix writes HCL in place: a condition block, aligned as terraform fmt aligns it', async () => {
    const dir = tempCopy();
    const before = fs.readFileSync(path.join(dir, 'deployer.tf'), 'utf8');
    const r = await cli(['fix', dir]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, `${path.join(dir, 'deployer.tf')}: fixed 1 (passrole-wildcard-resource)\n1 finding fixed in 1 file\n`);
    const after = fs.readFileSync(path.join(dir, 'deployer.tf'), 'utf8');
    assert.equal(
      after,
      before.replace(
        '    resources = ["*"]\n  }\n}',
        '    resources = ["*"]\n\n    condition {\n      test     = "StringEquals"\n      variable = "iam:PassedToService"\n      values   = ["lambda.amazonaws.com"]\n    }\n  }\n}',
      ),
    );
    // The other files are as they were: the hand-off's fix edits another file and is never applied by fix.
    for (const f of ['iam.tf', 'lambda.tf']) assert.equal(fs.readFileSync(path.join(dir, f), 'utf8'), fs.readFileSync(path.join(DIR, f), 'utf8'));
    const again = await cli(['check', dir, '--format', 'json']);
    assert.doesNotMatch(again.stdout, /passrole-wildcard-resource/);
  });

  test('graph: the Terraform role with its hand-off across files', async () => {
    const r = await cli(['graph', rel('')]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(
      r.stdout,
      [
        `orders-function (aws_iam_role.function)  ${rel('iam.tf')}:13`,
        '  May be assumed by: ecs-tasks.amazonaws.com',
        '  Handed to:',
        `    lambda.amazonaws.com  by aws_lambda_function.orders.role  ${rel('lambda.tf')}:3  MISMATCH: the role's trust policy does not trust it`,
        // A grant on every role names no role: the map joins grants that name the role.
        '  May be passed by: no PassRole grant in these files',
        '',
      ].join('\n'),
    );
  });
  test('bad Terraform in a walked folder: a sentence each, in bounded time, and the run goes on', { timeout: 60_000 }, async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iam-role-lens-tf-bad-'));
    made.push(dir);
    const resource = (policy: string) => `resource "aws_iam_policy" "p" {\n  name   = "p"\n  policy = ${policy}\n}\n`;
    fs.writeFileSync(path.join(dir, 'bracket.tf'), resource('jsonencode({\n    Statement = [{ Effect = "Allow", Action = "iam:PassRole", Resource = "*" }\n  })'));
    fs.writeFileSync(path.join(dir, 'heredoc.tf'), resource('<<EOF\n{"Statement": []}\nEOT'));
    fs.writeFileSync(path.join(dir, 'deep.tf'), resource(`jsonencode(${'{ a = '.repeat(10_000)}"x"${' }'.repeat(10_000)})`));
    const block = resource('jsonencode({\n    Version   = "2012-10-17"\n    Statement = [{ Effect = "Allow", Action = ["s3:GetObject"], Resource = "*" }]\n  })') + '\n';
    fs.writeFileSync(path.join(dir, 'large.tf'), block.repeat(Math.ceil((10 * 1024 * 1024) / block.length)));
    const r = await cli(['check', dir]);
    assert.equal(r.code, 1, r.stderr);
    const at = (name: string) => path.join(dir, name);
    // `{ a = ` is 6 characters: the 512th object opens at column 12 + 511 * 6 + 1 of line 3.
    assert.equal(
      r.stdout,
      [
        `${at('bracket.tf')}:5:3 error hcl-syntax Invalid HCL: a closing \`]\` is missing here.`,
        `${at('deep.tf')}:3:${12 + 511 * 6 + 1} info analysis-limit The HCL is nested more than 512 levels deep (513+): IAM policies are a few levels deep, so the document was not analysed.`,
        `${at('heredoc.tf')}:3:12 error hcl-syntax Invalid HCL: this heredoc is never closed: no line holds only \`EOF\` after it, so Terraform reads the rest of the file as its text.`,
        `${at('large.tf')}:1:1 info analysis-limit This document is 10.0 MB, over the 5.0 MB limit (setting \`iamRoleLens.maxFileSize\`): it was not analysed.`,
        '',
      ].join('\n'),
    );
    assert.equal(r.stderr, '4 files checked: 2 errors, 0 warnings, 2 info\n');
  });
  test('a .tf.json file in a walk: its data source, its policy strings and hand-offs; fix writes the reference as a template', async () => {
    const r = await cli(['check', 'test/fixtures/cli/tfjson', '--format', 'json']);
    assert.equal(r.code, 1, r.stderr);
    const doc = JSON.parse(r.stdout) as { files: { path: string; kind: string; findings: { ruleId: string; range: { start: { line: number; character: number }; end: { line: number; character: number } }; fixes: { title: string }[] }[] }[] };
    const text = fs.readFileSync(path.join(FIXTURES, 'cli', 'tfjson', 'main.tf.json'), 'utf8');
    const lines = text.split('\n');
    assert.deepEqual(
      doc.files.map((f) => [f.path, f.kind, f.findings.map((x) => [x.ruleId, lines[x.range.start.line]!.slice(x.range.start.character, x.range.end.character), x.fixes.map((fx) => fx.title)])]),
      [
        [
          'test/fixtures/cli/tfjson/main.tf.json',
          'terraform',
          [
            // A data source written as JSON: found, without a fix (the writers do not write Terraform's JSON).
            ['passrole-wildcard-resource', '"*"', []],
            ['handoff-role-reference', '"${aws_iam_role.function.name}"', ['Use aws_iam_role.function.arn']],
          ],
        ],
      ],
    );
    const fixed = await cli(['fix', '--dry-run', 'test/fixtures/cli/tfjson/main.tf.json']);
    assert.equal(fixed.code, 0, fixed.stderr);
    assert.equal(fixed.stdout, text.replace('"${aws_iam_role.function.name}"', '"${aws_iam_role.function.arn}"'));
  });
  test('graph: a trust policy known only at plan time is said to be so, and its hand-offs are no mismatch', async () => {
    const file = 'test/fixtures/rules/handoff-trust-mismatch/dynamic.good.tf';
    const r = await cli(['graph', file]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(
      r.stdout,
      [
        `aws_iam_role.this  ${file}:24`,
        '  May be assumed by: principals known only at plan time',
        '  Handed to:',
        `    ec2.amazonaws.com  by aws_iam_instance_profile.this.role  ${file}:32`,
        '  May be passed by: no PassRole grant in these files',
        '',
        `variable (aws_iam_role.variable)  ${file}:36`,
        '  May be assumed by: ${var.service}, and principals known only at plan time',
        '  Handed to:',
        `    lambda.amazonaws.com  by aws_lambda_function.variable.role  ${file}:46`,
        '  May be passed by: no PassRole grant in these files',
        '',
      ].join('\n'),
    );
    const json = JSON.parse((await cli(['graph', file, '--format', 'json'])).stdout) as { roles: { id: string; trustUnknown?: boolean }[] };
    assert.deepEqual(json.roles.map((x) => [x.id, x.trustUnknown]), [['aws_iam_role.this', true], ['aws_iam_role.variable', true]]);
  });
});

// Roles across files: the workspace index joins a PassRole grant or a hand-off in one file with the role's
// trust policy in another, by the trust-policy file's name, by the roles setting, by RoleName, and by
// CloudFormation exports; an edit in one file changes what the other is told; fixes edit the other file.
import { before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { explain } from '../../server/src/engine/explain';
import { hover } from '../../server/src/engine/hover';
import { initHcl } from '../../server/src/engine/formats/hcl';
import { analyze, applyEdits, preferredEdits, type AnalysisOptions, type Finding, type TextEdit } from '../../server/src/engine';
import { WorkspaceIndex } from '../../server/src/engine/workspace';
import { APP_TEMPLATE, POLICY, ROLES_TEMPLATE, trust } from '../support/roles-workspace';



class Workspace {
  readonly texts = new Map<string, string>();
  readonly roleNames = new Map<string, string>();
  readonly index = new WorkspaceIndex({ load: (file) => (this.texts.has(file) ? { text: this.texts.get(file)!, options: this.options(file) } : undefined) });

  options(file: string): AnalysisOptions {
    const o: AnalysisOptions = { fileName: file, locale: 'en' };
    const name = this.roleNames.get(file);
    if (name) o.roleName = name;
    return o;
  }

  set(file: string, text: string): this {
    this.texts.set(file, text);
    this.index.set(file, text, this.options(file));
    return this;
  }

  findings(file: string, ruleId?: string): Finding[] {
    const all = analyze(this.texts.get(file)!, { ...this.options(file), workspace: this.index }).findings;
    return ruleId ? all.filter((f) => f.ruleId === ruleId) : all;
  }

  /** Applies edits that may be in several files; returns the new texts of the files they touch. */
  apply(current: string, edits: readonly TextEdit[]): Map<string, string> {
    const byFile = new Map<string, TextEdit[]>();
    for (const e of edits) byFile.set(e.file ?? current, [...(byFile.get(e.file ?? current) ?? []), e]);
    return new Map([...byFile].map(([f, es]) => [f, applyEdits(this.texts.get(f)!, es)]));
  }
}

const slice = (text: string, f: { offset: number; length: number }) => text.slice(f.offset, f.offset + f.length);

describe('a PassRole grant and the trust policy of its role in another file', () => {
  for (const trustFile of ['BuildRole.trust.json', 'BuildRole-trust-policy.json', 'BuildRole/trust-policy.json', 'BuildRole/trust.json', 'roles/build.yaml']) {
    test(`found by ${trustFile.startsWith('roles/') ? 'the roles setting' : `the name ${trustFile}`}`, () => {
      const ws = new Workspace();
      if (trustFile.startsWith('roles/')) ws.roleNames.set(trustFile, 'BuildRole');
      const trustText = trustFile.endsWith('.yaml') ? "Version: '2012-10-17'\nStatement:\n  - Effect: Allow\n    Principal: {Service: glue.amazonaws.com}\n    Action: sts:AssumeRole\n" : trust('glue.amazonaws.com');
      ws.set('policies/deploy.json', POLICY).set(trustFile, trustText);
      const pass = ws.findings('policies/deploy.json', 'passrole-trust-mismatch');
      assert.equal(pass.length, 1, JSON.stringify(pass));
      assert.equal(pass[0]!.severity, 'warning');
      assert.equal(slice(POLICY, pass[0]!), '"codebuild.amazonaws.com"');
      assert.equal(pass[0]!.related?.[0]?.file, trustFile);
      assert.equal(slice(trustText, pass[0]!.related[0]), trustFile.endsWith('.yaml') ? 'glue.amazonaws.com' : '"glue.amazonaws.com"');
      // Two infos on the trust side: the grant elsewhere passes it to a service it does not trust, and the
      // service it trusts is one no policy may pass it to.
      const info = ws.findings(trustFile, 'passrole-trust-mismatch');
      assert.deepEqual(info.map((f) => f.severity), ['info', 'info'], JSON.stringify(info));
      const passed = info.find((f) => /may be passed/.test(f.message))!;
      assert.match(passed.message, /BuildRole.*codebuild\.amazonaws\.com.*deploy\.json/);
      assert.equal(passed.related?.[0]?.file, 'policies/deploy.json');
      assert.ok(info.some((f) => /trusts `glue\.amazonaws\.com`, but no PassRole grant/.test(f.message)));

      // The fix trusts the service in the other file; then neither side reports anything.
      const fix = pass[0]!.fixes.find((f) => /Trust codebuild\.amazonaws\.com/.test(f.title))!;
      const changed = ws.apply('policies/deploy.json', fix.edits());
      assert.deepEqual([...changed.keys()], [trustFile]);
      ws.set(trustFile, changed.get(trustFile)!);
      assert.match(ws.texts.get(trustFile)!, /codebuild\.amazonaws\.com/);
      assert.deepEqual(ws.findings('policies/deploy.json', 'passrole-trust-mismatch'), []);
      assert.deepEqual(ws.findings(trustFile, 'passrole-trust-mismatch').map((f) => f.message), ['Role `BuildRole` trusts `glue.amazonaws.com`, but no PassRole grant on it, in this template or elsewhere in the workspace, lets anyone pass it to `glue.amazonaws.com`.']);
    });
  }

  test('a trust policy that trusts the service: nothing on either side', () => {
    const ws = new Workspace().set('policies/deploy.json', POLICY).set('BuildRole-trust-policy.json', trust('codebuild.amazonaws.com'));
    assert.deepEqual(ws.findings('policies/deploy.json', 'passrole-trust-mismatch'), []);
    assert.deepEqual(ws.findings('BuildRole-trust-policy.json', 'passrole-trust-mismatch'), []);
  });

  test('an edit in the trust policy changes the other file\'s findings', () => {
    const ws = new Workspace().set('policies/deploy.json', POLICY).set('BuildRole.trust.json', trust('codebuild.amazonaws.com'));
    assert.deepEqual(ws.findings('policies/deploy.json', 'passrole-trust-mismatch'), []);
    ws.set('BuildRole.trust.json', trust('glue.amazonaws.com'));
    assert.deepEqual(ws.index.related('BuildRole.trust.json'), ['policies/deploy.json']);
    assert.equal(ws.findings('policies/deploy.json', 'passrole-trust-mismatch').length, 1);
  });

  test('two files that stand for the same role name: never guessed at', () => {
    const ws = new Workspace().set('policies/deploy.json', POLICY).set('a/BuildRole.trust.json', trust('glue.amazonaws.com')).set('b/BuildRole.trust.json', trust('codebuild.amazonaws.com'));
    assert.deepEqual(ws.findings('policies/deploy.json', 'passrole-trust-mismatch'), []);
  });

  test('a role that no file defines: nothing', () => {
    const ws = new Workspace().set('policies/deploy.json', POLICY);
    assert.deepEqual(ws.findings('policies/deploy.json', 'passrole-trust-mismatch'), []);
  });
});



describe('a hand-off in one template and the role in another', () => {
  test('by export and by RoleName: an error at each hand-off, one info on the trust policy, a fix in the other file', () => {
    const ws = new Workspace().set('roles.yaml', ROLES_TEMPLATE).set('app.yaml', APP_TEMPLATE);
    const errors = ws.findings('app.yaml', 'handoff-trust-mismatch');
    assert.deepEqual(errors.map((f) => slice(APP_TEMPLATE, f)), ['!ImportValue orders-function-role-arn', 'arn:aws:iam::111122223333:role/orders-function']);
    assert.ok(errors.every((f) => f.severity === 'error' && f.related?.[0]?.file === 'roles.yaml'));
    assert.match(errors[0]!.message, /Function\.Role.*orders-function.*lambda\.amazonaws\.com/);
    const infos = ws.findings('roles.yaml', 'handoff-trust-mismatch');
    assert.equal(infos.length, 2);
    assert.ok(infos.every((f) => f.severity === 'info' && slice(ROLES_TEMPLATE, f) === 'states.amazonaws.com'));
    const fix = errors[0]!.fixes[0]!;
    assert.equal(fix.preferred, undefined, 'trusting one more service is never applied on its own');
    const changed = ws.apply('app.yaml', fix.edits());
    assert.equal(changed.get('roles.yaml'), ROLES_TEMPLATE.replace('                - states.amazonaws.com\n', '                - states.amazonaws.com\n                - lambda.amazonaws.com\n'));
    ws.set('roles.yaml', changed.get('roles.yaml')!);
    assert.deepEqual(ws.findings('app.yaml', 'handoff-trust-mismatch'), []);
    assert.deepEqual(ws.findings('roles.yaml', 'handoff-trust-mismatch'), []);
  });

  test('the role map lists the role with who may assume it and what it is handed to', () => {
    const ws = new Workspace().set('roles.yaml', ROLES_TEMPLATE).set('app.yaml', APP_TEMPLATE);
    const map = ws.index.roleMap();
    const role = map.find((r) => r.role.name === 'orders-function')!;
    assert.deepEqual(role.assumedBy, ['states.amazonaws.com']);
    assert.deepEqual(role.handedTo.map((h) => [h.file, h.label, h.trusted]), [
      ['app.yaml', 'Function.Role', false],
      ['app.yaml', 'Worker.Role', false],
    ]);
  });
});

describe('the hover on a role reference and the explainer', () => {
  test('a hand-off value: who may become the role, what it is handed to, who may pass it, mismatches marked', () => {
    const ws = new Workspace().set('roles.yaml', ROLES_TEMPLATE).set('app.yaml', APP_TEMPLATE);
    const text = ws.texts.get('app.yaml')!;
    const h = hover(text, text.indexOf('!ImportValue') + 3, { ...ws.options('app.yaml'), workspace: ws.index })!;
    assert.equal(text.slice(h.offset, h.offset + h.length), '!ImportValue orders-function-role-arn');
    assert.match(h.markdown, /^\*\*Role `orders-function`\*\* \(roles\.yaml\)/);
    assert.match(h.markdown, /\*\*May be assumed by\*\* `states\.amazonaws\.com`/);
    assert.match(h.markdown, /\*\*Handed to\*\*\n- ✗ `lambda\.amazonaws\.com` · Function\.Role\n- ✗ `lambda\.amazonaws\.com` · Worker\.Role/);
    assert.match(h.markdown, /⚠ Not trusted for `lambda\.amazonaws\.com`/);
  });

  test('the trust policy\'s explainer lists the hand-offs of other files', () => {
    const ws = new Workspace().set('roles.yaml', ROLES_TEMPLATE).set('app.yaml', APP_TEMPLATE);
    const e = explain(ws.texts.get('roles.yaml')!, { ...ws.options('roles.yaml'), workspace: ws.index });
    assert.ok(e.together.lines.some((l) => /✗ `Function\.Role \(app\.yaml\)` hands `orders-function` to `lambda\.amazonaws\.com`/.test(l)), e.together.lines.join('\n'));
  });
});

test('the hover on an AWS managed policy says what it lets its holder pass or assume', () => {
  const text = "AWSTemplateFormatVersion: '2010-09-09'\nTransform: AWS::Serverless-2016-10-31\nResources:\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n      ManagedPolicyArns:\n        - arn:aws:iam::aws:policy/AdministratorAccess\n        - !Sub arn:${AWS::Partition}:iam::aws:policy/AWSBatchFullAccess\n  F:\n    Type: AWS::Serverless::Function\n    Properties:\n      Policies:\n        - AWSLambda_FullAccess\n";
  const md = (needle: string) => hover(text, text.indexOf(needle) + 2, { fileName: 't.yaml' })!.markdown;
  assert.match(md('AdministratorAccess'), /\*\*AWS managed policy `AdministratorAccess`\*\*.*\n\nLets its holder \*\*pass every role\*\* to \*\*every service\*\*.*\n\nLets its holder \*\*assume any role\*\*/);
  assert.match(md('AWSBatchFullAccess'), /\*\*pass\*\* `arn:aws:iam::\*:role\/AWSBatchServiceRole`.* to \*\*any service\*\*/);
  assert.match(md('AWSLambda_FullAccess'), /\*\*pass every role\*\* to `lambda\.amazonaws\.com`/);
  assert.match(hover(text, text.indexOf('AWSLambda_FullAccess') + 2, { fileName: 't.yaml', locale: 'ja' })!.markdown, /AWS 管理ポリシー/);
});

describe('a Terraform module: every .tf file of a folder', () => {
  const IAM = `data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["states.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "function" {
  name               = "orders-function"
  assume_role_policy = data.aws_iam_policy_document.assume.json
}
`;
  const LAMBDA = `resource "aws_lambda_function" "orders" {
  function_name = "orders"
  role          = aws_iam_role.function.arn
  handler       = "index.handler"
  runtime       = "python3.12"
}
`;
  const POLICY = `resource "aws_iam_policy" "deployer" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "iam:PassRole"
      Resource  = aws_iam_role.function.arn
      Condition = { StringEquals = { "iam:PassedToService" = "lambda.amazonaws.com" } }
    }]
  })
}
`;
  before(async () => {
    await initHcl();
  });

  test('the hand-off and the grant in other files of the folder meet the role; the fix edits the data source', () => {
    const ws = new Workspace().set('infra/iam.tf', IAM).set('infra/lambda.tf', LAMBDA).set('infra/policy.tf', POLICY).set('other/lambda.tf', LAMBDA);
    const handoff = ws.findings('infra/lambda.tf', 'handoff-trust-mismatch');
    assert.deepEqual(handoff.map((f) => slice(LAMBDA, f)), ['aws_iam_role.function.arn']);
    assert.match(handoff[0]!.message, /aws_lambda_function\.orders\.role.*orders-function.*lambda\.amazonaws\.com.*states\.amazonaws\.com/);
    assert.equal(handoff[0]!.related?.[0]?.file, 'infra/iam.tf');
    const pass = ws.findings('infra/policy.tf', 'passrole-trust-mismatch');
    assert.deepEqual(pass.map((f) => slice(POLICY, f)), ['"lambda.amazonaws.com"']);
    // The trust side is told, by both rules: handed to Lambda, may be passed to Lambda (and the converse:
    // states is trusted, but nothing passes the role to it).
    const infos = ws.findings('infra/iam.tf').filter((f) => f.severity === 'info' && f.ruleId !== 'trust-service-confused-deputy');
    assert.deepEqual(infos.map((f) => f.ruleId).sort(), ['handoff-trust-mismatch', 'passrole-trust-mismatch', 'passrole-trust-mismatch']);
    assert.ok(infos.every((f) => slice(IAM, f) === '"states.amazonaws.com"'));
    // Another folder is another module: its reference names no role here.
    assert.deepEqual(ws.findings('other/lambda.tf', 'handoff-trust-mismatch'), []);
    const changed = ws.apply('infra/lambda.tf', handoff[0]!.fixes[0]!.edits());
    assert.equal(changed.get('infra/iam.tf'), IAM.replace('identifiers = ["states.amazonaws.com"]', 'identifiers = ["states.amazonaws.com", "lambda.amazonaws.com"]'));
    ws.set('infra/iam.tf', changed.get('infra/iam.tf')!);
    assert.deepEqual(ws.findings('infra/lambda.tf', 'handoff-trust-mismatch'), []);
    assert.deepEqual(ws.findings('infra/policy.tf', 'passrole-trust-mismatch'), []);
  });

  test('a role of the same file given by its ARN is a role: the mismatch only, no role-reference finding', () => {
    const one = `${IAM}\n${LAMBDA}`;
    const ws = new Workspace().set('main.tf', one);
    assert.deepEqual(ws.findings('main.tf', 'handoff-role-reference'), []);
    assert.deepEqual(ws.findings('main.tf', 'handoff-trust-mismatch').filter((f) => f.severity === 'error').map((f) => slice(one, f)), ['aws_iam_role.function.arn']);
  });
});

describe('bulk fixes and other files', () => {
  test('no preferred fix edits another file, and a preferred fix that would is never applied in bulk', () => {
    const ws = new Workspace().set('policies/deploy.json', POLICY).set('BuildRole-trust-policy.json', trust('glue.amazonaws.com')).set('roles.yaml', ROLES_TEMPLATE).set('app.yaml', APP_TEMPLATE);
    for (const file of ws.texts.keys()) {
      for (const f of ws.findings(file)) {
        const preferred = f.fixes.find((x) => x.preferred);
        if (preferred) assert.ok(preferred.edits().every((e) => e.file === undefined), `${file}: ${f.ruleId}: ${preferred.title}`);
      }
    }
    const elsewhere: Finding = { ruleId: 'passrole-trust-mismatch', severity: 'warning', message: 'm', offset: 0, length: 1, fixes: [{ title: 'edit another file', preferred: true, edits: () => [{ offset: 0, length: 0, newText: 'x', file: 'other.json' }] }] };
    const here: Finding = { ...elsewhere, offset: 5, fixes: [{ title: 'edit this file', preferred: true, edits: () => [{ offset: 5, length: 0, newText: 'y' }] }] };
    const { edits, applied } = preferredEdits([elsewhere, here]);
    assert.deepEqual(edits, [{ offset: 5, length: 0, newText: 'y' }]);
    assert.deepEqual(applied, [here]);
  });
});

// Roles across links between files: CloudFormation nested stacks with a local template (Parameters in,
// Outputs out), Terraform local modules (a variable in, an output out), and a Terraform role whose trust
// policy is a JSON file read with file() or templatefile(). Each end is told, fixes edit the other file, and
// what cannot be followed for certain (an S3 URL, a registry module, two callers) is never guessed at.
import { before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { initHcl } from '../../server/src/engine/formats/hcl';
import { hover } from '../../server/src/engine/hover';
import { analyze, applyEdits, type AnalysisOptions, type Finding, type TextEdit } from '../../server/src/engine';
import { WorkspaceIndex } from '../../server/src/engine/workspace';
import { CHILD_APP, CHILD_ROLES, FN_TF, MODULES, PARENT, ROLES_OUTPUTS_TF, ROOT_TF, STACKS, WORKER_TRUST, trustJson } from '../support/roles-links';

class Workspace {
  readonly texts = new Map<string, string>();
  readonly index = new WorkspaceIndex({ load: (file) => (this.texts.has(file) ? { text: this.texts.get(file)!, options: this.options(file) } : undefined) });

  options(file: string): AnalysisOptions {
    return { fileName: file, locale: 'en' };
  }

  set(file: string, text: string): this {
    this.texts.set(file, text);
    this.index.set(file, text, this.options(file));
    return this;
  }

  setAll(files: Record<string, string>): this {
    for (const [f, t] of Object.entries(files)) this.set(f, t);
    return this;
  }

  findings(file: string, ruleId?: string): Finding[] {
    const all = analyze(this.texts.get(file)!, { ...this.options(file), workspace: this.index }).findings;
    return ruleId ? all.filter((f) => f.ruleId === ruleId) : all;
  }

  apply(current: string, edits: readonly TextEdit[]): Map<string, string> {
    const byFile = new Map<string, TextEdit[]>();
    for (const e of edits) byFile.set(e.file ?? current, [...(byFile.get(e.file ?? current) ?? []), e]);
    return new Map([...byFile].map(([f, es]) => [f, applyEdits(this.texts.get(f)!, es)]));
  }
}

const slice = (text: string, f: { offset: number; length: number }) => text.slice(f.offset, f.offset + f.length);

before(async () => {
  await initHcl();
});

/** Every finding of a workspace by rule: file, severity, the text it covers, the related places. */
function summary(ws: Workspace, ruleIds: readonly string[]): string[] {
  const out: string[] = [];
  for (const [file, text] of ws.texts) {
    for (const f of ws.findings(file)) {
      if (!ruleIds.includes(f.ruleId)) continue;
      const related = (f.related ?? []).map((r) => `${r.file ?? file}:${slice(ws.texts.get(r.file ?? file)!, r)}`).join(' ');
      out.push(`${file} ${f.ruleId} ${f.severity} ${slice(text, f)} -> ${related}`);
    }
  }
  return out.sort();
}

const HANDOFF = ['handoff-trust-mismatch', 'handoff-role-reference'];

describe('CloudFormation nested stacks with a local template', () => {
  test('a role passed in through Parameters and a role passed out through Outputs: both ends told', () => {
    const ws = new Workspace().setAll(STACKS);
    assert.deepEqual(summary(ws, HANDOFF), [
      'parent.yaml handoff-trust-mismatch error !GetAtt Roles.Outputs.WorkerRoleArn -> stacks/roles.yaml:ecs-tasks.amazonaws.com',
      'parent.yaml handoff-trust-mismatch info states.amazonaws.com -> stacks/app.yaml:!Ref FunctionRoleArn',
      'stacks/app.yaml handoff-trust-mismatch error !Ref FunctionRoleArn -> parent.yaml:states.amazonaws.com',
      'stacks/roles.yaml handoff-trust-mismatch info ecs-tasks.amazonaws.com -> parent.yaml:!GetAtt Roles.Outputs.WorkerRoleArn',
    ]);
    const [error] = ws.findings('stacks/app.yaml', 'handoff-trust-mismatch');
    assert.match(error!.message, /`Function\.Role` hands role `FunctionRole` to `lambda\.amazonaws\.com`.*trusts `states\.amazonaws\.com`/);
  });

  test('the fix in the child edits the parent, and the fix in the parent edits the child; then nothing is left', () => {
    const ws = new Workspace().setAll(STACKS);
    const inChild = ws.findings('stacks/app.yaml', 'handoff-trust-mismatch')[0]!.fixes;
    assert.deepEqual(inChild.map((f) => f.title), ['Trust lambda.amazonaws.com in the trust policy of FunctionRole (parent.yaml)']);
    const parent = ws.apply('stacks/app.yaml', inChild[0]!.edits()).get('parent.yaml')!;
    assert.equal(parent, PARENT.replace('                - states.amazonaws.com\n', '                - states.amazonaws.com\n                - lambda.amazonaws.com\n'));
    ws.set('parent.yaml', parent);
    const inParent = ws.findings('parent.yaml', 'handoff-trust-mismatch');
    assert.deepEqual(inParent.map((f) => f.severity), ['error']);
    const roles = ws.apply('parent.yaml', inParent[0]!.fixes[0]!.edits()).get('stacks/roles.yaml')!;
    assert.equal(roles, CHILD_ROLES.replace('                - ecs-tasks.amazonaws.com\n', '                - ecs-tasks.amazonaws.com\n                - lambda.amazonaws.com\n'));
    ws.set('stacks/roles.yaml', roles);
    assert.deepEqual(summary(ws, HANDOFF), []);
  });

  test('an edit in the parent changes what the child is told', () => {
    const ws = new Workspace().setAll(STACKS);
    assert.equal(ws.findings('stacks/app.yaml', 'handoff-trust-mismatch').length, 1);
    ws.set('parent.yaml', PARENT.replace('- states.amazonaws.com', '- lambda.amazonaws.com'));
    assert.deepEqual(ws.findings('stacks/app.yaml', 'handoff-trust-mismatch'), []);
  });

  test('the role map links the hand-offs of both templates to the roles', () => {
    const ws = new Workspace().setAll(STACKS);
    assert.deepEqual(
      ws.index.roleMap().map((e) => [e.role.key, e.role.file, e.assumedBy, e.handedTo.map((h) => [h.file, h.label, h.trusted])]),
      [
        ['FunctionRole', 'parent.yaml', ['states.amazonaws.com'], [['stacks/app.yaml', 'Function.Role', false]]],
        ['WorkerRole', 'stacks/roles.yaml', ['ecs-tasks.amazonaws.com'], [['parent.yaml', 'Worker.Role', false]]],
      ],
    );
  });

  test('a SAM application with a local Location links the same way', () => {
    const parent = PARENT.replace('Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: ./stacks/app.yaml', 'Type: AWS::Serverless::Application\n    Properties:\n      Location: ./stacks/app.yaml').replace('AWSTemplateFormatVersion', "Transform: AWS::Serverless-2016-10-31\nAWSTemplateFormatVersion");
    const ws = new Workspace().setAll({ ...STACKS, 'parent.yaml': parent });
    assert.deepEqual(ws.findings('stacks/app.yaml', 'handoff-trust-mismatch').map((f) => slice(CHILD_APP, f)), ['!Ref FunctionRoleArn']);
  });

  test('never guessed: an S3 URL, a Location from the application repository, two parents, a parameter not passed', () => {
    const s3 = PARENT.replace('TemplateURL: ./stacks/app.yaml', 'TemplateURL: https://s3.amazonaws.com/bucket/stacks/app.yaml').replace('TemplateURL: stacks/roles.yaml', 'TemplateURL: s3://bucket/stacks/roles.yaml');
    assert.deepEqual(summary(new Workspace().setAll({ ...STACKS, 'parent.yaml': s3 }), HANDOFF), []);
    const sar = PARENT.replace('Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: ./stacks/app.yaml', 'Type: AWS::Serverless::Application\n    Properties:\n      Location:\n        ApplicationId: arn:aws:serverlessrepo:us-east-1:111122223333:applications/app\n        SemanticVersion: 1.0.0');
    assert.deepEqual(new Workspace().setAll({ ...STACKS, 'parent.yaml': sar }).findings('stacks/app.yaml', 'handoff-trust-mismatch'), []);
    const twice = new Workspace().setAll({ ...STACKS, 'other/parent.yaml': PARENT.replace('./stacks/app.yaml', '../stacks/app.yaml') });
    assert.deepEqual(twice.findings('stacks/app.yaml', 'handoff-trust-mismatch'), []);
    const notPassed = PARENT.replace('      Parameters:\n        FunctionRoleArn: !GetAtt FunctionRole.Arn\n', '');
    assert.deepEqual(new Workspace().setAll({ ...STACKS, 'parent.yaml': notPassed }).findings('stacks/app.yaml', 'handoff-trust-mismatch'), []);
    // An output the child does not have, a child that is not in the workspace.
    const missing = new Workspace().setAll({ 'parent.yaml': PARENT.replace('Roles.Outputs.WorkerRoleArn', 'Roles.Outputs.Nothing'), 'stacks/roles.yaml': CHILD_ROLES });
    assert.deepEqual(summary(missing, HANDOFF), []);
    assert.deepEqual(summary(new Workspace().setAll({ 'parent.yaml': PARENT }), HANDOFF), []);
  });
});

describe('the other rules and the hover follow the same links', () => {
  test('the hover on a parameter used as a hand-off shows the parent\'s role, and the parent\'s hand-offs', () => {
    const ws = new Workspace().setAll(STACKS);
    const h = hover(CHILD_APP, CHILD_APP.indexOf('!Ref FunctionRoleArn') + 6, { ...ws.options('stacks/app.yaml'), workspace: ws.index })!;
    assert.equal(slice(CHILD_APP, h), '!Ref FunctionRoleArn');
    assert.match(h.markdown, /^\*\*Role `FunctionRole`\*\* \(parent\.yaml\)/);
    assert.match(h.markdown, /\*\*May be assumed by\*\* `states\.amazonaws\.com`/);
    assert.match(h.markdown, /\*\*Handed to\*\*\n- ✗ `lambda\.amazonaws\.com` · Function\.Role\n/);
    const out = hover(PARENT, PARENT.indexOf('!GetAtt Roles.Outputs') + 3, { ...ws.options('parent.yaml'), workspace: ws.index })!;
    assert.match(out.markdown, /^\*\*Role `WorkerRole`\*\* \(roles\.yaml\)\n\n\*\*May be assumed by\*\* `ecs-tasks\.amazonaws\.com`/);
  });

  test('a PassRole grant on a parameter of a nested stack meets the parent\'s role', () => {
    const child = `${CHILD_APP}  Deployer:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Action: iam:PassRole
            Resource: !Ref FunctionRoleArn
            Condition:
              StringEquals:
                iam:PassedToService: glue.amazonaws.com
`;
    const ws = new Workspace().setAll({ ...STACKS, 'stacks/app.yaml': child });
    const found = ws.findings('stacks/app.yaml', 'passrole-trust-mismatch');
    assert.deepEqual(found.map((f) => [slice(child, f), f.related?.[0]?.file]), [['glue.amazonaws.com', 'parent.yaml']]);
    assert.ok(ws.findings('parent.yaml', 'passrole-trust-mismatch').some((f) => f.severity === 'info' && f.related?.[0]?.file === 'stacks/app.yaml'));
  });
});

describe('Terraform local modules and trust policies read from a file', () => {
  test('a role handed into a module by a variable, and out of one by an output: both ends told', () => {
    const ws = new Workspace().setAll(MODULES);
    assert.deepEqual(summary(ws, HANDOFF), [
      'infra/main.tf handoff-trust-mismatch error module.roles.worker_role_arn -> infra/modules/roles/trust.json:"ecs-tasks.amazonaws.com"',
      'infra/main.tf handoff-trust-mismatch info "states.amazonaws.com" -> infra/modules/fn/main.tf:var.role_arn',
      'infra/modules/fn/main.tf handoff-trust-mismatch error var.role_arn -> infra/main.tf:"states.amazonaws.com"',
      'infra/modules/roles/trust.json handoff-trust-mismatch info "ecs-tasks.amazonaws.com" -> infra/main.tf:module.roles.worker_role_arn',
    ]);
    const [info] = ws.findings('infra/modules/roles/trust.json', 'handoff-trust-mismatch');
    assert.match(info!.message, /Role `worker` is handed to `lambda\.amazonaws\.com` by `aws_lambda_function\.worker\.role` \(main\.tf\)/);
  });

  test('fixes edit the caller\'s jsonencode and the module\'s trust.json; then nothing is left', () => {
    const ws = new Workspace().setAll(MODULES);
    const inModule = ws.findings('infra/modules/fn/main.tf', 'handoff-trust-mismatch')[0]!.fixes;
    assert.deepEqual(inModule.map((f) => f.title), ['Trust lambda.amazonaws.com in the trust policy of orders-fn (main.tf)']);
    const root = ws.apply('infra/modules/fn/main.tf', inModule[0]!.edits()).get('infra/main.tf')!;
    assert.equal(root, ROOT_TF.replace('Service = ["states.amazonaws.com"]', 'Service = ["states.amazonaws.com", "lambda.amazonaws.com"]'));
    ws.set('infra/main.tf', root);
    const inRoot = ws.findings('infra/main.tf', 'handoff-trust-mismatch');
    assert.deepEqual(inRoot.map((f) => [f.severity, f.fixes.map((x) => x.title)]), [['error', ['Trust lambda.amazonaws.com in the trust policy of worker (trust.json)']]]);
    const trust = ws.apply('infra/main.tf', inRoot[0]!.fixes[0]!.edits()).get('infra/modules/roles/trust.json')!;
    assert.equal(trust, WORKER_TRUST.replace('"Service": "ecs-tasks.amazonaws.com"', '"Service": ["ecs-tasks.amazonaws.com", "lambda.amazonaws.com"]'));
    ws.set('infra/modules/roles/trust.json', trust);
    assert.deepEqual(summary(ws, HANDOFF), []);
  });

  test('an edit of a file a link passes through concerns both ends (the files the server checks again)', () => {
    const ws = new Workspace().setAll({ ...MODULES, ...STACKS, 'infra/modules/roles/lambda.tf': 'resource "aws_lambda_function" "w" {\n  role = aws_iam_role.worker.arn\n}\n' });
    assert.deepEqual(ws.index.related('infra/modules/roles/outputs.tf').sort(), ['infra/main.tf', 'infra/modules/roles/trust.json']);
    assert.deepEqual(ws.index.related('infra/modules/roles/main.tf').sort(), ['infra/main.tf', 'infra/modules/roles/lambda.tf', 'infra/modules/roles/trust.json']);
    assert.deepEqual(ws.index.related('stacks/app.yaml').sort(), ['parent.yaml']);
    // The output renamed: the caller's reference names nothing any more.
    ws.set('infra/modules/roles/outputs.tf', ROLES_OUTPUTS_TF.replace('worker_role_arn', 'arn'));
    assert.deepEqual(ws.findings('infra/main.tf', 'handoff-trust-mismatch').map((f) => f.severity), ['info']);
  });

  test('the role map shows the module role with the trust policy of its file', () => {
    const ws = new Workspace().setAll(MODULES);
    assert.deepEqual(
      ws.index.roleMap().map((e) => [e.role.key, e.role.file, e.assumedBy, e.handedTo.map((h) => [h.file, h.label, h.trusted])]),
      [
        ['aws_iam_role.fn', 'infra/main.tf', ['states.amazonaws.com'], [['infra/modules/fn/main.tf', 'aws_lambda_function.this.role', false]]],
        ['aws_iam_role.worker', 'infra/modules/roles/main.tf', ['ecs-tasks.amazonaws.com'], [['infra/main.tf', 'aws_lambda_function.worker.role', false]]],
      ],
    );
  });

  test('a hand-off in the module that reads the trust file is checked against it', () => {
    const lambda = 'resource "aws_lambda_function" "w" {\n  function_name = "w"\n  role          = aws_iam_role.worker.arn\n}\n';
    const ws = new Workspace().setAll({ ...MODULES, 'infra/modules/roles/lambda.tf': lambda });
    const found = ws.findings('infra/modules/roles/lambda.tf', 'handoff-trust-mismatch');
    assert.deepEqual(found.map((f) => [slice(lambda, f), f.related?.[0]?.file]), [['aws_iam_role.worker.arn', 'infra/modules/roles/trust.json']]);
    ws.set('infra/modules/roles/trust.json', trustJson('lambda.amazonaws.com'));
    assert.deepEqual(ws.findings('infra/modules/roles/lambda.tf', 'handoff-trust-mismatch'), []);
    assert.ok(ws.findings('infra/main.tf', 'handoff-trust-mismatch').every((f) => f.severity === 'info'));
  });

  test('templatefile: placeholders in values that do not change who is trusted are read; in a principal, unknown', () => {
    const tpl = ROLES_TF_TEMPLATE;
    const conditioned = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": { "Service": "ecs-tasks.amazonaws.com" },
      "Action": "sts:AssumeRole",
      "Condition": { "StringEquals": { "aws:SourceAccount": "\${account_id}" } }
    }
  ]
}
`;
    const ws = new Workspace().setAll({ ...MODULES, 'infra/modules/roles/main.tf': tpl, 'infra/modules/roles/trust.json': conditioned });
    assert.deepEqual(ws.findings('infra/main.tf', 'handoff-trust-mismatch').map((f) => slice(ROOT_TF, f)), ['"states.amazonaws.com"', 'module.roles.worker_role_arn']);
    const inPrincipal = conditioned.replace('"Service": "ecs-tasks.amazonaws.com"', '"Service": "\${service}"');
    const unknown = new Workspace().setAll({ ...MODULES, 'infra/modules/roles/main.tf': tpl, 'infra/modules/roles/trust.json': inPrincipal });
    assert.deepEqual(unknown.findings('infra/main.tf', 'handoff-trust-mismatch').map((f) => slice(ROOT_TF, f)), ['"states.amazonaws.com"']);
    // file() reads the text as it is: the same placeholder is then a literal (no service of that name).
    const literal = new Workspace().setAll({ ...MODULES, 'infra/modules/roles/trust.json': inPrincipal });
    assert.deepEqual(literal.findings('infra/main.tf', 'handoff-trust-mismatch').map((f) => slice(ROOT_TF, f)), ['"states.amazonaws.com"', 'module.roles.worker_role_arn']);
  });

  test('never guessed: a registry source, two callers, an argument not passed, a path from the working directory', () => {
    const registry = ROOT_TF.replace('source   = "./modules/fn"', 'source   = "terraform-aws-modules/lambda/aws"').replace('source = "./modules/roles"', 'source = "git::https://example.com/roles.git"');
    assert.deepEqual(summary(new Workspace().setAll({ ...MODULES, 'infra/main.tf': registry }), HANDOFF), []);
    const twice = new Workspace().setAll({ ...MODULES, 'infra/other.tf': 'module "fn2" {\n  source   = "./modules/fn"\n  role_arn = "arn:aws:iam::111122223333:role/elsewhere"\n}\n' });
    assert.deepEqual(twice.findings('infra/modules/fn/main.tf', 'handoff-trust-mismatch'), []);
    const notPassed = new Workspace().setAll({ ...MODULES, 'infra/main.tf': ROOT_TF.replace('  role_arn = aws_iam_role.fn.arn\n', '') });
    assert.deepEqual(notPassed.findings('infra/modules/fn/main.tf', 'handoff-trust-mismatch'), []);
    const cwd = new Workspace().setAll({ ...MODULES, 'infra/modules/roles/main.tf': ROLES_TF_CWD });
    assert.deepEqual(cwd.findings('infra/main.tf', 'handoff-trust-mismatch').map((f) => f.severity), ['info']);
    assert.deepEqual(cwd.findings('infra/modules/roles/trust.json', 'handoff-trust-mismatch'), []);
  });
});

const ROLES_TF_TEMPLATE = `resource "aws_iam_role" "worker" {
  name               = "worker"
  assume_role_policy = templatefile("\${path.module}/trust.json", { account_id = "111122223333" })
}
`;

const ROLES_TF_CWD = `resource "aws_iam_role" "worker" {
  name               = "worker"
  assume_role_policy = file("trust.json")
}
`;

void FN_TF;

// Roles across the files of a workspace, over real stdio JSON-RPC: the server reads the workspace folder in
// the background (with $/progress), joins a PassRole grant or a hand-off in an open file with the role's trust
// policy in a file that is not open, points at it (related information with the other file's URI and range),
// fixes it there (a WorkspaceEdit for the other file), follows edits of open documents, closes and file
// events, and answers the role map. Tests wait on the server's messages, never on sleeps.
import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeAction, Diagnostic, PublishDiagnosticsParams, TextDocumentEdit, TextEdit } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Explanation, RoleMap } from '../../server/src/protocol';
import { LspClient } from '../support/lsp-client';
import { POLICY, trust } from '../support/roles-workspace';



const ROLES_TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  FunctionRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: orders-function
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: { Service: states.amazonaws.com }
            Action: sts:AssumeRole
Outputs:
  FunctionRoleArn:
    Value: !GetAtt FunctionRole.Arn
    Export:
      Name: orders-function-role-arn
`;

const APP_TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Function:
    Type: AWS::Lambda::Function
    Properties:
      Handler: index.handler
      Runtime: python3.12
      Role: !ImportValue orders-function-role-arn
      Code: { ZipFile: 'def handler(e, c): return e' }
`;

const IAM_TF = `data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["states.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "function" {
  name               = "tf-function"
  assume_role_policy = data.aws_iam_policy_document.assume.json
}
`;

const LAMBDA_TF = `resource "aws_lambda_function" "orders" {
  function_name = "orders"
  role          = aws_iam_role.function.arn
  handler       = "index.handler"
  runtime       = "python3.12"
}
`;

const FILES: Record<string, string> = {
  'policies/deploy.json': POLICY,
  'BuildRole-trust-policy.json': trust('glue.amazonaws.com'),
  'stacks/roles.yaml': ROLES_TEMPLATE,
  'stacks/app.yaml': APP_TEMPLATE,
  'infra/iam.tf': IAM_TF,
  'infra/lambda.tf': LAMBDA_TF,
  'node_modules/pkg/BuildRole-trust-policy.json': trust('codebuild.amazonaws.com'),
  'package.json': '{ "name": "not-a-policy" }\n',
};

const uriOf = (root: string, file: string) => pathToFileURL(path.join(root, file)).href;
const textRange = (text: string, d: { range: Diagnostic['range'] }) => {
  const doc = TextDocument.create('x', 'json', 1, text);
  return text.slice(doc.offsetAt(d.range.start), doc.offsetAt(d.range.end));
};
const ofRule = (ds: readonly Diagnostic[], rule: string) => ds.filter((d) => d.code === rule);

function workspace(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'iam-role-lens-ws-'));
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  }
  return root;
}

/** Starts a server on `root`, waits until it has read the workspace (the progress ends). */
async function start(root: string, settings: Record<string, unknown> = {}): Promise<{ client: LspClient; progress: { kind: string; message?: string; percentage?: number }[] }> {
  const client = new LspClient();
  client.settings = settings;
  const progress: { kind: string; message?: string; percentage?: number }[] = [];
  const ended = new Promise<void>((resolve) => {
    client.connection.onNotification('$/progress', (p: { value: { kind: string; message?: string; percentage?: number } }) => {
      progress.push(p.value);
      if (p.value.kind === 'end') resolve();
    });
  });
  await client.initialize({ folders: [pathToFileURL(root).href], progress: true, watchFiles: true });
  await ended;
  return { client, progress };
}

describe('the workspace: roles across files over LSP', () => {
  let root: string;
  let client: LspClient;
  let progress: { kind: string; message?: string; percentage?: number }[];
  const uri = (file: string) => uriOf(root, file);

  before(async () => {
    root = workspace(FILES);
    ({ client, progress } = await start(root));
  });
  after(async () => {
    await client.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  test('the workspace is read in the background with progress, and file watchers are registered', () => {
    assert.equal(progress[0]?.kind, 'begin');
    assert.equal(progress.at(-1)?.kind, 'end');
    assert.match(progress[0].message ?? '', /^0 of \d+ files$/);
    assert.equal(client.progressTokens.length, 1);
    assert.deepEqual(
      client.registrations.filter((r) => r.method === 'workspace/didChangeWatchedFiles').map((r) => r.registerOptions),
      [{ watchers: [{ globPattern: '**/*' }] }],
    );
  });

  test('a PassRole grant in an open file meets the trust policy of a file that is not open; the fix edits that file', async () => {
    const diagnostics = await client.open(uri('policies/deploy.json'), POLICY);
    const mismatch = ofRule(diagnostics, 'passrole-trust-mismatch');
    assert.equal(mismatch.length, 1, JSON.stringify(diagnostics));
    assert.equal(textRange(POLICY, mismatch[0]!), '"codebuild.amazonaws.com"');
    assert.match(mismatch[0]!.message as string, /BuildRole/);
    const related = mismatch[0]!.relatedInformation ?? [];
    assert.equal(related.length, 1);
    assert.equal(related[0]!.location.uri, uri('BuildRole-trust-policy.json'));
    assert.equal(textRange(trust('glue.amazonaws.com'), related[0]!.location), '"glue.amazonaws.com"');

    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: uri('policies/deploy.json') },
      range: mismatch[0]!.range,
      context: { diagnostics: [mismatch[0]] },
    });
    const fix = actions.find((a) => /Trust codebuild\.amazonaws\.com/.test(a.title));
    assert.ok(fix, actions.map((a) => a.title).join('\n'));
    assert.equal(fix.isPreferred, undefined, 'a fix that edits another file is never preferred');
    const changes = fix.edit!.documentChanges as TextDocumentEdit[];
    assert.deepEqual(changes.map((c) => [c.textDocument.uri, c.textDocument.version]), [[uri('BuildRole-trust-policy.json'), null]]);
    const other = TextDocument.create('x', 'json', 1, trust('glue.amazonaws.com'));
    const fixed = TextDocument.applyEdits(other, changes[0]!.edits as TextEdit[]);
    assert.equal(fixed, `{
  "Version": "2012-10-17",
  "Statement": [
    { "Effect": "Allow", "Principal": { "Service": ["glue.amazonaws.com", "codebuild.amazonaws.com"] }, "Action": "sts:AssumeRole" }
  ]
}
`);
  });

  test('a folder the index never enters (node_modules) and a file that is not a policy are not read', async () => {
    const map = await client.request<RoleMap>('iamRoleLens/roleMap', {});
    const files = new Set([...map.roles.map((r) => r.uri), ...map.roles.flatMap((r) => [...r.handedTo, ...r.passedBy].map((u) => u.uri))]);
    assert.ok(![...files].some((f) => f.includes('node_modules') || f.endsWith('package.json')), [...files].join('\n'));
  });

  test('an edit of the open trust policy changes the grant\'s diagnostics; closing it goes back to the disk', async () => {
    const policy = uri('policies/deploy.json');
    const trustUri = uri('BuildRole-trust-policy.json');
    // Opened as on disk: the trust side is told about the grant elsewhere.
    const trustSide = await client.open(trustUri, trust('glue.amazonaws.com'));
    const info = ofRule(trustSide, 'passrole-trust-mismatch').find((d) => typeof d.message === 'string' && /may be passed/.test(d.message));
    assert.ok(info, JSON.stringify(trustSide));
    assert.equal(info.relatedInformation?.[0]?.location.uri, policy);
    assert.equal(textRange(POLICY, info.relatedInformation[0].location), '"arn:aws:iam::111122223333:role/BuildRole"');

    // The trust policy now trusts CodeBuild: the policy's diagnostics are published again without the mismatch.
    const cleared = client.diagnostics(policy, (p) => ofRule(p.diagnostics, 'passrole-trust-mismatch').length === 0);
    await client.change(trustUri, trust('codebuild.amazonaws.com'));
    const published = await cleared;
    assert.equal(published.version, 1, 'the policy itself was not edited');

    // Closed: the index reads the disk again (glue), and the mismatch is back.
    const back = client.diagnostics(policy, (p) => ofRule(p.diagnostics, 'passrole-trust-mismatch').length === 1);
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: trustUri } });
    assert.equal((await back).version, 1);
  });

  test('a file changed on disk (a file event) changes the open grant\'s diagnostics', async () => {
    const policy = uri('policies/deploy.json');
    const trustUri = uri('BuildRole-trust-policy.json');
    const cleared = client.diagnostics(policy, (p) => ofRule(p.diagnostics, 'passrole-trust-mismatch').length === 0);
    fs.writeFileSync(path.join(root, 'BuildRole-trust-policy.json'), trust('codebuild.amazonaws.com'));
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: trustUri, type: 2 }] });
    await cleared;
    // Deleted: no role any more, nothing is guessed.
    fs.writeFileSync(path.join(root, 'BuildRole-trust-policy.json'), trust('glue.amazonaws.com'));
    const back = client.diagnostics(policy, (p) => ofRule(p.diagnostics, 'passrole-trust-mismatch').length === 1);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: trustUri, type: 2 }] });
    await back;
    fs.rmSync(path.join(root, 'BuildRole-trust-policy.json'));
    const gone = client.diagnostics(policy, (p) => ofRule(p.diagnostics, 'passrole-trust-mismatch').length === 0);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: trustUri, type: 3 }] });
    await gone;
    fs.writeFileSync(path.join(root, 'BuildRole-trust-policy.json'), trust('glue.amazonaws.com'));
    const restored = client.diagnostics(policy, (p) => ofRule(p.diagnostics, 'passrole-trust-mismatch').length === 1);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: trustUri, type: 1 }] });
    await restored;
  });

  test('a hand-off in an open template (ImportValue) meets the exported role of a template that is not open', async () => {
    const diagnostics = await client.open(uri('stacks/app.yaml'), APP_TEMPLATE, 'yaml');
    const handoff = ofRule(diagnostics, 'handoff-trust-mismatch');
    assert.equal(handoff.length, 1, JSON.stringify(diagnostics));
    assert.equal(textRange(APP_TEMPLATE, handoff[0]!), '!ImportValue orders-function-role-arn');
    assert.equal(handoff[0]!.relatedInformation?.[0]?.location.uri, uri('stacks/roles.yaml'));
    assert.equal(textRange(ROLES_TEMPLATE, handoff[0]!.relatedInformation[0].location), 'states.amazonaws.com');
  });

  test('a Terraform hand-off meets the role of another .tf file of the module', async () => {
    const diagnostics = await client.open(uri('infra/lambda.tf'), LAMBDA_TF, 'terraform');
    const handoff = ofRule(diagnostics, 'handoff-trust-mismatch');
    assert.equal(handoff.length, 1, JSON.stringify(diagnostics));
    assert.equal(textRange(LAMBDA_TF, handoff[0]!), 'aws_iam_role.function.arn');
    assert.equal(handoff[0]!.relatedInformation?.[0]?.location.uri, uri('infra/iam.tf'));
    assert.equal(textRange(IAM_TF, handoff[0]!.relatedInformation[0].location), '"states.amazonaws.com"');
  });

  test('the role map: every role, who may become it, what it is handed to, who may pass it, mismatches marked', async () => {
    const map = await client.request<RoleMap>('iamRoleLens/roleMap', {});
    assert.equal(map.indexing, false);
    const byName = new Map(map.roles.map((r) => [r.name, r]));
    assert.deepEqual([...byName.keys()].sort(), ['BuildRole', 'orders-function', 'tf-function']);
    const build = byName.get('BuildRole')!;
    assert.equal(build.uri, uri('BuildRole-trust-policy.json'));
    assert.equal(build.source, 'trust-policy-file');
    assert.deepEqual(build.assumedBy, ['glue.amazonaws.com']);
    assert.deepEqual(build.passedBy.map((g) => [g.uri, g.principals, g.trusted, g.range.start.line]), [[uri('policies/deploy.json'), ['codebuild.amazonaws.com'], false, 7]]);
    const orders = byName.get('orders-function')!;
    assert.deepEqual(orders.handedTo.map((h) => [h.label, h.uri, h.principals, h.trusted, h.range.start]), [['Function.Role', uri('stacks/app.yaml'), ['lambda.amazonaws.com'], false, { line: 7, character: 12 }]]);
    const tf = byName.get('tf-function')!;
    assert.equal(tf.source, 'terraform');
    assert.deepEqual(tf.handedTo.map((h) => [h.uri, h.trusted]), [[uri('infra/lambda.tf'), false]]);
  });

  test('the explainer on a role reference says everything known of that role', async () => {
    const line = APP_TEMPLATE.split('\n').findIndex((l) => l.includes('!ImportValue'));
    const e = await client.request<Explanation>('iamRoleLens/explain', { uri: uri('stacks/app.yaml'), position: { line, character: 20 } });
    assert.ok(e.role, JSON.stringify(e));
    assert.equal(e.role.title, 'The role under the cursor');
    assert.match(e.role.lines[0]!, /\*\*Role `orders-function`\*\* \(roles\.yaml\)/);
    assert.ok(e.role.lines.some((l) => /✗ `lambda\.amazonaws\.com` · Function\.Role/.test(l)), e.role.lines.join('\n'));
    const away = await client.request<Explanation>('iamRoleLens/explain', { uri: uri('stacks/app.yaml'), position: { line: 0, character: 0 } });
    assert.equal(away.role, undefined);
  });

  test('a document outside the workspace folder is not part of the workspace', async () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'iam-role-lens-outside-'));
    try {
      const other = pathToFileURL(path.join(outside, 'BuildRole.trust.json')).href;
      await client.open(other, trust('codebuild.amazonaws.com'));
      const map = await client.request<RoleMap>('iamRoleLens/roleMap', {});
      assert.ok(!map.roles.some((r) => r.uri === other));
      await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: other } });
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });

  test('a new role in an open document is announced (the role map changed) and joins the map', async () => {
    const changed = client.notification('iamRoleLens/roleMapChanged');
    await client.open(uri('extra/DeployRole.trust.json'), trust('codepipeline.amazonaws.com'));
    await changed;
    const map = await client.request<RoleMap>('iamRoleLens/roleMap', {});
    assert.ok(map.roles.some((r) => r.name === 'DeployRole' && r.uri === uri('extra/DeployRole.trust.json')));
  });
});

describe('the roles setting names the role of a trust-policy file', () => {
  test('a file whose name says nothing stands for the role the setting gives it', async () => {
    const root = workspace({ 'policies/deploy.json': POLICY, 'iam/build-trust.json': trust('glue.amazonaws.com') });
    const { client } = await start(root, { roles: { BuildRole: 'iam/build-trust.json' } });
    try {
      const diagnostics = await client.open(uriOf(root, 'policies/deploy.json'), POLICY);
      const mismatch = ofRule(diagnostics, 'passrole-trust-mismatch');
      assert.equal(mismatch.length, 1, JSON.stringify(diagnostics));
      assert.equal(mismatch[0]!.relatedInformation?.[0]?.location.uri, uriOf(root, 'iam/build-trust.json'));
      // Without the setting, nothing is guessed.
      const cleared = client.diagnostics(uriOf(root, 'policies/deploy.json'), (p: PublishDiagnosticsParams) => ofRule(p.diagnostics, 'passrole-trust-mismatch').length === 0);
      client.settings = {};
      await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
      await cleared;
    } finally {
      await client.stop();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});

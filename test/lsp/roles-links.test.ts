// Roles across links between files over LSP: a nested stack's child template and its parent, a Terraform
// module and its caller, a Terraform role and the trust.json it reads, some open and some only on disk. Each
// end is told with related information that points at the other file; a fix edits the other file; an edit
// in one file republishes the other's diagnostics. Tests wait on the server's messages, never on sleeps.
import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeAction, Diagnostic, TextDocumentEdit, TextEdit } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { RoleMap } from '../../server/src/protocol';
import { LspClient } from '../support/lsp-client';
import { CHILD_APP, FN_TF, MODULES, PARENT, ROLES_OUTPUTS_TF, ROOT_TF, STACKS, WORKER_TRUST, trustJson, writeTree } from '../support/roles-links';

const textRange = (text: string, d: { range: Diagnostic['range'] }) => {
  const doc = TextDocument.create('x', 'json', 1, text);
  return text.slice(doc.offsetAt(d.range.start), doc.offsetAt(d.range.end));
};
const handoffs = (ds: readonly Diagnostic[]) => ds.filter((d) => d.code === 'handoff-trust-mismatch');

describe('roles across nested stacks, modules and trust files over LSP', () => {
  let root: string;
  let client: LspClient;
  const uri = (file: string) => pathToFileURL(path.join(root, file)).href;

  before(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'iam-role-lens-links-'));
    writeTree(root, { ...STACKS, ...MODULES });
    client = new LspClient();
    const ended = new Promise<void>((resolve) => {
      client.connection.onNotification('$/progress', (p: { value: { kind: string } }) => {
        if (p.value.kind === 'end') resolve();
      });
    });
    await client.initialize({ folders: [pathToFileURL(root).href], progress: true, watchFiles: true });
    await ended;
  });
  after(async () => {
    await client.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  test('an open child template meets the role its parent (not open) passes in; the fix edits the parent', async () => {
    const diagnostics = handoffs(await client.open(uri('stacks/app.yaml'), CHILD_APP, 'yaml'));
    assert.deepEqual(diagnostics.map((d) => [d.severity, textRange(CHILD_APP, d)]), [[1, '!Ref FunctionRoleArn']]);
    const related = diagnostics[0]!.relatedInformation ?? [];
    assert.deepEqual(related.map((r) => [r.location.uri, textRange(PARENT, r.location)]), [[uri('parent.yaml'), 'states.amazonaws.com']]);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: uri('stacks/app.yaml') }, range: diagnostics[0]!.range, context: { diagnostics: [diagnostics[0]] } });
    const fix = actions.find((a) => /Trust lambda\.amazonaws\.com/.test(a.title));
    assert.ok(fix, actions.map((a) => a.title).join('\n'));
    const changes = fix.edit!.documentChanges as TextDocumentEdit[];
    assert.deepEqual(changes.map((c) => c.textDocument.uri), [uri('parent.yaml')]);
    const fixed = TextDocument.applyEdits(TextDocument.create('x', 'yaml', 1, PARENT), changes[0]!.edits as TextEdit[]);
    assert.equal(fixed, PARENT.replace('                - states.amazonaws.com\n', '                - states.amazonaws.com\n                - lambda.amazonaws.com\n'));
  });

  test('the open parent is told of the child\'s hand-off; an edit in the parent republishes the child', async () => {
    const parent = handoffs(await client.open(uri('parent.yaml'), PARENT, 'yaml'));
    const info = parent.find((d) => d.severity === 3);
    assert.ok(info, JSON.stringify(parent));
    assert.equal(textRange(PARENT, info), 'states.amazonaws.com');
    assert.deepEqual(info.relatedInformation?.map((r) => [r.location.uri, textRange(CHILD_APP, r.location)]), [[uri('stacks/app.yaml'), '!Ref FunctionRoleArn']]);
    const error = parent.find((d) => d.severity === 1)!;
    assert.equal(textRange(PARENT, error), '!GetAtt Roles.Outputs.WorkerRoleArn');
    assert.equal(error.relatedInformation?.[0]?.location.uri, uri('stacks/roles.yaml'));

    const cleared = client.diagnostics(uri('stacks/app.yaml'), (p) => handoffs(p.diagnostics).length === 0);
    await client.change(uri('parent.yaml'), PARENT.replace('- states.amazonaws.com', '- lambda.amazonaws.com'));
    assert.equal((await cleared).version, 1, 'the child itself was not edited');
    const back = client.diagnostics(uri('stacks/app.yaml'), (p) => handoffs(p.diagnostics).length === 1);
    await client.change(uri('parent.yaml'), PARENT);
    await back;
  });

  test('a module\'s variable meets the caller\'s role; the caller\'s module output meets a role whose trust is a file', async () => {
    const inModule = handoffs(await client.open(uri('infra/modules/fn/main.tf'), FN_TF, 'terraform'));
    assert.deepEqual(inModule.map((d) => [textRange(FN_TF, d), d.relatedInformation?.[0]?.location.uri]), [['var.role_arn', uri('infra/main.tf')]]);
    const caller = handoffs(await client.open(uri('infra/main.tf'), ROOT_TF, 'terraform'));
    const error = caller.find((d) => d.severity === 1)!;
    assert.equal(textRange(ROOT_TF, error), 'module.roles.worker_role_arn');
    assert.deepEqual(error.relatedInformation?.map((r) => [r.location.uri, textRange(WORKER_TRUST, r.location)]), [[uri('infra/modules/roles/trust.json'), '"ecs-tasks.amazonaws.com"']]);

    // The trust file, opened, is told; trusting Lambda there clears the caller's error.
    const trustSide = handoffs(await client.open(uri('infra/modules/roles/trust.json'), WORKER_TRUST));
    assert.deepEqual(trustSide.map((d) => [d.severity, textRange(WORKER_TRUST, d), d.relatedInformation?.[0]?.location.uri]), [[3, '"ecs-tasks.amazonaws.com"', uri('infra/main.tf')]]);
    const cleared = client.diagnostics(uri('infra/main.tf'), (p) => !handoffs(p.diagnostics).some((d) => d.severity === 1));
    await client.change(uri('infra/modules/roles/trust.json'), trustJson('lambda.amazonaws.com'));
    assert.equal((await cleared).version, 1);
  });

  test('an edit of the module\'s outputs.tf (open, neither hand-off nor role) republishes the caller', async () => {
    const back = client.diagnostics(uri('infra/main.tf'), (p) => handoffs(p.diagnostics).some((d) => d.severity === 1));
    await client.change(uri('infra/modules/roles/trust.json'), WORKER_TRUST);
    await back;
    await client.open(uri('infra/modules/roles/outputs.tf'), ROLES_OUTPUTS_TF, 'terraform');
    const gone = client.diagnostics(uri('infra/main.tf'), (p) => !handoffs(p.diagnostics).some((d) => d.severity === 1));
    await client.change(uri('infra/modules/roles/outputs.tf'), ROLES_OUTPUTS_TF.replace('worker_role_arn', 'arn'));
    assert.equal((await gone).version, 1, 'the caller itself was not edited');
    const again = client.diagnostics(uri('infra/main.tf'), (p) => handoffs(p.diagnostics).some((d) => d.severity === 1));
    await client.change(uri('infra/modules/roles/outputs.tf'), ROLES_OUTPUTS_TF);
    await again;
  });

  test('the role map lists each role once with the hand-offs across the links', async () => {
    const map = await client.request<RoleMap>('iamRoleLens/roleMap', {});
    const row = (name: string) => map.roles.find((r) => r.name === name)!;
    assert.deepEqual(row('FunctionRole').handedTo.map((h) => [h.label, h.uri]), [['Function.Role', uri('stacks/app.yaml')]]);
    assert.deepEqual(row('WorkerRole').handedTo.map((h) => [h.label, h.uri]), [['Worker.Role', uri('parent.yaml')]]);
    assert.deepEqual([row('worker').uri, row('worker').assumedBy, row('worker').handedTo.map((h) => h.uri)], [uri('infra/modules/roles/main.tf'), ['ecs-tasks.amazonaws.com'], [uri('infra/main.tf')]]);
    assert.deepEqual(row('orders-fn').handedTo.map((h) => [h.label, h.uri]), [['aws_lambda_function.this.role', uri('infra/modules/fn/main.tf')]]);
    // trust.json is the worker role's, not a role named after its folder.
    assert.ok(!map.roles.some((r) => r.name === 'roles'), map.roles.map((r) => r.name).join(', '));
  });
});

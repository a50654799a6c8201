// The language server on Terraform documents over real stdio JSON-RPC: the grammar loaded before the first
// analysis (diagnostics on open, none saying it is not ready), the language ids of the Terraform and OpenTofu
// extensions and `.tf` by name, hovers and completion inside a policy document, a quick fix writing HCL.
import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { CodeAction, CompletionList, Hover, TextEdit, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LspClient } from '../support/lsp-client';

const MODULE = `data "aws_iam_policy_document" "deploy" {
  statement {
    actions   = ["lambda:CreateFunction", "iam:PassRole"]
    resources = ["*"]
  }
}

resource "aws_iam_policy" "deploy" {
  name   = "deploy"
  policy = data.aws_iam_policy_document.deploy.json
}
`;

const doc = (text: string) => TextDocument.create('file:///w/main.tf', 'terraform', 1, text);
const at = (text: string, needle: string, delta: number) => doc(text).positionAt(text.indexOf(needle) + delta);

function apply(text: string, edit: WorkspaceEdit): string {
  const change = edit.documentChanges![0] as { edits: TextEdit[] };
  return TextDocument.applyEdits(doc(text), change.edits);
}

describe('language server on Terraform documents', () => {
  const client = new LspClient();
  before(async () => {
    await client.initialize({ locale: 'en' });
  });
  after(() => client.stop());

  test('a .tf file gets its diagnostics on open, whatever the editor calls its language', async () => {
    for (const [uri, languageId] of [
      ['file:///w/main.tf', 'terraform'],
      ['file:///w/tofu/main.tf', 'opentofu'],
      ['file:///w/plain/main.tf', 'plaintext'],
    ] as const) {
      const diags = await client.open(uri, MODULE, languageId);
      assert.deepEqual(
        diags.map((d) => [d.code, MODULE.split('\n')[d.range.start.line]!.slice(d.range.start.character, d.range.end.character)]),
        [['passrole-wildcard-resource', '"*"']],
        `${languageId}: ${JSON.stringify(diags.map((d) => d.message))}`,
      );
    }
  });

  test('a hover on an action inside an aws_iam_policy_document', async () => {
    const h = await client.request<Hover>('textDocument/hover', { textDocument: { uri: 'file:///w/main.tf' }, position: at(MODULE, 'iam:PassRole', 3) });
    assert.match((h.contents as unknown as { value: string }).value, /^\*\*`iam:PassRole`\*\*: permission to \*hand a role over\*/);
  });

  test('completion of an action and of a condition key, replacing the quoted string', async () => {
    const uri = 'file:///w/typing.tf';
    const text = MODULE.replace('["lambda:CreateFunction", "iam:PassRole"]\n    resources = ["*"]\n', '["lambda:CreateFunction", "iam:PassRole", "s3:GetObj"]\n    resources = ["*"]\n\n    condition {\n      test     = "StringEquals"\n      variable = "iam:"\n      values   = ["lambda.amazonaws.com"]\n    }\n');
    await client.open(uri, text, 'terraform');
    const actions = await client.request<CompletionList>('textDocument/completion', { textDocument: { uri }, position: at(text, 's3:GetObj"', 9) });
    const getObject = actions.items.find((i) => i.label === 's3:GetObject');
    assert.ok(getObject, actions.items.map((i) => i.label).slice(0, 20).join(', '));
    assert.equal((getObject.textEdit as TextEdit).newText, '"s3:GetObject"');
    const s3 = at(text, '"s3:GetObj"', 0);
    assert.deepEqual((getObject.textEdit as TextEdit).range, { start: s3, end: { line: s3.line, character: s3.character + '"s3:GetObj"'.length } });
    const keys = await client.request<CompletionList>('textDocument/completion', { textDocument: { uri }, position: at(text, 'variable = "iam:"', 16) });
    assert.equal(keys.items[0]?.label ?? keys.items.find((i) => i.preselect)?.label, 'iam:PassedToService');
  });

  test('the preferred quick fix writes HCL: iam:PassRole in its own statement with a condition block', async () => {
    const uri = 'file:///w/main.tf';
    const d = client.published.filter((p) => p.uri === uri).pop()!.diagnostics.find((x) => x.code === 'passrole-wildcard-resource')!;
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
    const preferred = actions.find((a) => a.isPreferred);
    assert.ok(preferred, actions.map((a) => a.title).join(', '));
    assert.equal(preferred.title, 'Move iam:PassRole to its own statement with iam:PassedToService: lambda.amazonaws.com');
    const fixed = apply(MODULE, preferred.edit!);
    assert.equal(
      fixed,
      MODULE.replace(
        '    actions   = ["lambda:CreateFunction", "iam:PassRole"]\n    resources = ["*"]\n  }\n',
        '    actions   = ["lambda:CreateFunction"]\n    resources = ["*"]\n  }\n\n  statement {\n    effect    = "Allow"\n    actions   = ["iam:PassRole"]\n    resources = ["*"]\n\n    condition {\n      test     = "StringEquals"\n      variable = "iam:PassedToService"\n      values   = ["lambda.amazonaws.com"]\n    }\n  }\n',
      ),
    );
    const after = await client.change(uri, fixed);
    assert.deepEqual(after, []);
  });
});

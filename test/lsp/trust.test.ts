// The AssumeRole side through the language server: a CloudFormation template whose role trusts
// ecs-tasks while a policy passes it to batch, with related information, in English and Japanese.
import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Diagnostic, Hover } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LspClient } from '../support/lsp-client';
import { FIXTURES } from '../support/paths';

const TEMPLATE = fs.readFileSync(path.join(FIXTURES, 'cli', 'ecs-role-passed-to-batch.json'), 'utf8');
const URI = 'file:///w/stack.json';
const text = (d: Diagnostic) => (typeof d.message === 'string' ? d.message : d.message.value);

for (const locale of ['en', 'ja'] as const) {
  describe(`passrole-trust-mismatch over LSP (${locale})`, () => {
    const client = new LspClient();
    before(() => client.initialize({ locale }));
    after(() => client.stop());

    test('the warning sits on the iam:PassedToService value and points at the trust principal', async () => {
      const diags = await client.open(URI, TEMPLATE);
      const d = diags.find((x) => x.code === 'passrole-trust-mismatch' && x.severity === 2)!;
      assert.ok(d, JSON.stringify(diags.map((x) => x.code)));
      assert.deepEqual(d.range, { start: { line: 25, character: 70 }, end: { line: 25, character: 91 } });
      assert.equal(d.relatedInformation![0]!.location.uri, URI);
      assert.deepEqual(d.relatedInformation![0]!.location.range, { start: { line: 9, character: 59 }, end: { line: 9, character: 84 } });
      assert.match(text(d), locale === 'ja' ? /信頼ポリシーが信頼しているのは `ecs-tasks\.amazonaws\.com` です/ : /its trust policy trusts `ecs-tasks\.amazonaws\.com`/);
      const doc = TextDocument.create(URI, 'json', 1, TEMPLATE);
      const h = await client.request<Hover>('textDocument/hover', { textDocument: { uri: URI }, position: doc.positionAt(TEMPLATE.indexOf('"TaskRole", "Arn"') + 2) });
      assert.match((h.contents as unknown as { value: string }).value, locale === 'ja' ? /サービスはロールを引き受けられません/ : /Not trusted for `batch\.amazonaws\.com`/);
      const info = await client.request<{ kind: string }>('iamRoleLens/documentInfo', { uri: URI });
      assert.equal(info.kind, 'cloudformation');
    });
  });
}

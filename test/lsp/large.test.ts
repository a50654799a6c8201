// Large documents through the real server: a CloudFormation template over 256 KB is analysed on the
// worker thread; its diagnostics must be the engine's, requests for other documents are answered while it
// runs, and its quick fixes are still offered (computed by the worker, which keeps the document).
import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { CodeAction, Diagnostic, Hover, TextEdit, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze } from '../../server/src/engine';
import { LspClient } from '../support/lsp-client';
import { template } from '../support/template';

const SMALL = `{
  "Version": "2012-10-17",
  "Statement": [{ "Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::111122223333:role/app" }]
}
`;

function plain(d: Diagnostic): { code: string; start: number; end: number; message: string } {
  return { code: String(d.code), start: d.range.start.line * 1e6 + d.range.start.character, end: d.range.end.line * 1e6 + d.range.end.character, message: typeof d.message === 'string' ? d.message : d.message.value };
}

describe('large documents over stdio', () => {
  const client = new LspClient();
  const text = template(2000);
  const uri = 'file:///w/stack.template.json';
  before(async () => {
    await client.initialize({ locale: 'en' });
    assert.ok(text.length > 900 * 1024, `template is ${text.length} bytes`);
  });
  after(() => client.stop());

  test('a template over 256 KB is analysed on the worker thread and gets exactly the engine\'s findings', async () => {
    const diags = await client.open(uri, text);
    const doc = TextDocument.create(uri, 'json', 1, text);
    const expected = analyze(text, { locale: 'en', fileName: '/w/stack.template.json' }).findings.map((f) => ({
      code: f.ruleId,
      start: doc.positionAt(f.offset).line * 1e6 + doc.positionAt(f.offset).character,
      end: doc.positionAt(f.offset + f.length).line * 1e6 + doc.positionAt(f.offset + f.length).character,
      message: f.message,
    }));
    assert.ok(expected.some((f) => f.code === 'passrole-wildcard-resource'));
    assert.deepEqual(diags.map(plain), expected);
    const logs = client.notifications.filter((n) => n.method === 'window/logMessage').map((n) => (n.params as { message: string }).message);
    assert.ok(logs.some((m) => /analysis worker started for documents over 256 KB/.test(m)), logs.join('\n'));
    const star = diags.find((d) => d.code === 'passrole-wildcard-resource')!;
    const at = doc.offsetAt(star.range.start);
    assert.equal(text.slice(at, doc.offsetAt(star.range.end)), '"*"');
    assert.ok(at > text.length - 400, 'the finding is in the last policy of the template');
  });

  test('while a template is analysed, hovers on another document keep being answered', async () => {
    await client.open('file:///w/small.json', SMALL);
    // didOpen is analysed at once (no debounce). Hovers are sent one after another until the template's
    // diagnostics arrive: a blocked event loop would answer at most the one or two sent before the
    // analysis began, and only after the diagnostics.
    const copy = 'file:///w/stack-copy.template.json';
    let diagnosed = false;
    const published = client.open(copy, text).then((d) => {
      diagnosed = true;
      return d;
    });
    let answeredBefore = 0;
    while (!diagnosed) {
      const h = await client.request<Hover>('textDocument/hover', { textDocument: { uri: 'file:///w/small.json' }, position: { line: 2, character: 50 } });
      assert.match((h.contents as unknown as { value: string }).value, /iam:PassRole/);
      if (!diagnosed) answeredBefore++;
    }
    assert.ok((await published).some((d) => d.code === 'passrole-wildcard-resource'));
    assert.ok(answeredBefore >= 10, `${answeredBefore} hovers answered during the analysis`);
  });

  test('the quick fix on the large template is offered, keeps JSON valid and removes the finding', async () => {
    const current = client.published.filter((p) => p.uri === uri).pop()!;
    assert.equal(current.version, client.version(uri));
    const d = current.diagnostics.find((x) => x.code === 'passrole-wildcard-resource')!;
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
    const preferred = actions.find((a) => a.isPreferred);
    assert.ok(preferred, actions.map((a) => a.title).join('\n'));
    assert.equal(preferred.title, 'Add iam:PassedToService condition: lambda.amazonaws.com');
    const before = text;
    const change = (preferred.edit as WorkspaceEdit).documentChanges![0] as { edits: TextEdit[] };
    const fixed = TextDocument.applyEdits(TextDocument.create(uri, 'json', 1, before), change.edits);
    assert.doesNotThrow(() => JSON.parse(fixed));
    const after = await client.change(uri, fixed);
    assert.deepEqual(after.filter((x) => x.code === 'passrole-wildcard-resource' || x.code === 'passrole-missing-passed-to-service'), []);
  });
});

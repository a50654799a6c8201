// The large-document path through the real server: the analysis worker keeps documents over 256 KB, gets
// their edits, analyses only the newest version, and answers what requests need of them, so the server's
// thread stays free; results of a text that was edited, closed or replaced are never published.
import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { CodeAction, Diagnostic, Hover, Range } from 'vscode-languageserver-protocol';
import { ResponseError } from 'vscode-jsonrpc';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { expected, plain } from '../support/diagnostics';
import { AnalysisTraceNotification, type AnalysisTraceParams } from '../../server/src/protocol';
import { LspClient } from '../support/lsp-client';
import { template } from '../support/template';

const SMALL = `{
  "Version": "2012-10-17",
  "Statement": [{ "Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::111122223333:role/app" }]
}
`;
const SMALL_HOVER = { line: 2, character: 50 };

/** The range of the `n`th occurrence of `needle` (0-based) in `text`. */
function rangeOf(text: string, needle: string, n = 0): Range {
  let at = -1;
  for (let i = 0; i <= n; i++) at = text.indexOf(needle, at + 1);
  assert.ok(at >= 0, `${needle} #${n} not found`);
  const doc = TextDocument.create('file:///x', 'json', 1, text);
  return { start: doc.positionAt(at), end: doc.positionAt(at + needle.length) };
}

const now = () => performance.now();

describe('the analysis worker keeps large documents', () => {
  const client = new LspClient();
  // Each edit is analysed at once: nothing merges them but the server itself.
  client.settings = { debounceMs: 0 };
  const text = template(2000);
  before(async () => {
    await client.initialize({ locale: 'en', analysisTrace: true });
    await client.open('file:///w/small.json', SMALL);
  });
  after(() => client.stop());

  test('edits reach the worker as changes: the diagnostics are the engine\'s for the edited text', { timeout: 30_000 }, async () => {
    const uri = 'file:///w/edited.template.json';
    await client.open(uri, text);
    let local = TextDocument.create(uri, 'json', 1, text);
    // Three edits in one change event and one on its own: a role renamed, a Resource widened, a line added.
    const first = [
      { range: rangeOf(local.getText(), '"Role7"'), text: '"Role7b"' },
      { range: rangeOf(local.getText(), '"arn:aws:s3:::bucket-3/*"'), text: '"*"' },
    ];
    local = TextDocument.update(local, first, 2);
    await client.edit(uri, first);
    const second = [{ range: rangeOf(local.getText(), '"Resource": {', 5), text: '"Resource": "*", "Condition": {},\n"NotResource": {' }];
    local = TextDocument.update(local, second, 3);
    const next = client.diagnostics(uri, (p) => p.version === 3);
    await client.edit(uri, second);
    const got = (await next).diagnostics.map(plain);
    assert.deepEqual(got, expected(uri, local.getText(), '/w/edited.template.json'));
    assert.ok(got.some((d) => d.startsWith('policy-structure')), 'the last edit is in the analysed text');
  });

  test('ten edits in a row: each newer version supersedes the one before, and only the last is published last', { timeout: 30_000 }, async () => {
    const uri = 'file:///w/typing.template.json';
    await client.open(uri, text);
    // Sent as fast as the client can: the worker is still on the first when the others arrive.
    let version = 1;
    for (let i = 0; i < 10; i++) version = await client.edit(uri, [{ range: rangeOf(text, 'bucket-0/'), text: i % 2 ? 'bucket-Q/' : 'bucket-R/' }]);
    const published = client.published.length;
    await client.diagnostics(uri, (p) => p.version === version);
    // What the worker did with the ten versions (iamRoleLens/analysisTrace): a version that a newer one
    // superseded was stopped, or skipped unread; analysing all ten in turn is what this must not do.
    const traced = client.notifications.filter((n) => n.method === AnalysisTraceNotification).map((n) => n.params as AnalysisTraceParams).filter((p) => p.uri === uri && p.version > 1);
    const analysed = new Set(traced.filter((p) => p.event === 'analyzed').map((p) => p.version));
    assert.ok(analysed.has(version), 'the last version is analysed');
    assert.ok(analysed.size <= 5, `versions analysed to the end: ${[...analysed].join(', ')}`);
    const versions = client.published.slice(published).filter((p) => p.uri === uri).map((p) => p.version);
    assert.equal(versions[versions.length - 1], version);
    assert.deepEqual(versions, [...versions].sort((a, b) => (a ?? 0) - (b ?? 0)), 'published in version order');
  });

  test('code actions on a large document never analyse on the server thread: hovers elsewhere stay quick', { timeout: 30_000 }, async () => {
    const uri = 'file:///w/actions.template.json';
    const diagnostics = await client.open(uri, text);
    const ours = diagnostics.find((d) => d.code === 'passrole-wildcard-resource')!;
    const foreign: Diagnostic = { range: rangeOf(text, '"Resources"'), message: 'from another linter', source: 'other' };
    const hoverTimes: number[] = [];
    for (let i = 0; i < 5; i++) {
      const v = await client.edit(uri, [{ range: rangeOf(text, 'bucket-1/'), text: i % 2 ? 'bucket-1/' : 'bucket-Q/' }]);
      // As an editor does on every cursor move: code actions for the line, with the diagnostics there.
      const actions = client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: foreign.range, context: { diagnostics: [foreign] } });
      const start = now();
      const h = await client.request<Hover>('textDocument/hover', { textDocument: { uri: 'file:///w/small.json' }, position: SMALL_HOVER });
      hoverTimes.push(now() - start);
      assert.match((h.contents as { value: string }).value, /iam:PassRole/);
      assert.deepEqual(await actions, []);
      await client.diagnostics(uri, (p) => p.version === v);
    }
    assert.ok(Math.max(...hoverTimes) < 250, `hovers took ${hoverTimes.map((t) => t.toFixed(0)).join(', ')} ms`);
    // A diagnostic of ours still gets its fix, computed by the worker.
    const current = client.published.filter((p) => p.uri === uri).pop()!;
    const d = current.diagnostics.find((x) => x.code === 'passrole-wildcard-resource' && x.range.start.line === ours.range.start.line)!;
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
    assert.equal(actions.find((a) => a.isPreferred)?.title, 'Add iam:PassedToService condition: lambda.amazonaws.com');
  });

  test('documentInfo on a large document is answered from the worker\'s analysis', { timeout: 30_000 }, async () => {
    const uri = 'file:///w/info.template.json';
    await client.open(uri, text);
    const info = await client.request<{ kind: string; findings: { warning: number } }>('iamRoleLens/documentInfo', { uri });
    assert.equal(info.kind, 'cloudformation');
    assert.ok(info.findings.warning >= 1);
  });
});

describe('requests before initialize', () => {
  const client = new LspClient();
  after(() => client.stop());

  test('are refused with ServerNotInitialized', { timeout: 30_000 }, async () => {
    const error = await client.request('textDocument/hover', { textDocument: { uri: 'file:///w/x.json' }, position: { line: 0, character: 0 } }).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(error instanceof ResponseError, `answered instead of refused: ${JSON.stringify(error)}`);
    assert.equal(error.code, -32002);
    await client.initialize();
    assert.equal(await client.request('textDocument/hover', { textDocument: { uri: 'file:///w/x.json' }, position: { line: 0, character: 0 } }), null);
  });
});

describe('a large document closed and reopened', () => {
  const client = new LspClient();
  const text = template(2000);
  before(() => client.initialize({ locale: 'en' }));
  after(() => client.stop());

  test('a document closed while the worker analyses it and reopened short: its own diagnostics are published last', { timeout: 30_000 }, async () => {
    const uri = 'file:///w/reopened.json';
    // Closed once the worker has started for it: the text is on its way to the worker then.
    const started = client.notification('window/logMessage', (p) => /analysis worker started/.test((p as { message: string }).message));
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'json', version: 1, text } });
    await started;
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    const short = await client.open(uri, SMALL);
    assert.deepEqual(short.map(plain), expected(uri, SMALL, '/w/reopened.json'));
    // Another large document after it: once its diagnostics are here, the worker is done with the old text.
    await client.open('file:///w/after.template.json', text);
    const last = client.published.filter((p) => p.uri === uri).pop()!;
    assert.equal(last.version, 1);
    assert.deepEqual(last.diagnostics.map(plain), short.map(plain));
    const info = await client.request<{ kind: string; findings: { error: number; warning: number; info: number } }>('iamRoleLens/documentInfo', { uri });
    assert.equal(info.kind, 'identity');
    assert.equal(info.findings.error + info.findings.warning + info.findings.info, short.length);
  });
});

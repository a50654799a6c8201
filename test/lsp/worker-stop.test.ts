// The analysis worker abandons a stale parse at once, and keeps the JSON tree across edits: traced through
// the real server (`iamRoleLens/analysisTrace`, asked in the initialization options), with the diagnostics
// of the last version compared with the engine's analysis of the same text.
import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { Range } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { AnalysisTraceNotification, type AnalysisTraceParams } from '../../server/src/protocol';
import { expected, plain } from '../support/diagnostics';
import { LspClient } from '../support/lsp-client';
import { stringify } from 'yaml';
import { mixedTemplate, template } from '../support/template';

describe('the analysis worker stops stale work and keeps the tree', () => {
  const client = new LspClient();
  client.settings = { debounceMs: 0 };
  const text = template(2000);
  const traces = () => client.notifications.filter((n) => n.method === AnalysisTraceNotification).map((n) => n.params as AnalysisTraceParams);
  before(() => client.initialize({ locale: 'en', analysisTrace: true }));
  after(() => client.stop());

  const trace = (uri: string, test: (p: AnalysisTraceParams) => boolean) => client.notification(AnalysisTraceNotification, (p) => (p as AnalysisTraceParams).uri === uri && test(p as AnalysisTraceParams)) as Promise<AnalysisTraceParams>;

  test('typing inside a string: each version spliced from the last tree, the diagnostics those of a full analysis', { timeout: 60_000 }, async () => {
    const uri = 'file:///w/spliced.template.json';
    const firstRead = trace(uri, (p) => p.event === 'read' && p.version === 1);
    await client.open(uri, text);
    assert.equal((await firstRead).how, 'full');
    let local = TextDocument.create(uri, 'json', 1, text);
    const at = local.positionAt(text.indexOf('bucket-3/'));
    for (const [i, ch] of [...'xyz'].entries()) {
      const range: Range = { start: { line: at.line, character: at.character + i }, end: { line: at.line, character: at.character + i } };
      local = TextDocument.update(local, [{ range, text: ch }], local.version + 1);
      const read = trace(uri, (p) => p.event === 'read' && p.version === local.version);
      const published = client.diagnostics(uri, (p) => p.version === local.version);
      await client.edit(uri, [{ range, text: ch }]);
      assert.equal((await read).how, 'splice', `version ${local.version}`);
      assert.deepEqual((await published).diagnostics.map(plain), expected(uri, local.getText(), '/w/spliced.template.json'));
    }
    assert.ok(local.getText().includes('xyzbucket-3/'));
  });

  test('typing inside a resource of a YAML template: each version spliced, the diagnostics those of a full analysis', { timeout: 60_000 }, async () => {
    const uri = 'file:///w/spliced.template.yaml';
    const yamlText = stringify(JSON.parse(template(400)));
    assert.ok(yamlText.length > 300_000, 'large enough for the worker');
    const firstRead = trace(uri, (p) => p.event === 'read' && p.version === 1);
    await client.open(uri, yamlText, 'yaml');
    assert.equal((await firstRead).how, 'full');
    let local = TextDocument.create(uri, 'yaml', 1, yamlText);
    const at = local.positionAt(yamlText.indexOf('bucket-3/'));
    for (const [i, ch] of [...'xyz'].entries()) {
      const range: Range = { start: { line: at.line, character: at.character + i }, end: { line: at.line, character: at.character + i } };
      local = TextDocument.update(local, [{ range, text: ch }], local.version + 1);
      const read = trace(uri, (p) => p.event === 'read' && p.version === local.version);
      const analyzed = trace(uri, (p) => p.event === 'analyzed' && p.version === local.version);
      const published = client.diagnostics(uri, (p) => p.version === local.version);
      await client.edit(uri, [{ range, text: ch }]);
      assert.equal((await read).how, 'splice', `version ${local.version}`);
      // The findings of every resource but the one typed in are kept from the version before.
      const done = await analyzed;
      assert.ok((done.reused ?? 0) > 700, `reused ${done.reused}`);
      assert.deepEqual((await published).diagnostics.map(plain), expected(uri, local.getText(), '/w/spliced.template.yaml'));
    }
    assert.ok(local.getText().includes('xyzbucket-3/'));
  });

  test('an edit while the text is parsed in full stops that parse; the last version is analysed in full', { timeout: 120_000 }, async () => {
    const uri = 'file:///w/stopped.template.json';
    await client.open(uri, text);
    let local = TextDocument.create(uri, 'json', 1, text);
    // The last brace removed: the text has a syntax error, so no tree is kept and every version is parsed
    // in full until it is put back.
    const end = local.positionAt(text.lastIndexOf('}'));
    const broken: Range = { start: end, end: { line: end.line, character: end.character + 1 } };
    local = TextDocument.update(local, [{ range: broken, text: '' }], local.version + 1);
    const brokenRead = trace(uri, (p) => p.event === 'read' && p.version === local.version);
    await client.edit(uri, [{ range: broken, text: '' }]);
    assert.equal((await brokenRead).how, 'full');
    // Each round: a full parse starts, and the next edit is sent as soon as the worker says so. The parse
    // of a 2.5 MB text takes far longer than the trip of that message, so it is stopped; a round where the
    // machine stalled long enough for the parse to finish is tried again, a few times at most.
    const at = local.positionAt(text.indexOf('bucket-5/'));
    let stoppedInParse = 0;
    for (let round = 0; round < 6 && stoppedInParse === 0; round++) {
      const range: Range = { start: at, end: at };
      local = TextDocument.update(local, [{ range, text: 'a' }], local.version + 1);
      const version = local.version;
      const started = trace(uri, (p) => p.event === 'read' && p.version === version);
      const outcome = trace(uri, (p) => p.version === version && (p.event === 'stopped' || p.event === 'analyzed'));
      await client.edit(uri, [{ range, text: 'a' }]);
      assert.equal((await started).how, 'full');
      // Another edit right away: the version being parsed is stale from here on.
      local = TextDocument.update(local, [{ range, text: 'b' }], local.version + 1);
      await client.edit(uri, [{ range, text: 'b' }]);
      const o = await outcome;
      if (o.event === 'stopped') {
        assert.equal(o.during, 'parse', `version ${version} stopped during ${o.during}`);
        stoppedInParse++;
      }
    }
    assert.ok(stoppedInParse > 0, `no parse was stopped: ${JSON.stringify(traces().filter((t) => t.uri === uri))}`);
    // The brace put back: the diagnostics of the last version are those of a full analysis of its text.
    const last = local.positionAt(local.getText().length);
    local = TextDocument.update(local, [{ range: { start: last, end: last }, text: '}' }], local.version + 1);
    const published = client.diagnostics(uri, (p) => p.version === local.version);
    await client.edit(uri, [{ range: { start: last, end: last }, text: '}' }]);
    const got = (await published).diagnostics.map(plain);
    assert.deepEqual(got, expected(uri, local.getText(), '/w/stopped.template.json'));
    assert.ok(!got.some((d) => d.startsWith('json-syntax')), 'the text parses again');
  });

  test('a role\'s trust policy edited: the hand-off in another resource is reported, every other resource\'s findings reused', { timeout: 60_000 }, async () => {
    const uri = 'file:///w/reused.template.json';
    // 120 roles, each with an attached guard and a deployer (360 resources with policies), and 120 functions.
    const mixed = mixedTemplate(120);
    assert.ok(mixed.length > 256 * 1024, 'large enough for the worker');
    const opened = trace(uri, (p) => p.event === 'analyzed' && p.version === 1);
    await client.open(uri, mixed);
    assert.equal((await opened).reused, 0);
    let local = TextDocument.create(uri, 'json', 1, mixed);
    const role1 = mixed.indexOf('\n    "Role1": {');
    const service = mixed.indexOf('lambda.amazonaws.com', role1);
    // Function0.Role hands Role1 to Lambda; Role1 trusts Lambda: nothing to say, then ECS tasks only.
    const handoff = mixed.indexOf('{\n          "Fn::GetAtt": [\n            "Role1"', mixed.indexOf('\n    "Function0": {'));
    const handoffLine = (text: string) => {
      const doc = TextDocument.create(uri, 'json', 1, text);
      const s = doc.positionAt(handoff);
      return `handoff-trust-mismatch ${s.line}:${s.character}-${s.line + 5}:9`;
    };
    const edits = [
      { range: { start: local.positionAt(service), end: local.positionAt(service + 'lambda'.length) }, text: 'ecs-tasks' },
      { range: { start: local.positionAt(service), end: local.positionAt(service + 'ecs-tasks'.length) }, text: 'lambda' },
    ];
    for (const [i, edit] of edits.entries()) {
      local = TextDocument.update(local, [edit], local.version + 1);
      const version = local.version;
      const analyzed = trace(uri, (p) => p.event === 'analyzed' && p.version === version);
      const published = client.diagnostics(uri, (p) => p.version === version);
      await client.edit(uri, [edit]);
      assert.equal((await analyzed).reused, 359, `version ${version}: every resource but Role1`);
      const got = (await published).diagnostics.map(plain);
      assert.deepEqual(got, expected(uri, local.getText(), '/w/reused.template.json'));
      const line = handoffLine(local.getText());
      assert.equal(got.filter((d) => d.startsWith(line)).length, i === 0 ? 1 : 0, `version ${version}: ${line}`);
    }
  });
});

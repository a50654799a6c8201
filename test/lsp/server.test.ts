// The language server over real stdio JSON-RPC: the same process other editors start.
import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { CodeAction, Diagnostic, Hover, TextEdit, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LspClient } from '../support/lsp-client';

const PASSROLE_STAR = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["batch:SubmitJob"],
      "Resource": "*"
    },
    {
      "Effect": "Allow",
      "Action": "iam:PassRole",
      "Resource": "*"
    }
  ]
}
`;

/** Diagnostic messages are plain strings from this server (3.18 also allows Markdown). */
function message(d: Diagnostic): string {
  return typeof d.message === 'string' ? d.message : d.message.value;
}

function applyWorkspaceEdit(text: string, edit: WorkspaceEdit): string {
  const change = edit.documentChanges![0] as { edits: TextEdit[] };
  return TextDocument.applyEdits(TextDocument.create('file:///x.json', 'json', 1, text), change.edits);
}

function positionOf(text: string, needle: string, delta = 1): { line: number; character: number } {
  return TextDocument.create('file:///x.json', 'json', 1, text).positionAt(text.indexOf(needle) + delta);
}

describe('language server over stdio (English client)', () => {
  const client = new LspClient();
  before(async () => {
    const init = (await client.initialize({ locale: 'en' })) as { capabilities: Record<string, unknown>; serverInfo: { name: string } };
    assert.equal(init.serverInfo.name, 'iam-role-lens');
    assert.ok(init.capabilities['hoverProvider']);
  });
  after(() => client.stop());

  test('didOpen publishes diagnostics at once, with rule id, exact range, docs link and source', async () => {
    const diags = await client.open('file:///w/passrole.json', PASSROLE_STAR);
    const d = diags.find((x) => x.code === 'passrole-wildcard-resource');
    assert.ok(d, JSON.stringify(diags));
    assert.deepEqual(d.range, { start: { line: 11, character: 18 }, end: { line: 11, character: 21 } });
    assert.equal(d.severity, 2);
    assert.equal(d.source, 'iam-role-lens');
    assert.match(d.codeDescription!.href, /docs\/rules\/passrole-wildcard-resource\.md$/);
    assert.match(message(d), /every role/);
  });

  test('hover on iam:PassRole shows the PassRole card and the contrast with sts:AssumeRole', async () => {
    const h = await client.request<Hover>('textDocument/hover', { textDocument: { uri: 'file:///w/passrole.json' }, position: positionOf(PASSROLE_STAR, '"iam:PassRole"', 3) });
    const md = (h.contents as unknown as { value: string }).value;
    assert.match(md, /permission to \*hand a role over\*/);
    assert.match(md, /\| Answers \| Who may \*\*hand\*\* this role to a service\? \| Who may \*\*become\*\* this role\? \|/);
    assert.match(md, /no `iam:PassedToService` condition/);
    assert.deepEqual(h.range, { start: { line: 10, character: 16 }, end: { line: 10, character: 30 } });
  });

  test('code action: the preferred fix adds iam:PassedToService and the finding goes away', async () => {
    const uri = 'file:///w/passrole.json';
    const diags = (client.published.filter((p) => p.uri === uri).pop()!).diagnostics;
    const d = diags.find((x) => x.code === 'passrole-wildcard-resource')!;
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
    const preferred = actions.find((a) => a.isPreferred)!;
    assert.equal(preferred.title, 'Add iam:PassedToService condition: batch.amazonaws.com');
    assert.equal(preferred.kind, 'quickfix');
    const fixed = applyWorkspaceEdit(PASSROLE_STAR, preferred.edit!);
    assert.match(fixed, /"Condition": \{\n {8}"StringEquals": \{\n {10}"iam:PassedToService": \["batch\.amazonaws\.com"\]/);
    const after = await client.change(uri, fixed);
    assert.deepEqual(after.filter((x) => x.code === 'passrole-wildcard-resource'), []);
  });

  test('edits in quick succession: the last version is published and no older one after it', async () => {
    const uri = 'file:///w/typing.json';
    await client.open(uri, PASSROLE_STAR);
    const start = client.published.length;
    const texts = [PASSROLE_STAR.replace('"*"\n    }\n  ]', '"arn:aws:iam::111122223333:role/A"\n    }\n  ]'), PASSROLE_STAR, PASSROLE_STAR.replace('iam:PassRole', 'iam:PassRol')];
    for (const t of texts.slice(0, -1)) {
      const v = client.version(uri) + 1;
      await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: v }, contentChanges: [{ text: t }] });
      (client as unknown as { versions: Map<string, number> }).versions.set(uri, v);
    }
    const last = await client.change(uri, texts[texts.length - 1]!);
    const versions = client.published.slice(start).filter((p) => p.uri === uri).map((p) => p.version!);
    assert.equal(versions[versions.length - 1], client.version(uri));
    assert.deepEqual([...versions].sort((a, b) => a - b), versions, 'published versions never go backwards');
    assert.deepEqual(last.filter((x) => x.code === 'passrole-wildcard-resource'), []);
  });

  test('a JSON file that is not a policy gets an empty diagnostics list', async () => {
    assert.deepEqual(await client.open('file:///w/settings.json', '{"editor.tabSize": 2, "files": ["a"]}'), []);
  });

  test('didClose clears the diagnostics', async () => {
    const uri = 'file:///w/passrole.json';
    const cleared = client.diagnostics(uri, (p) => p.diagnostics.length === 0 && p.version === undefined);
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    assert.deepEqual((await cleared).diagnostics, []);
  });

  test('source.fixAll.iamRoleLens returns one edit that fixes everything fixable', async () => {
    const uri = 'file:///w/fixall.json';
    const text = PASSROLE_STAR.replace('  "Version": "2012-10-17",\n', '');
    const diags = await client.open(uri, text);
    assert.ok(diags.some((d) => d.code === 'policy-version'));
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [], only: ['source.fixAll'] } });
    assert.equal(actions.length, 1);
    assert.equal(actions[0]!.kind, 'source.fixAll.iamRoleLens');
    const fixed = applyWorkspaceEdit(text, actions[0]!.edit!);
    const after = await client.change(uri, fixed);
    assert.deepEqual(after.map((d) => d.code), []);
  });

  test('settings: a rule set to off takes effect after didChangeConfiguration', async () => {
    const uri = 'file:///w/settings-off.json';
    assert.ok((await client.open(uri, PASSROLE_STAR)).some((d) => d.code === 'passrole-wildcard-resource'));
    client.settings = { rules: { 'passrole-wildcard-resource': 'off' } };
    const next = client.diagnostics(uri, (p) => !p.diagnostics.some((d) => d.code === 'passrole-wildcard-resource'));
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    assert.deepEqual((await next).diagnostics.map((d) => d.code), []);
    client.settings = {};
  });

  test('documentInfo and explain requests describe the document', async () => {
    const uri = 'file:///w/info.json';
    await client.open(uri, PASSROLE_STAR);
    const info = await client.request<{ kind: string; label: string; findings: { warning: number }; data: { date: string } }>('iamRoleLens/documentInfo', { uri });
    assert.equal(info.kind, 'identity');
    assert.equal(info.label, 'Identity policy');
    assert.equal(info.findings.warning, 1);
    assert.match(info.data.date, /^\d{4}-\d{2}-\d{2}$/);
    const ex = await client.request<{ passRole: { lines: string[] }; together: { lines: string[] } }>('iamRoleLens/explain', { uri });
    assert.deepEqual(ex.passRole.lines, ['May pass `*` to **any service** (no `iam:PassedToService`).']);
    assert.match(ex.together.lines[0]!, /The trust policy of `\*` must trust the service it is passed to/);
  });

  test('bad input: binary, 10 MB, 10,000-deep nesting and broken JSON; the server keeps serving', async () => {
    const deep = '{"Statement": ' + '['.repeat(10000) + ']'.repeat(10000) + '}';
    const d1 = await client.open('file:///w/deep.json', deep);
    assert.equal(d1[0]?.code, 'analysis-limit');
    const big = '{"Version": "2012-10-17", "Statement": [' + Array.from({ length: 60000 }, (_, i) => `{"Sid": "S${i}", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bucket-${i}/*"}`).join(',') + ']}';
    assert.ok(big.length > 5 * 1024 * 1024);
    const d2 = await client.open('file:///w/big.json', big);
    assert.equal(d2[0]?.code, 'analysis-limit');
    assert.match(message(d2[0]), /over the 5\.0 MB limit/);
    assert.deepEqual(await client.open('file:///w/binary.json', 'PK\u0003\u0004\u0000\u0000binary'), []);
    const broken = await client.open('file:///w/broken.json', '{"Version": "2012-10-17", "Statement": [ {"Effect": "Allow",, } ]');
    assert.ok(broken.length > 0 && broken.every((d) => d.code === 'json-syntax'));
    const h = await client.request<Hover>('textDocument/hover', { textDocument: { uri: 'file:///w/info.json' }, position: positionOf(PASSROLE_STAR, '"iam:PassRole"', 3) });
    assert.ok(h, 'still answers hovers');
  });
});

describe('language server over stdio (Japanese client)', () => {
  const client = new LspClient();
  before(() => client.initialize({ locale: 'ja' }));
  after(() => client.stop());

  test('initialize.locale ja gives Japanese messages and hovers', async () => {
    const uri = 'file:///w/ja.json';
    const diags = await client.open(uri, PASSROLE_STAR);
    const d = diags.find((x) => x.code === 'passrole-wildcard-resource')!;
    assert.match(message(d), /すべてのロールに対して `iam:PassedToService` 条件なしで許可されています/);
    const h = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: positionOf(PASSROLE_STAR, '"iam:PassRole"', 3) });
    assert.match((h.contents as unknown as { value: string }).value, /ロールを AWS サービスに\*渡す\*ためのアクセス許可/);
  });

  test('the iamRoleLens.language setting overrides the client locale', async () => {
    client.settings = { language: 'en' };
    const uri = 'file:///w/ja-en.json';
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    const diags = await client.open(uri, PASSROLE_STAR);
    assert.match(message(diags.find((x) => x.code === 'passrole-wildcard-resource')!), /every role/);
    client.settings = {};
  });
});

describe('language server without workspace/configuration (Neovim-like client)', () => {
  const client = new LspClient();
  before(() => client.initialize({ configuration: false, clientCommands: [] }));
  after(() => client.stop());

  test('settings arrive with didChangeConfiguration; no client-only commands are offered', async () => {
    const uri = 'file:///w/plain.json';
    const diags = await client.open(uri, PASSROLE_STAR);
    const d = diags.find((x) => x.code === 'passrole-wildcard-resource')!;
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
    assert.ok(actions.length >= 1 && actions.every((a) => a.command === undefined));
    const next = client.diagnostics(uri, (p) => p.diagnostics.every((x) => x.code !== 'passrole-wildcard-resource'));
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: { iamRoleLens: { rules: { 'passrole-wildcard-resource': 'off' } } } });
    await next;
  });
});

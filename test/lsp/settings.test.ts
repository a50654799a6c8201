// Settings a repository can set for its own folder (`.vscode/settings.json`): a hostile glob must not stall
// the server, and include/exclude still decide what is analysed.
import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { Hover } from 'vscode-languageserver-protocol';
import { LspClient } from '../support/lsp-client';

const POLICY = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}]}';

describe('language server with hostile workspace settings', () => {
  const client = new LspClient();
  let nested = 'a';
  for (let i = 0; i < 4; i++) nested = `+(a|${nested})`;
  before(async () => {
    await client.initialize({ locale: 'en' });
    client.settings = { exclude: [`**/${nested}*.js`, '**/' + '{a,a}*'.repeat(40) + '.js', '**/excluded/**'] };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
  });
  // A server stuck matching a glob would answer no shutdown request: end it outright.
  after(() => {
    client.process.kill('SIGKILL');
    client.connection.dispose();
  });

  test('a document at a long path is analysed and a hover is answered', { timeout: 20_000 }, async () => {
    const uri = `file:///w/${'a'.repeat(60)}b.json`;
    const diags = await client.open(uri, POLICY);
    assert.ok(diags.some((d) => d.code === 'passrole-wildcard-resource'), JSON.stringify(diags));
    const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: POLICY.indexOf('iam:PassRole') + 2 } });
    assert.match((hover!.contents as { value: string }).value, /iam:PassRole/);
  });

  test('an exclude glob still excludes', { timeout: 20_000 }, async () => {
    assert.deepEqual(await client.open('file:///w/excluded/p.json', POLICY), []);
  });
});

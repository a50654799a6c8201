// Completion through the language server: textDocument/completion on documents as they are while typing
// (often invalid JSON at the cursor), the textEdit that replaces the whole string being typed, and
// completionItem/resolve for the documentation, in English and Japanese.
import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { CompletionItem, CompletionList, MarkupContent, TextEdit } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LspClient } from '../support/lsp-client';

let counter = 0;

/** Opens `marked` (the cursor is `|`) as a new document and asks for completion at the cursor. */
async function completeAt(client: LspClient, marked: string, name = 'policy.json'): Promise<{ text: string; items: CompletionItem[] }> {
  const offset = marked.indexOf('|');
  const text = marked.slice(0, offset) + marked.slice(offset + 1);
  const uri = `file:///w/c${++counter}/${name}`;
  await client.open(uri, text);
  const position = TextDocument.create(uri, 'json', 1, text).positionAt(offset);
  const list = await client.request<CompletionList | null>('textDocument/completion', { textDocument: { uri }, position });
  const items = [...(list?.items ?? [])].sort((a, b) => (a.sortText ?? a.label).localeCompare(b.sortText ?? b.label));
  return { text, items };
}

/** The text after accepting `item`. */
function accept(text: string, item: CompletionItem): string {
  const edit = item.textEdit as TextEdit;
  return TextDocument.applyEdits(TextDocument.create('file:///x.json', 'json', 1, text), [edit]);
}

function find(items: CompletionItem[], label: string): CompletionItem {
  const item = items.find((i) => i.label === label);
  assert.ok(item, `${label} not among ${items.slice(0, 20).map((i) => i.label).join(', ')}`);
  return item;
}

const PASSROLE_ONLY = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "iam:PassRole",
      "Resource": "arn:aws:iam::111122223333:role/BatchJobRole",
      "Condition": {
        "StringEquals": {
          "|"
        }
      }
    },
    {
      "Effect": "Allow",
      "Action": ["lambda:CreateFunction", "lambda:InvokeFunction"],
      "Resource": "*"
    }
  ]
}
`;

describe('completion over stdio (English client)', () => {
  const client = new LspClient();
  before(async () => {
    const init = (await client.initialize({ locale: 'en' })) as { capabilities: { completionProvider?: { triggerCharacters: string[]; resolveProvider: boolean } } };
    assert.deepEqual(init.capabilities.completionProvider, { triggerCharacters: ['"', ':'], resolveProvider: true });
  });
  after(() => client.stop());

  test('inside "Action": ["iam:Pa|"] the list has iam:PassRole, and accepting it replaces the whole string', async () => {
    const { text, items } = await completeAt(client, '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["iam:Pa|"], "Resource": "*"}]}');
    const item = find(items, 'iam:PassRole');
    assert.equal(item.kind, 3); // Function
    assert.match(item.detail ?? '', /^Write · AWS Identity and Access Management/);
    assert.equal(item.filterText, '"iam:PassRole"');
    assert.equal(accept(text, item), '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["iam:PassRole"], "Resource": "*"}]}');
    assert.ok(items.every((i) => i.label.startsWith('iam:')), 'only the actions of the typed service');
  });

  test('an incomplete document still completes: an unterminated string gets its closing quote', async () => {
    const { text, items } = await completeAt(client, '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Action": ["iam:Pa|\n');
    const fixed = accept(text, find(items, 'iam:PassRole'));
    assert.equal(fixed.split('\n')[5], '      "Action": ["iam:PassRole"');
  });

  test('service prefixes come first, and choosing one asks for completion again', async () => {
    const { text, items } = await completeAt(client, '{"Statement": [{"Effect": "Allow", "Action": "lam|", "Resource": "*"}]}');
    const item = find(items, 'lambda');
    assert.equal(item.kind, 9); // Module
    assert.equal(item.command?.command, 'editor.action.triggerSuggest');
    assert.equal(accept(text, item), '{"Statement": [{"Effect": "Allow", "Action": "lambda:", "Resource": "*"}]}');
  });

  test('in a statement whose only action is iam:PassRole, condition-key completion offers iam:PassedToService first', async () => {
    const { text, items } = await completeAt(client, PASSROLE_ONLY);
    assert.equal(items[0]!.label, 'iam:PassedToService');
    assert.equal(items[0]!.preselect, true);
    assert.ok(items.findIndex((i) => i.label === 'aws:SourceIp') > items.findIndex((i) => i.label === 'iam:AssociatedResourceArn'), 'global keys after the statement\'s keys');
    assert.match(accept(text, items[0]!), /"iam:PassedToService": ""\n/);
  });

  test('iam:PassedToService values: the principal of the service the policy launches first', async () => {
    const { items } = await completeAt(client, PASSROLE_ONLY.replace('"|"', '"iam:PassedToService": "|"'));
    assert.equal(items[0]!.label, 'lambda.amazonaws.com');
    assert.match(items[0]!.detail ?? '', /lambda:CreateFunction/);
    find(items, 'batch.amazonaws.com');
  });

  test('Principal.Service offers lambda.amazonaws.com in a trust policy', async () => {
    const { text, items } = await completeAt(client, '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "la|"}, "Action": "sts:AssumeRole"}]}', 'trust.json');
    const item = find(items, 'lambda.amazonaws.com');
    assert.equal(accept(text, item), '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}');
  });

  test('element names, Effect values and ARN templates for the statement\'s actions', async () => {
    const elements = await completeAt(client, '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", |}]}');
    assert.deepEqual(elements.items.map((i) => i.label).slice(0, 6), ['Sid', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition']);
    assert.equal(accept(elements.text, find(elements.items, 'Action')), '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ""}]}');
    const effect = await completeAt(client, '{"Version": "2012-10-17", "Statement": [{"Effect": "|"}]}');
    assert.deepEqual(effect.items.map((i) => i.label), ['Allow', 'Deny']);
    const arn = await completeAt(client, '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "|"}]}');
    const role = find(arn.items, 'arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}');
    assert.equal((role.textEdit as TextEdit).newText, '"arn:aws:iam::111122223333:role/RoleNameWithPath"');
  });

  test('resolve returns documentation', async () => {
    const { items } = await completeAt(client, '{"Statement": [{"Action": ["iam:Pa|"]}]}');
    const resolved = await client.request<CompletionItem>('completionItem/resolve', find(items, 'iam:PassRole'));
    const md = (resolved.documentation as MarkupContent).value;
    assert.equal((resolved.documentation as MarkupContent).kind, 'markdown');
    assert.match(md, /Access level: Write/);
    assert.match(md, /Grants permission to pass a role to a service/);
    assert.match(md, /`iam:PassedToService`/);
  });

  test('no completion outside a policy, or after a complete value', async () => {
    assert.deepEqual((await completeAt(client, '{"name": "x", "version": "1.0.0", "scripts": {"|"}}', 'other.json')).items, []);
    assert.deepEqual((await completeAt(client, '{"Statement": [{"Effect": "Allow" |}]}')).items, []);
  });
});

describe('completion over stdio (Japanese client)', () => {
  const client = new LspClient();
  before(() => client.initialize({ locale: 'ja' }));
  after(() => client.stop());

  test('details and documentation are in Japanese', async () => {
    const { items } = await completeAt(client, '{"Statement": [{"Action": ["iam:Pa|"]}]}');
    const item = find(items, 'iam:PassRole');
    assert.match(item.detail ?? '', /^書き込み · /);
    const resolved = await client.request<CompletionItem>('completionItem/resolve', item);
    const md = (resolved.documentation as MarkupContent).value;
    assert.match(md, /アクセスレベル: 書き込み/);
    assert.match(md, /ロールをサービスに渡すためのアクセス許可です/);
    const keys = await completeAt(client, PASSROLE_ONLY);
    assert.match(keys.items[0]!.detail ?? '', /このステートメントに推奨/);
    const doc = await client.request<CompletionItem>('completionItem/resolve', find(keys.items, 'aws:SourceIp'));
    assert.match((doc.documentation as MarkupContent).value, /リクエスト元の IP アドレス/);
  });
});

describe('completion with snippets', () => {
  const client = new LspClient();
  before(async () => {
    await client.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: null,
      workspaceFolders: null,
      capabilities: { workspace: { configuration: true }, textDocument: { completion: { completionItem: { snippetSupport: true } } } },
    });
    await client.connection.sendNotification('initialized', {});
  });
  after(() => client.stop());

  test('a statement element inserts its value with tab stops; an ARN template has a stop per field', async () => {
    const elements = await completeAt(client, '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", |}]}');
    const effect = await completeAt(client, '{"Version": "2012-10-17", "Statement": [{"|"}]}');
    assert.equal(find(effect.items, 'Effect').insertTextFormat, 2);
    assert.equal((find(effect.items, 'Effect').textEdit as TextEdit).newText, '"Effect": "${1|Allow,Deny|}"');
    assert.equal((find(elements.items, 'Resource').textEdit as TextEdit).newText, '"Resource": "$1"');
    const arn = await completeAt(client, '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "|"}]}');
    assert.equal((find(arn.items, 'arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}').textEdit as TextEdit).newText, '"arn:${1:aws}:iam::${2:111122223333}:role/${3:RoleNameWithPath}"');
  });
});

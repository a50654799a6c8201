// The completion engine on strings (the protocol side is test/lsp/completion.test.ts): places in
// CloudFormation templates and half-typed documents, and the data it ships.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { applyEdits } from '../../server/src/engine';
import { complete, globalConditionKeys, type CompletionEntry } from '../../server/src/engine/completion';
import { completionEn } from '../../server/src/engine/i18n/completion-en';
import { completionJa } from '../../server/src/engine/i18n/completion-ja';

function at(marked: string, fileName = 'policy.json'): { text: string; items: CompletionEntry[] } {
  const offset = marked.indexOf('|');
  const text = marked.slice(0, offset) + marked.slice(offset + 1);
  const items = [...complete(text, offset, { fileName }).items].sort((a, b) => a.sortText.localeCompare(b.sortText));
  return { text, items };
}

const accept = (text: string, item: CompletionEntry) => applyEdits(text, [{ ...item.range, newText: item.insertText }]);
const labels = (items: CompletionEntry[]) => items.map((i) => i.label);

test('CloudFormation: policy elements in an empty document, a trust statement in AssumeRolePolicyDocument', () => {
  const { text, items } = at('{\n  "Resources": {\n    "Role": {\n      "Type": "AWS::IAM::Role",\n      "Properties": {\n        "AssumeRolePolicyDocument": {|}\n      }\n    }\n  }\n}');
  assert.deepEqual(labels(items), ['Version', 'Id', 'Statement']);
  const fixed = accept(text, items.find((i) => i.label === 'Statement')!);
  assert.match(fixed, /"AssumeRolePolicyDocument": \{"Statement": \[\n {10}\{\n {12}"Effect": "Allow",\n {12}"Principal": \{"Service": ""\},\n {12}"Action": "sts:AssumeRole"\n {10}\}\n {8}\]\}/);
});

test('CloudFormation: actions inside Policies[].PolicyDocument', () => {
  const { items } = at('{"Resources": {"Fn": {"Type": "AWS::IAM::Role", "Properties": {"Policies": [{"PolicyName": "p", "PolicyDocument": {"Statement": [{"Effect": "Allow", "Action": "lambda:Inv|"}]}}]}}}}', 'template.json');
  assert.ok(labels(items).includes('lambda:InvokeFunction'));
});

test('a key being typed at the root of a new file, without its closing quote', () => {
  const { text, items } = at('{\n  "Ver|\n}');
  assert.equal(accept(text, items.find((i) => i.label === 'Version')!), '{\n  "Version": "2012-10-17"\n}');
});

test('a key typed before an existing colon is replaced alone; elements already present are not offered', () => {
  const { text, items } = at('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Act|": "s3:GetObject", "Resource": "*"}]}');
  assert.ok(!labels(items).includes('Effect') && !labels(items).includes('Resource') && !labels(items).includes('NotResource'));
  assert.equal(accept(text, items.find((i) => i.label === 'Action')!), '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}');
});

test('condition operators, then keys of the statement before global keys, then Bool values', () => {
  const ops = at('{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"|"}}]}');
  assert.equal(ops.items[0]!.label, 'StringEquals');
  assert.ok(labels(ops.items).includes('ForAnyValue:StringLike') && labels(ops.items).includes('ArnLikeIfExists'));
  const keys = at('{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"Bool": {"|"}}}]}');
  const firstGlobal = keys.items.findIndex((i) => i.label.startsWith('aws:') && i.detail?.includes('global'));
  assert.ok(keys.items.slice(0, firstGlobal).every((i) => i.label.startsWith('s3:') || i.label.startsWith('aws:Resource')), labels(keys.items.slice(0, firstGlobal)).join());
  assert.ok(labels(keys.items).includes('aws:SecureTransport'));
  const values = at('{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "|"}}}]}');
  assert.deepEqual(labels(values.items), ['true', 'false']);
});

test('a GitHub Actions trust: its :sub and :aud keys come first', () => {
  const { items } = at('{"Statement": [{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringLike": {"|"}}}]}', 'trust.json');
  assert.deepEqual(labels(items).slice(0, 2), ['token.actions.githubusercontent.com:sub', 'token.actions.githubusercontent.com:aud']);
});

test('YAML: a key with a colon inside is replaced whole, from anywhere in it', () => {
  const trust = (key: string) =>
    `Statement:\n  - Effect: Allow\n    Principal:\n      Federated: arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com\n    Action: sts:AssumeRoleWithWebIdentity\n    Condition:\n      StringEquals:\n        ${key}: sts.amazonaws.com\n`;
  for (const key of ['token.actions|.githubusercontent.com:aud', 'token.actions.githubusercontent.com:a|ud', '|token.actions.githubusercontent.com:aud']) {
    const { text, items } = at(trust(key), 'trust.yaml');
    const sub = items.find((i) => i.label === 'token.actions.githubusercontent.com:sub');
    assert.ok(sub, `${key}: ${labels(items).slice(0, 3).join()}`);
    assert.equal(accept(text, sub), trust('token.actions.githubusercontent.com:sub'), key);
  }
});

test('nothing outside strings and slots, nothing in JSON that is not a policy', () => {
  assert.deepEqual(at('{"Statement": [{"Action": "iam:PassRole"|}]}').items, []);
  assert.deepEqual(at('{"compilerOptions": {"|"}}', 'tsconfig.json').items, []);
  assert.deepEqual(at('{"name": "x", "|"}', 'package.json').items, []);
});

test('the global condition keys come from the data package, and their descriptions exist in both languages', () => {
  assert.ok(globalConditionKeys().some((k) => k.key === 'aws:SourceIp' && k.type === 'IPAddress'));
  assert.deepEqual(Object.keys(completionJa.cmpGlobalKeyDocs).sort(), Object.keys(completionEn.cmpGlobalKeyDocs).sort());
  const known = new Set(globalConditionKeys().map((k) => k.key));
  for (const k of Object.keys(completionEn.cmpGlobalKeyDocs)) assert.ok(known.has(k), `${k} is described but not a global key`);
  assert.deepEqual(Object.keys(completionJa.cmpElementDocs).sort(), Object.keys(completionEn.cmpElementDocs).sort());
});

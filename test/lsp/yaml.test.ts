// The language server on YAML documents (CloudFormation YAML, SAM, a YAML policy) over real stdio JSON-RPC:
// diagnostics at exact places, hovers, a quick fix that writes YAML, completion in YAML positions, and
// nothing at all on YAML that is not a template or a policy.
import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { CodeAction, CompletionList, Hover, TextEdit, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LspClient } from '../support/lsp-client';

const TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Deployer:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          # the deployer launches functions with a role
          - Effect: Allow
            Action:
              - lambda:CreateFunction
              - lambda:InvokeFunction
            Resource: '*'
          - Effect: Allow
            Action: iam:PassRole
            Resource: '*'
  CiRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: {Federated: !Sub 'arn:aws:iam::\${AWS::AccountId}:oidc-provider/token.actions.githubusercontent.com'}
            Action: sts:AssumeRoleWithWebIdentity
            Condition:
              StringEquals:
                token.actions.githubusercontent.com:aud: sts.amazonaws.com
`;

const WORKFLOW = `name: ci
on: [push]
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - run: aws iam pass-role
      - broken: [
`;

function doc(text: string): TextDocument {
  return TextDocument.create('file:///w/t.yaml', 'yaml', 1, text);
}

function at(text: string, needle: string, delta = 1): { line: number; character: number } {
  return doc(text).positionAt(text.indexOf(needle) + delta);
}

function apply(text: string, edit: WorkspaceEdit): string {
  const change = edit.documentChanges![0] as { edits: TextEdit[] };
  return TextDocument.applyEdits(doc(text), change.edits);
}

describe('language server on YAML documents', () => {
  const client = new LspClient();
  before(async () => {
    await client.initialize({ locale: 'en' });
  });
  after(() => client.stop());

  test('a YAML template gets its diagnostics at once, at the YAML places', async () => {
    const diags = await client.open('file:///w/template.yaml', TEMPLATE, 'yaml');
    const star = diags.find((d) => d.code === 'passrole-wildcard-resource');
    assert.ok(star, JSON.stringify(diags.map((d) => d.code)));
    assert.deepEqual(star.range, { start: { line: 16, character: 22 }, end: { line: 16, character: 25 } });
    const escalation = diags.find((d) => d.code === 'passrole-privilege-escalation')!;
    assert.deepEqual(escalation.range, { start: { line: 15, character: 20 }, end: { line: 15, character: 32 } });
    const oidc = diags.find((d) => d.code === 'trust-oidc-missing-subject')!;
    assert.equal(oidc.range.start.line, 24);
    assert.equal(TEMPLATE.split('\n')[24]!.slice(oidc.range.start.character, oidc.range.end.character).startsWith('!Sub'), true);
  });

  test('a hover on iam:PassRole in YAML shows the PassRole card', async () => {
    const h = await client.request<Hover>('textDocument/hover', { textDocument: { uri: 'file:///w/template.yaml' }, position: at(TEMPLATE, 'iam:PassRole', 2) });
    assert.match((h.contents as unknown as { value: string }).value, /permission to \*hand a role over\*/);
    assert.deepEqual(h.range, { start: { line: 15, character: 20 }, end: { line: 15, character: 32 } });
  });

  test('the quick fix writes the condition as YAML, keeping the comment, and its finding goes away', async () => {
    const uri = 'file:///w/template.yaml';
    const d = client.published.filter((p) => p.uri === uri).pop()!.diagnostics.find((x) => x.code === 'passrole-wildcard-resource')!;
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
    const preferred = actions.find((a) => a.isPreferred)!;
    assert.equal(preferred.title, 'Add iam:PassedToService condition: lambda.amazonaws.com');
    const fixed = apply(TEMPLATE, preferred.edit!);
    assert.equal(
      fixed,
      TEMPLATE.replace(
        "            Action: iam:PassRole\n            Resource: '*'\n",
        "            Action: iam:PassRole\n            Resource: '*'\n            Condition:\n              StringEquals:\n                iam:PassedToService: [lambda.amazonaws.com]\n",
      ),
    );
    const after = await client.change(uri, fixed);
    assert.deepEqual(after.filter((x) => x.code === 'passrole-wildcard-resource'), []);
    // Passing roles to Lambda is the escalation path itself: narrowing by service does not close it.
    assert.ok(after.some((x) => x.code === 'passrole-privilege-escalation'));
  });

  test('completion offers statement elements for a key being typed, and actions for a value', async () => {
    const uri = 'file:///w/typing.yaml';
    const text = "Version: '2012-10-17'\nStatement:\n  - Effect: Allow\n    Action: iam:Pa\n    Cond\n";
    await client.open(uri, text, 'yaml');
    const keys = await client.request<CompletionList>('textDocument/completion', { textDocument: { uri }, position: { line: 4, character: 8 } });
    const condition = keys.items.find((i) => i.label === 'Condition')!;
    assert.ok(condition, keys.items.map((i) => i.label).join(', '));
    assert.match((condition.textEdit as TextEdit).newText, /^Condition:\n {6}StringEquals:\n/);
    const values = await client.request<CompletionList>('textDocument/completion', { textDocument: { uri }, position: { line: 3, character: 18 } });
    const passRole = values.items.find((i) => i.label === 'iam:PassRole')!;
    assert.ok(passRole);
    assert.equal((passRole.textEdit as TextEdit).newText, 'iam:PassRole');
    assert.deepEqual((passRole.textEdit as TextEdit).range, { start: { line: 3, character: 12 }, end: { line: 3, character: 18 } });
  });

  test('YAML that is not a template or a policy gets no diagnostics, even with a syntax error', async () => {
    const diags = await client.open('file:///w/.github/workflows/ci.yml', WORKFLOW, 'yaml');
    assert.deepEqual(diags, []);
  });

  test('a YAML syntax error in a template is one yaml-syntax diagnostic; the server keeps serving', async () => {
    const broken = TEMPLATE.replace('    Type: AWS::IAM::Role\n', '    Type: AWS::IAM::Role\n   Bad: indent\n');
    const diags = await client.open('file:///w/broken.yaml', broken, 'yaml');
    assert.deepEqual([...new Set(diags.map((d) => d.code))], ['yaml-syntax']);
    const h = await client.request<Hover>('textDocument/hover', { textDocument: { uri: 'file:///w/template.yaml' }, position: at(TEMPLATE, 'iam:PassRole', 2) });
    assert.ok(h);
  });

  test('an alias bomb and 10,000-deep nesting: one analysis-limit diagnostic each; the server keeps serving', async () => {
    const head = "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Topic:\n    Type: AWS::SNS::Topic\n    Metadata:\n";
    const letters = 'abcdefghi'.split('');
    const bomb = head + letters.map((k, i) => `      ${k}: &${k} [${Array(10).fill(i === 0 ? 'x' : `*${letters[i - 1]!}`).join(', ')}]\n`).join('');
    const deep = head + '      x: ' + '['.repeat(10_000) + ']'.repeat(10_000) + '\n';
    for (const [uri, text] of [['file:///w/bomb.yaml', bomb], ['file:///w/deep.yaml', deep]] as const) {
      const diags = await client.open(uri, text, 'yaml');
      assert.deepEqual(diags.map((d) => d.code), ['analysis-limit'], uri);
    }
    const h = await client.request<Hover>('textDocument/hover', { textDocument: { uri: 'file:///w/template.yaml' }, position: at(TEMPLATE, 'iam:PassRole', 2) });
    assert.match(JSON.stringify(h?.contents), /PassRole/);
  });
});

// Bad YAML input: each case is one clear finding at the place it names, the analysis ends, and no other
// finding is guessed from what could not be read.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { analyze } from '../../server/src/engine/analyze';

const HEAD = "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n";
const ROLE = `${HEAD}  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: {Service: lambda.amazonaws.com}
            Action: sts:AssumeRole
`;

/** Anchors ten times ten times …: 10^9 nodes if expanded. */
const BOMB =
  HEAD +
  '  Topic:\n    Type: AWS::SNS::Topic\n    Metadata:\n' +
  'abcdefghi'
    .split('')
    .map((k, i) => `      ${k}: &${k} [${Array(10).fill(i === 0 ? 'x' : `*${'abcdefghi'[i - 1]}`).join(', ')}]\n`)
    .join('');

function only(text: string): { ruleId: string; offset: number; message: string } {
  const r = analyze(text, { format: 'yaml', fileName: 'template.yaml' });
  assert.equal(r.findings.length, 1, r.findings.map((f) => `${f.ruleId}: ${f.message}`).join('\n'));
  return r.findings[0]!;
}

test('a syntax error: one yaml-syntax finding where the parser stopped', () => {
  const text = ROLE + '      Policies: [unclosed\n';
  const f = only(text);
  assert.equal(f.ruleId, 'yaml-syntax');
  assert.match(f.message, /^Invalid YAML: /);
  assert.ok(f.offset >= text.indexOf('[unclosed'), `at ${f.offset}`);
});

test('an unknown tag is named, with the tags CloudFormation knows', () => {
  const text = ROLE.replace('Action: sts:AssumeRole', 'Action: !Bogus sts:AssumeRole');
  const f = only(text);
  assert.equal(f.ruleId, 'yaml-syntax');
  assert.equal(f.offset, text.indexOf('!Bogus'));
  assert.match(f.message, /Unknown tag `!Bogus`.*`!Ref`/);
});

test('a duplicate key is reported on its second occurrence', () => {
  const text = ROLE.replace('    Type: AWS::IAM::Role\n', '    Type: AWS::IAM::Role\n    Type: AWS::IAM::Role\n');
  const f = only(text);
  assert.equal(f.ruleId, 'yaml-syntax');
  assert.equal(f.offset, text.indexOf('Type', text.indexOf('Type') + 1));
  assert.match(f.message, /`Type` appears twice/);
});

test('a tab used as indentation is a syntax error at the tab', () => {
  const text = ROLE.replace('    Properties:', '\tProperties:');
  const f = only(text);
  assert.equal(f.ruleId, 'yaml-syntax');
  assert.equal(f.offset, text.indexOf('\t'));
  assert.match(f.message, /Tabs are not allowed/);
});

test('an alias bomb is an analysis-limit finding, not a hang', () => {
  const f = only(BOMB);
  assert.equal(f.ruleId, 'analysis-limit');
  assert.match(f.message, /aliases expand to more than 500,000 nodes/);
  assert.ok(f.offset > BOMB.indexOf('&a') && f.offset < BOMB.length, `at ${f.offset}`);
});

test('10,000-deep flow nesting stops at the depth limit, at the first bracket past it', () => {
  const text = HEAD + '  Topic:\n    Type: AWS::SNS::Topic\n    Metadata: ' + '['.repeat(10_000) + ']'.repeat(10_000) + '\n';
  const f = only(text);
  assert.equal(f.ruleId, 'analysis-limit');
  // The mappings around the sequence (the document, Resources, Topic) count as levels too.
  assert.equal(f.offset, text.indexOf('[') + 510);
  assert.match(f.message, /nested more than 512 levels/);
});

test('a 10 MB YAML template is over the size limit: one finding, the text is not parsed', () => {
  const line = (i: number) => `  Topic${i}:\n    Type: AWS::SNS::Topic\n    Properties: {TopicName: ${'t'.repeat(200)}}\n`;
  let text = HEAD;
  for (let i = 0; text.length < 10 * 1024 * 1024; i++) text += line(i);
  const f = only(text);
  assert.equal(f.ruleId, 'analysis-limit');
  assert.equal(f.offset, 0);
  assert.match(f.message, /over the 5\.0 MB limit/);
});

// The engine on its own: classification, CloudFormation templates, bad input, and the edit helpers
// every fix is built from.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { analyze, fixAll, readDocuments, RULES } from '../../server/src/engine';
import { applyEdits, detectLayout, insertArrayItem, insertProperty, removeMember } from '../../server/src/engine/edits';
import { parseJson } from '../../server/src/engine/json';
import { wildcardMatch, wildcardRegExp } from '../../server/src/engine/iam/wildcard';
import { closest, editDistance } from '../../server/src/engine/util';
import { parseArn } from '../../server/src/engine/iam/arn';
import { sameKey } from '../../server/src/engine/iam/conditions';

const stmt = (extra: string) => `{"Effect": "Allow", ${extra}}`;
const policy = (...statements: string[]) => `{"Version": "2012-10-17", "Statement": [${statements.join(', ')}]}`;

test('kinds: identity, trust, resource, and not a policy', () => {
  assert.equal(readDocuments(policy(stmt('"Action": "s3:GetObject", "Resource": "*"'))).fileKind, 'identity');
  assert.equal(readDocuments(policy(stmt('"Principal": {"Service": "batch.amazonaws.com"}, "Action": "sts:AssumeRole"'))).fileKind, 'trust');
  assert.equal(readDocuments(policy(stmt('"Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"'))).fileKind, 'resource');
  assert.equal(readDocuments('{"name": "tool", "version": "1.2.3"}').fileKind, 'unknown');
  assert.equal(readDocuments('{"compilerOptions": {"strict": true}}').fileKind, 'unknown');
});

test('kinds: a trust policy with a misplaced PassRole, or with a Resource, is still a trust policy', () => {
  assert.equal(readDocuments(policy(stmt('"Principal": {"Service": "ec2.amazonaws.com"}, "Action": "iam:PassRole"'))).fileKind, 'trust');
  assert.equal(readDocuments(policy(stmt('"Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole", "Resource": "*"'))).fileKind, 'trust');
});

test('kinds: statements that disagree follow the file name, else the majority; the setting wins', () => {
  const mixed = policy(stmt('"Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"'), stmt('"Action": "sts:AssumeRole"'));
  assert.equal(readDocuments(mixed, { fileName: 'roles/app-trust.json' }).fileKind, 'trust');
  assert.equal(readDocuments(mixed, { fileName: 'roles/app-assume-role-policy.json' }).documents[0]!.kindSource, 'file-name');
  assert.equal(readDocuments(mixed, { fileName: 'x.json' }).fileKind, 'trust', 'tie with only STS actions goes to trust');
  const majority = policy(stmt('"Action": "s3:GetObject", "Resource": "*"'), stmt('"Action": "s3:PutObject", "Resource": "*"'), stmt('"Principal": "*", "Action": "s3:GetObject", "Resource": "*"'));
  assert.equal(readDocuments(majority).fileKind, 'identity');
  const forced = readDocuments(majority, { kind: 'resource' });
  assert.deepEqual([forced.fileKind, forced.documents[0]!.kindSource], ['resource', 'forced']);
  assert.equal(readDocuments('{"anything": true}', { kind: 'trust' }).fileKind, 'trust', 'a forced kind makes any object a policy');
});

test('CloudFormation: every embedded document, with the kind its property implies', () => {
  const t = JSON.stringify({
    AWSTemplateFormatVersion: '2010-09-09',
    Resources: {
      Role: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: { Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] }, Policies: [{ PolicyName: 'a', PolicyDocument: { Statement: [] } }, { PolicyName: 'b', PolicyDocument: { Statement: [] } }] } },
      Managed: { Type: 'AWS::IAM::ManagedPolicy', Properties: { PolicyDocument: { Statement: [] } } },
      BucketPolicy: { Type: 'AWS::S3::BucketPolicy', Properties: { PolicyDocument: { Statement: [] } } },
      Custom: { Type: 'AWS::Foo::Bar', Properties: { Document: { Statement: [] } } },
      Bucket: { Type: 'AWS::S3::Bucket' },
    },
  });
  const a = readDocuments(t);
  assert.equal(a.fileKind, 'cloudformation');
  assert.deepEqual(
    a.documents.map((d) => [d.cfn!.location, d.kind, d.kindSource]),
    [
      ['Role.Properties.AssumeRolePolicyDocument', 'trust', 'context'],
      ['Role.Properties.Policies[0].PolicyDocument', 'identity', 'context'],
      ['Role.Properties.Policies[1].PolicyDocument', 'identity', 'context'],
      ['Managed.Properties.PolicyDocument', 'identity', 'context'],
      ['BucketPolicy.Properties.PolicyDocument', 'resource', 'context'],
      ['Custom.Properties.Document', 'identity', 'content'],
    ],
  );
});

test('bad input never throws and says what happened', () => {
  const cases: [string, string, string][] = [
    ['', 'json-syntax', 'empty'],
    ['\u0000\u0001PK binary', 'json-syntax', 'binary'],
    ['{"Statement": ' + '['.repeat(10000) + ']'.repeat(10000) + '}', 'analysis-limit', 'nested more than'],
    ['{"Version": "2012-10-17", "Statement": [', 'json-syntax', 'Invalid JSON'],
  ];
  for (const [text, rule, words] of cases) {
    const start = Date.now();
    const { findings } = analyze(text, { syntaxErrors: 'all' });
    assert.ok(Date.now() - start < 2000, 'bounded time');
    assert.equal(findings[0]?.ruleId, rule, JSON.stringify(findings));
    assert.match(findings[0].message, new RegExp(words, 'i'));
  }
  const big = policy(...Array.from({ length: 70000 }, (_, i) => stmt(`"Action": "s3:GetObject", "Resource": "arn:aws:s3:::b-${i}/*"`)));
  const { findings } = analyze(big, { syntaxErrors: 'all' });
  assert.deepEqual(findings.map((f) => f.ruleId), ['analysis-limit']);
  assert.match(findings[0]!.message, /MB, over the 5\.0 MB limit/);
  assert.deepEqual(analyze(big, { maxSize: 20 * 1024 * 1024 }).findings.filter((f) => f.ruleId === 'analysis-limit'), []);
});

test('a garbled file: five syntax errors reported, the total counted past the ones kept', () => {
  // `"Resource"` followed by 1,000 copies of `${aws:x}` instead of `: value`: several errors each.
  const text = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource"' + '${aws:x}'.repeat(1000) + '}]}';
  const parsed = parseJson(text);
  assert.equal(parsed.errors.length, 1000, 'only the first errors are kept');
  assert.ok(parsed.errorCount! > 3000, String(parsed.errorCount));
  const syntax = analyze(text).findings.filter((f) => f.ruleId === 'json-syntax');
  assert.equal(syntax.length, 5);
  const deduplicatedKept = parsed.errors.filter((e, i, all) => i === 0 || all[i - 1]!.offset !== e.offset).length;
  assert.equal(syntax[4]!.message.match(/…and (\d+) more JSON errors/)?.[1], String(deduplicatedKept - 5 + parsed.errorCount! - 1000));
  // Past 1,000 errors the recovered content is not checked: one info finding says so.
  const { findings, analysis } = analyze(text);
  assert.equal(analysis.skipped, 'garbled');
  assert.deepEqual(analysis.documents, []);
  assert.deepEqual(findings.map((f) => f.ruleId), ['analysis-limit', 'json-syntax', 'json-syntax', 'json-syntax', 'json-syntax', 'json-syntax']);
  assert.equal(findings[0]!.message, `The JSON has ${parsed.errorCount!.toLocaleString('en-US')} syntax errors (more than 1,000): the first ones are reported, and the policy content was not analysed.`);
  // A half-typed policy (a few errors) is still read: its statements are there for hovers and completion.
  const halfTyped = readDocuments('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*",, }');
  assert.equal(halfTyped.skipped, undefined);
  assert.equal(halfTyped.documents[0]?.statements.length, 1);
});

test('the editor only reports syntax errors in files that look like policies', () => {
  assert.deepEqual(analyze('{"compilerOptions": {}, // comment\n}', { syntaxErrors: 'policy-like' }).findings, []);
  assert.equal(analyze('{"Statement": [ {"Effect": "Allow",, } ]', { syntaxErrors: 'policy-like' }).findings[0]?.ruleId, 'json-syntax');
});

test('a rule that throws is reported and the other rules still run', () => {
  const rule = RULES.find((r) => r.id === 'duplicate-sid')!;
  const original = rule.check.bind(rule);
  const errors: [string, unknown][] = [];
  rule.check = () => {
    throw new Error('planted');
  };
  try {
    const findings = analyze(policy(stmt('"Action": "iam:PassRole", "Resource": "*"')), { onRuleError: (id, e) => errors.push([id, e]) }).findings;
    assert.ok(findings.some((f) => f.ruleId === 'passrole-wildcard-resource'));
    assert.equal(errors.length, 1);
    assert.equal(errors[0]![0], 'duplicate-sid');
    assert.match(String(errors[0]![1]), /planted/);
  } finally {
    rule.check = original;
  }
});

test('edits keep the layout: indentation unit, line endings, one-line objects', () => {
  const tabs = '{\r\n\t"Version": "2012-10-17",\r\n\t"Statement": []\r\n}';
  assert.deepEqual(detectLayout(tabs), { indent: '\t', eol: '\r\n' });
  const root = parseJson(tabs).root!;
  assert.equal(applyEdits(tabs, [insertProperty(tabs, root, 'Id', '"x"', detectLayout(tabs))]), '{\r\n\t"Version": "2012-10-17",\r\n\t"Statement": [],\r\n\t"Id": "x"\r\n}');
  assert.equal(applyEdits(tabs, [insertProperty(tabs, root, 'Id', '"x"', detectLayout(tabs), 'first')]), '{\r\n\t"Id": "x",\r\n\t"Version": "2012-10-17",\r\n\t"Statement": []\r\n}');
  const inline = '{"a": 1, "b": [1, 2]}';
  const r2 = parseJson(inline).root!;
  assert.equal(applyEdits(inline, [insertProperty(inline, r2, 'c', 'true', detectLayout(inline))]), '{"a": 1, "b": [1, 2], "c": true}');
  const arr = r2.children![1]!.children![1]!;
  assert.equal(applyEdits(inline, [insertArrayItem(inline, arr, '3', detectLayout(inline))]), '{"a": 1, "b": [1, 2, 3]}');
  assert.equal(applyEdits(inline, [removeMember(inline, r2, r2.children![0]!)]), '{"b": [1, 2]}');
  assert.equal(applyEdits(inline, [removeMember(inline, r2, r2.children![1]!)]), '{"a": 1}');
  const empty = '{\n    "x": {}\n}';
  const obj = parseJson(empty).root!.children![0]!.children![1]!;
  assert.equal(applyEdits(empty, [insertProperty(empty, obj, 'k', '"v"', detectLayout(empty))]), '{\n    "x": {"k": "v"}\n}');
});

test('fix-all reaches a fixed point and keeps the JSON valid', () => {
  const text = '{\n    "Statement": [\n        {\n            "Effect": "Allow",\n            "Action": ["lambda:CreateFunction", "iam:PassRole"],\n            "Resource": "*"\n        }\n    ]\n}\n';
  const once = fixAll(text);
  assert.ok(once.passes >= 1);
  assert.deepEqual(parseJson(once.text).errors, []);
  assert.equal(fixAll(once.text).text, once.text, 'fixing a fixed file changes nothing');
  assert.deepEqual(analyze(once.text).findings.map((f) => f.ruleId), []);
  assert.match(once.text, /^\{\n {4}"Version": "2012-10-17",\n {4}"Statement": \[/);
});

test('wildcard matching: * and ?, case-insensitive by default, linear on runs of stars', () => {
  assert.equal(wildcardMatch('iam:pass*', 'IAM:PassRole'), true);
  assert.equal(wildcardMatch('iam:Pass?ole', 'iam:passrole'), true);
  assert.equal(wildcardMatch('iam:Pass?ole', 'iam:PassRoles'), false);
  assert.equal(wildcardMatch('s3:*Object*', 's3:GetObjectAcl'), true);
  assert.equal(wildcardMatch('s3:*Object', 's3:GetObjectAcl'), false);
  assert.equal(wildcardMatch('arn:aws:iam::*:role/App*', 'arn:aws:iam::111122223333:role/app-x', false), false);
  assert.equal(wildcardMatch('arn:aws:iam::*:role/App*', 'arn:aws:iam::111122223333:role/App-x', false), true);
  // Non-ASCII values are lower-cased whole (É/é), ASCII ones per character.
  assert.equal(wildcardRegExp('Été*').test('éTÉs'), true);
  assert.equal(wildcardRegExp('Été*').test('eté'), false);
  assert.equal(wildcardMatch('*'.repeat(5000) + 'b', 'a'.repeat(5000)), false);
});

test('wildcard matching: the literal start settles a pair the same way the full match does', () => {
  // Differs before the first wildcard; shorter than the literal start; differs only in case.
  assert.equal(wildcardMatch('s3:Get*', 'iam:PassRole'), false);
  assert.equal(wildcardMatch('iam:PassRole*', 'iam:Pass'), false);
  assert.equal(wildcardMatch('IAM:pass*', 'iam:PassRole'), true);
  assert.equal(wildcardMatch('IAM:pass*', 'iam:PassRole', false), false);
  assert.equal(wildcardMatch('iam:Pass*', 'iam:PassRole', false), true);
  // A start outside ASCII is left to the full match: É folds to é, the Kelvin sign K to k.
  assert.equal(wildcardMatch('É*', 'été'), true);
  assert.equal(wildcardMatch('k*', '\u212Aey'), true);
  assert.equal(wildcardMatch('?am:*', 'iam:PassRole'), true);
  // Without a wildcard: the first character first, then the whole text (any case unless asked otherwise).
  assert.equal(wildcardMatch('S3:GetObject', 's3:getobject'), true);
  assert.equal(wildcardMatch('S3:GetObject', 's3:getobject', false), false);
  assert.equal(wildcardMatch('sts:AssumeRole', 's3:GetObject'), false);
  assert.equal(wildcardMatch('', ''), true);
  assert.equal(wildcardMatch('', 'a'), false);
  assert.equal(wildcardMatch('a', ''), false);
});

test('edit distance: bounded Levenshtein', () => {
  assert.equal(editDistance('PassRole', 'PasRole'), 1);
  assert.equal(editDistance('PassRole', 'PassRloe'), 2);
  assert.equal(editDistance('kitten', 'sitting'), 3);
  assert.equal(editDistance('', 'abc'), 3);
  assert.equal(editDistance('GetObject', 'PutBucketPolicy', 2), 3, 'stops past the limit');
  assert.deepEqual(closest('GetObjct', ['GetObject', 'GetObjectAcl', 'PutObject'], 3), ['GetObject', 'PutObject']);
  assert.deepEqual(closest('GetObjct', ['GetObject', 'GetObjectAcl', 'PutObject'], 2), ['GetObject']);
});

test('policy-structure: a key repeated in an object is reported at each repetition, in small and large objects', () => {
  // A Condition block of ten operators (checked with a set) and a statement of a few keys (checked pairwise).
  const operators = Array.from({ length: 10 }, (_, i) => `"StringEquals${i === 9 ? '' : 'IfExists'}": {"aws:k${i}": "v"}`);
  operators.push('"StringEqualsIfExists": {"aws:k10": "v"}');
  const text = `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Effect": "Allow", "Resource": "*", "Condition": {${operators.join(', ')}}}]}`;
  const found = analyze(text)
    .findings.filter((f) => f.ruleId === 'policy-structure' && /appears twice/.test(f.message))
    .map((f) => text.slice(f.offset, f.offset + f.length));
  // The second Effect; and StringEqualsIfExists from its second to its tenth appearance.
  assert.deepEqual(found, ['"Effect"', ...Array.from({ length: 9 }, () => '"StringEqualsIfExists"')]);
});

test('ARN fields: split on the first five colons outside ${…}, the rest kept in the resource', () => {
  assert.deepEqual(parseArn('arn:aws:iam::111122223333:role/path/Name'), { partition: 'aws', service: 'iam', region: '', account: '111122223333', resource: 'role/path/Name' });
  assert.deepEqual(parseArn('arn:${AWS::Partition}:s3:::bucket/${aws:username}/a:b:c'), { partition: '${AWS::Partition}', service: 's3', region: '', account: '', resource: 'bucket/${aws:username}/a:b:c' });
  assert.deepEqual(parseArn('ARN:aws:sns:${AWS::Region}:${AWS::AccountId}:topic'), { partition: 'aws', service: 'sns', region: '${AWS::Region}', account: '${AWS::AccountId}', resource: 'topic' });
  assert.equal(parseArn('arn:aws:iam::role'), undefined);
  assert.equal(parseArn('arn:aws:iam:${oops:1:2:3'), undefined, 'an unclosed ${ takes the colons after it');
  assert.equal(parseArn('iam:PassRole'), undefined);
});

test('condition keys compare without regard to case, also outside ASCII', () => {
  assert.equal(sameKey('iam:PassedToService', 'IAM:passedtoservice'), true);
  assert.equal(sameKey('iam:PassedToService', 'iam:PassedToServices'), false);
  assert.equal(sameKey('aws:PrincipalTag/Team', 'aws:PrincipalTag/Tean'), false);
  assert.equal(sameKey('aws:PrincipalTag/ÉQUIPE', 'aws:principaltag/équipe'), true);
  // Lower-cased, İ becomes two characters: keys of different lengths can still be the same.
  assert.equal(sameKey('aws:RequestTag/İ', 'aws:requesttag/i̇'), true);
});

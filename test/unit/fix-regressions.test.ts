// Inputs where applying fixes once went wrong (found by reading the rules against their documentation):
// fix-all must leave no new error behind and must not widen or lock out what the author wrote. A fix that
// would let an Allow match more is offered and not applied: those are checked by applying the offered fix.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { analyze, applyEdits, fixAll } from '../../server/src/engine';

const policy = (...statements: unknown[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2);
const ids = (text: string) => analyze(text).findings.map((f) => f.ruleId);
/** The text after the first (or only) fix offered for the first finding of a rule. */
const offered = (text: string, rule: string) => applyEdits(text, analyze(text).findings.find((f) => f.ruleId === rule)!.fixes[0]!.edits());

test('a misspelled iam:PassedToService is renamed, not joined by a second key', () => {
  const text = policy({ Effect: 'Allow', Action: 'lambda:CreateFunction', Resource: '*' }, { Effect: 'Allow', Action: 'iam:PassRole', Resource: 'arn:aws:iam::111122223333:role/fn', Condition: { StringEquals: { 'aws:PassedToService': 'lambda.amazonaws.com' } } });
  assert.deepEqual(ids(text), ['passed-to-service-invalid']);
  // The renamed key would let the role be passed to Lambda, which the misspelled key never did: not applied.
  assert.equal(fixAll(text).text, text);
  const fixed = offered(text, 'passed-to-service-invalid');
  assert.deepEqual(ids(fixed), []);
  assert.equal(fixed.match(/iam:PassedToService/g)?.length, 1);
});

test('splitting PassRole out moves iam:AssociatedResourceArn with it and keeps only role resources', () => {
  const text = policy({
    Effect: 'Allow',
    Action: ['ec2:RunInstances', 'iam:PassRole'],
    Resource: ['arn:aws:ec2:us-east-1:111122223333:instance/*', 'arn:aws:ec2:us-east-1::image/*', 'arn:aws:iam::111122223333:role/WebServer'],
    Condition: { ArnLike: { 'iam:AssociatedResourceArn': 'arn:aws:ec2:us-east-1:111122223333:instance/*' } },
  });
  // ec2:RunInstances, which the condition kept from ever matching, matches after the split: not applied.
  assert.equal(fixAll(text).text, text);
  const fixed = offered(text, 'passrole-missing-passed-to-service');
  assert.deepEqual(ids(fixed), []);
  const doc = JSON.parse(fixed) as { Statement: { Action: unknown; Resource: unknown; Condition?: unknown }[] };
  assert.deepEqual(doc.Statement[0]!.Condition, undefined);
  assert.deepEqual(doc.Statement[1]!.Resource, 'arn:aws:iam::111122223333:role/WebServer');
  assert.deepEqual(doc.Statement[1]!.Condition, { ArnLike: { 'iam:AssociatedResourceArn': 'arn:aws:ec2:us-east-1:111122223333:instance/*' }, StringEquals: { 'iam:PassedToService': ['ec2.amazonaws.com'] } });
});

test('iam:PassRole in a Deny of a trust policy is reported but not turned into Deny sts:AssumeRole', () => {
  const text = policy({ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }, { Effect: 'Deny', Principal: { AWS: '*' }, Action: 'iam:PassRole' });
  assert.ok(ids(text).includes('passrole-in-trust-policy'));
  assert.equal(fixAll(text).text, text);
});

test('a missing service is added to one list of passable services, not to every grant', () => {
  const text = policy(
    { Effect: 'Allow', Action: 'lambda:CreateFunction', Resource: '*' },
    { Effect: 'Allow', Action: 'iam:PassRole', Resource: 'arn:aws:iam::111122223333:role/a', Condition: { StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } } },
    { Effect: 'Allow', Action: 'iam:PassRole', Resource: 'arn:aws:iam::111122223333:role/b', Condition: { StringEquals: { 'iam:PassedToService': 'glue.amazonaws.com' } } },
  );
  assert.equal(analyze(text).findings.filter((f) => f.ruleId === 'passed-to-service-mismatch').length, 1);
  assert.equal(fixAll(text).text, text, 'adding a service widens what may be passed: offered, not applied');
  assert.equal(offered(text, 'passed-to-service-mismatch').match(/lambda\.amazonaws\.com/g)?.length, 1);
});

test('a misspelled principal is corrected once, not duplicated by the mismatch fix', () => {
  const text = policy({ Effect: 'Allow', Action: 'lambda:CreateFunction', Resource: '*' }, { Effect: 'Allow', Action: 'iam:PassRole', Resource: '*', Condition: { StringEquals: { 'iam:PassedToService': ['lamda.amazonaws.com'] } } });
  assert.deepEqual(ids(text), ['passed-to-service-invalid']);
  assert.equal(fixAll(text).text, text, 'the corrected principal may receive the role, which the misspelled one never could');
  const fixed = offered(text, 'passed-to-service-invalid');
  assert.equal(fixed.match(/lambda\.amazonaws\.com/g)?.length, 1);
  assert.deepEqual(ids(fixed), []);
});

test('far guesses are offered but not applied; a bare service name follows the policy\'s own launch actions', () => {
  const far = policy({ Effect: 'Allow', Action: 'iam:PassRole', Resource: 'arn:aws:iam::111122223333:role/a', Condition: { StringEquals: { 'iam:PassedToService': 'foo.amazonaws.com' } } });
  const f = analyze(far).findings.find((x) => x.ruleId === 'passed-to-service-invalid')!;
  assert.ok(f.fixes.length === 1 && !f.fixes[0]!.preferred);
  assert.equal(fixAll(far).text, far);
  const ecs = policy({ Effect: 'Allow', Action: 'ecs:RunTask', Resource: '*' }, { Effect: 'Allow', Action: 'iam:PassRole', Resource: 'arn:aws:iam::111122223333:role/task', Condition: { StringEquals: { 'iam:PassedToService': 'ECS' } } });
  assert.match(offered(ecs, 'passed-to-service-invalid'), /"iam:PassedToService": "ecs-tasks\.amazonaws\.com"/);
  // In a Deny guard's negated test the corrected value narrows what may be passed: applied.
  const guard = policy({ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' }, { Effect: 'Deny', Action: 'iam:PassRole', Resource: '*', Condition: { StringEquals: { 'iam:PassedToService': 'Lambda.amazonaws.com' } } });
  assert.match(fixAll(guard).text, /"iam:PassedToService": "lambda\.amazonaws\.com"/);
});

test('the instance-profile fix edits the string inside Fn::Sub', () => {
  const text = JSON.stringify({ Resources: { P: { Type: 'AWS::IAM::Policy', Properties: { PolicyName: 'p', PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:PassRole', Resource: { 'Fn::Sub': 'arn:aws:iam::${AWS::AccountId}:instance-profile/Legacy' }, Condition: { StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } } }] } } } } });
  const f = analyze(text).findings.find((x) => x.ruleId === 'passrole-resource-not-role')!;
  const edit = f.fixes[0]!.edits()[0]!;
  assert.equal(edit.newText, '"arn:aws:iam::${AWS::AccountId}:role/Legacy"');
  assert.equal(text.slice(edit.offset - 10, edit.offset), '"Fn::Sub":');
});

test('StringEqualsIfExists and StringNotEquals on iam:PassedToService leave other actions working', () => {
  for (const op of ['StringEqualsIfExists', 'StringNotEquals', 'ForAllValues:StringEquals']) {
    const text = policy({ Effect: 'Allow', Action: ['iam:PassRole', 'ec2:RunInstances'], Resource: 'arn:aws:iam::111122223333:role/Web', Condition: { [op]: { 'iam:PassedToService': 'ec2.amazonaws.com' } } });
    assert.ok(!ids(text).includes('passed-to-service-shared-statement'), op);
  }
});

test('conditions that let every service through do not count as narrowing', () => {
  const broad = policy({ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*', Condition: { StringLike: { 'iam:PassedToService': '*.amazonaws.com' } } });
  assert.deepEqual(ids(broad), ['passrole-wildcard-resource']);
  const noopGuard = policy({ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' }, { Effect: 'Deny', Action: 'iam:PassRole', Resource: '*', Condition: { StringNotLike: { 'iam:PassedToService': '*' } } });
  assert.deepEqual(ids(noopGuard), ['passrole-wildcard-resource']);
});

test('a Deny guard limits PassRole for the mismatch check too', () => {
  const text = policy({ Effect: 'Allow', Action: ['lambda:CreateFunction', 'iam:*'], Resource: '*' }, { Effect: 'Deny', Action: 'iam:PassRole', Resource: '*', Condition: { StringNotEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } } });
  assert.deepEqual(ids(text), ['passed-to-service-mismatch']);
  // Offered (not applied by fix-all, which never loosens a Deny): it adds the service to the guard's list.
  const fix = analyze(text).findings.find((f) => f.ruleId === 'passed-to-service-mismatch')!.fixes[0]!;
  assert.match(applyEdits(text, fix.edits()), /"StringNotEquals": \{\n\s+"iam:PassedToService": \["ec2\.amazonaws\.com", "lambda\.amazonaws\.com"\]/);
});

test('ARN resource parts are case-sensitive: Role/X names no role', () => {
  const text = policy({ Effect: 'Allow', Action: 'iam:PassRole', Resource: 'arn:aws:iam::111122223333:Role/X', Condition: { StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } } });
  assert.deepEqual(ids(text), ['passrole-resource-not-role']);
});

test('splitting PassRole out of a single-object Statement yields valid JSON with PassRole moved', () => {
  const text = '{\n  "Version": "2012-10-17",\n  "Statement": {\n    "Effect": "Allow",\n    "Action": ["lambda:CreateFunction", "iam:PassRole"],\n    "Resource": "*"\n  }\n}\n';
  const fixed = fixAll(text).text;
  assert.equal(
    fixed,
    '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Action": ["lambda:CreateFunction"],\n      "Resource": "*"\n    },\n    {\n      "Effect": "Allow",\n      "Action": "iam:PassRole",\n      "Resource": "*",\n      "Condition": {\n        "StringEquals": {\n          "iam:PassedToService": ["lambda.amazonaws.com"]\n        }\n      }\n    }\n  ]\n}\n',
  );
});

test('a trust policy: the PassRole fix says what it does (remove when an assume action is already there)', () => {
  const trust = (action: unknown) => policy({ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: action });
  const titles = (text: string) => analyze(text).findings.filter((f) => f.ruleId === 'passrole-in-trust-policy').map((f) => f.fixes.map((x) => x.title));
  assert.deepEqual(titles(trust(['sts:AssumeRole', 'iam:PassRole'])), [['Remove iam:PassRole']]);
  assert.deepEqual(titles(trust(['iam:PassRole', 'sts:TagSession'])), [['Replace with sts:AssumeRole']]);
  assert.deepEqual(titles(trust(['iam:PassRole', 'iam:Pass*'])), [['Replace with sts:AssumeRole'], ['Remove iam:Pass*']]);
  // Removing narrows and is applied; the assume action would let Lambda assume the role: offered only.
  const fixed = fixAll(trust(['iam:PassRole', 'iam:Pass*']), {}, new Set(['passrole-in-trust-policy'])).text;
  assert.deepEqual((JSON.parse(fixed) as { Statement: { Action: unknown }[] }).Statement[0]!.Action, ['iam:PassRole']);
});

test('a shared statement whose list also has iam:* is not split (the split would leave PassRole unconditioned)', () => {
  for (const action of [['iam:PassRole', 'iam:*'], ['iam:*', 'iam:PassRole']]) {
    const text = policy({ Effect: 'Allow', Action: action, Resource: '*', Condition: { StringEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' } } });
    const shared = analyze(text).findings.filter((f) => f.ruleId === 'passed-to-service-shared-statement');
    assert.equal(shared.length, 1, JSON.stringify(action));
    assert.deepEqual(shared[0]!.fixes, [], JSON.stringify(action));
  }
  const splittable = policy({ Effect: 'Allow', Action: ['iam:PassRole', 'iam:GetRole'], Resource: '*', Condition: { StringEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' } } });
  assert.equal(fixAll(splittable).text, splittable, 'iam:GetRole starts to match after the split: offered, not applied');
  const fixed = offered(splittable, 'passed-to-service-shared-statement');
  assert.ok(!ids(fixed).includes('passed-to-service-shared-statement'));
  const doc = JSON.parse(fixed) as { Statement: { Action: unknown; Condition?: unknown }[] };
  assert.deepEqual(doc.Statement.map((s) => s.Action), [['iam:GetRole'], 'iam:PassRole']);
});

test('Null on iam:PassedToService takes "true"/"false", not service principals', () => {
  const text = policy(
    { Effect: 'Allow', Action: 'ecs:RunTask', Resource: '*' },
    { Effect: 'Allow', Action: 'iam:PassRole', Resource: 'arn:aws:iam::111122223333:role/task', Condition: { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' }, Null: { 'iam:PassedToService': 'false' } } },
  );
  assert.deepEqual(ids(text), []);
});

test('a Deny guard is not loosened by fix-all: the mismatch fix is offered, not preferred', () => {
  const text = policy(
    { Effect: 'Allow', Action: ['lambda:CreateFunction', 'iam:PassRole'], Resource: '*' },
    { Effect: 'Deny', Action: 'iam:PassRole', Resource: '*', Condition: { StringNotEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } } },
  );
  const mismatch = analyze(text).findings.find((f) => f.ruleId === 'passed-to-service-mismatch');
  assert.ok(mismatch);
  assert.deepEqual(mismatch.fixes.map((f) => [f.title, f.preferred ?? false]), [['Add lambda.amazonaws.com to iam:PassedToService', false]]);
  assert.equal(fixAll(text).text, text, 'fix-all changes nothing');
});

test('an action value too long to be an action is reported briefly, not quoted whole', () => {
  const long = 's3:' + 'Get'.repeat(200);
  const f = analyze(policy({ Effect: 'Allow', Action: long, Resource: '*' })).findings.find((x) => x.ruleId === 'unknown-action');
  assert.ok(f);
  assert.equal(f.message, `\`s3:${'Get'.repeat(19)}…\` (603 characters) is not an action: no IAM action name is anywhere near that long.`);
});

test('fix applies what narrows and leaves what would widen: each rule decides by the statement\'s effect', () => {
  // unknown-action: a corrected action is allowed where the typo allowed nothing; in a Deny it denies more.
  const allowTypo = policy({ Effect: 'Allow', Action: 's3:GetObjet', Resource: '*' });
  assert.equal(fixAll(allowTypo).text, allowTypo);
  const denyTypo = policy({ Effect: 'Allow', Action: 's3:*', Resource: '*' }, { Effect: 'Deny', Action: 's3:DeleteBuckt', Resource: '*' });
  assert.match(fixAll(denyTypo).text, /"Action": "s3:DeleteBucket"/);
  // condition-operator: StringNotEquals → StringNotLike narrows an Allow; StringEquals → StringLike widens it.
  const notLike = policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { StringNotEquals: { 'aws:ResourceTag/env': 'prod-*' } } });
  assert.match(fixAll(notLike).text, /"StringNotLike"/);
  const like = policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/env': 'dev-*' } } });
  assert.equal(fixAll(like).text, like);
  // trust-action-principal-mismatch: in a Deny the fitting action denies the provider; in an Allow it would admit it.
  const saml = (effect: string) => policy({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'sts:AssumeRole' }, { Effect: effect, Principal: { Federated: 'arn:aws:iam::111122223333:saml-provider/Corp' }, Action: 'sts:AssumeRole' });
  assert.match(fixAll(saml('Deny')).text, /"sts:AssumeRoleWithSAML"/);
  assert.equal(fixAll(saml('Allow')).text, saml('Allow'));
});

test('the Version fix is not applied to a document whose policy variables it would turn on', () => {
  const withVariables = JSON.stringify({ Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::home/${aws:username}/*' }] }, null, 2);
  assert.ok(ids(withVariables).includes('policy-version'));
  assert.equal(fixAll(withVariables).text, withVariables);
  const plain = JSON.stringify({ Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::home/*' }] }, null, 2);
  assert.match(fixAll(plain).text, /"Version": "2012-10-17"/);
});

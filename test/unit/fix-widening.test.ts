// Fix safety as a property: no fix that `iam-role-lens fix` or fix-on-save applies (a preferred fix) may let
// an Allow match a request it did not match before. Over every rule fixture and every corpus policy, each
// preferred fix alone, the preferred fixes of one pass together, and the whole `fix` (every pass) are applied;
// each policy document they change is then evaluated, before and after, on sample requests (action, role,
// service, principal, condition values) by the small evaluator of test/support/evaluator.ts.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { evaluate } from '../support/evaluator';
import { check, corpusCases, fixtureCases } from '../support/fix-widening';
import { grownAllows, sampleRequests } from '../support/requests';
import { CORPUS } from '../support/paths';

// ---- The evaluator itself ----------------------------------------------------------------------------

const passRole = (condition?: object) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*', ...(condition ? { Condition: condition } : {}) }] });
const request = (service: string) => ({ action: 'iam:PassRole', resource: 'arn:aws:iam::111122223333:role/zz-admin', context: { 'iam:passedtoservice': [service] } });

test('the evaluator: Allow, Deny and nothing; actions, resources and conditions as IAM reads them', () => {
  assert.equal(evaluate(passRole(), 'identity', request('lambda.amazonaws.com')), 'allow');
  assert.equal(evaluate(passRole({ StringEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' } }), 'identity', request('ec2.amazonaws.com')), 'none');
  assert.equal(evaluate(passRole({ StringEquals: { 'iam:PassedToService': '*.amazonaws.com' } }), 'identity', request('lambda.amazonaws.com')), 'none', 'StringEquals compares a star literally');
  assert.equal(evaluate(passRole({ StringLike: { 'iam:PassedToService': '*.amazonaws.com' } }), 'identity', request('lambda.amazonaws.com')), 'allow');
  assert.equal(evaluate(passRole({ StringNotEquals: { 'aws:ResourceTag/team': 'x' } }), 'identity', request('lambda.amazonaws.com')), 'allow', 'a negated test on an absent key is true');
  assert.equal(evaluate(passRole({ 'ForAllValues:StringEquals': { 'aws:TagKeys': ['a'] } }), 'identity', request('lambda.amazonaws.com')), 'allow', 'ForAllValues is true for an absent key');
  assert.equal(evaluate(passRole({ 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['a'] } }), 'identity', request('lambda.amazonaws.com')), 'none');
  const denied = { Version: '2012-10-17', Statement: [...passRole().Statement, { Effect: 'Deny', NotAction: 's3:*', Resource: '*' }] };
  assert.equal(evaluate(denied, 'identity', request('lambda.amazonaws.com')), 'deny');
  const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:role/Ops' }, Action: 'sts:AssumeRole' }] };
  assert.equal(evaluate(trust, 'trust', { action: 'sts:AssumeRole', principal: { type: 'AWS', id: 'arn:aws:sts::111122223333:assumed-role/Ops/s1' }, context: {} }), 'allow', 'a role ARN matches its sessions');
  assert.equal(evaluate(trust, 'trust', { action: 'sts:AssumeRole', principal: { type: 'AWS', id: 'arn:aws:iam::111122223333:role/Other' }, context: {} }), 'none');
  const vars = (version: string) => ({ Version: version, Statement: [{ Effect: 'Allow', Action: 'iam:PassRole', Resource: 'arn:aws:iam::111122223333:role/${aws:username}' }] });
  const mine = { action: 'iam:PassRole', resource: 'arn:aws:iam::111122223333:role/alice', context: { 'aws:username': ['alice'], 'iam:passedtoservice': ['lambda.amazonaws.com'] } };
  assert.equal(evaluate(vars('2012-10-17'), 'identity', mine), 'allow');
  assert.equal(evaluate(vars('2008-10-17'), 'identity', mine), 'none', 'no policy variables in the old language');
});

test('the comparison finds a widening: StringEquals with a wildcard service turned into StringLike', () => {
  const before = passRole({ StringEquals: { 'iam:PassedToService': '*.amazonaws.com' } });
  const after = passRole({ StringLike: { 'iam:PassedToService': '*.amazonaws.com' } });
  assert.ok(grownAllows(before, after, 'identity').length > 0);
  assert.deepEqual(grownAllows(after, before, 'identity'), [], 'the other way round only narrows');
  assert.ok(sampleRequests([before], 'identity').some((r) => r.context['iam:passedtoservice']?.[0] === 'zz.amazonaws.com'), 'wildcard values are filled in');
});

test('the comparison finds a widening in a trust policy: a principal that could not assume the role now can', () => {
  const doc = (action: string) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Federated: 'arn:aws:iam::111122223333:saml-provider/Corp' }, Action: action }] });
  assert.ok(grownAllows(doc('sts:AssumeRole'), doc('sts:AssumeRoleWithSAML'), 'trust').length > 0);
  const deny = (action: string) => ({ Version: '2012-10-17', Statement: [...doc('sts:AssumeRoleWithSAML').Statement, { Effect: 'Deny', Principal: { Federated: 'arn:aws:iam::111122223333:saml-provider/Corp' }, Action: action }] });
  assert.deepEqual(grownAllows(deny('sts:AssumeRole'), deny('sts:AssumeRoleWithSAML'), 'trust'), [], 'in a Deny the same change only narrows');
});

// ---- The property ------------------------------------------------------------------------------------

test('no preferred fix of any rule fixture lets an Allow match more requests', () => {
  const { fixes, problems } = check(fixtureCases());
  console.log(`fix widening: ${fixes} fixes over the rule fixtures`);
  assert.deepEqual(problems, []);
  assert.ok(fixes > 60, `${fixes} fixes checked`);
});

test('no preferred fix on any corpus policy lets an Allow match more requests', () => {
  const { fixes, problems } = check(corpusCases(CORPUS));
  console.log(`fix widening: ${fixes} fixes over the corpus`);
  assert.deepEqual(problems, []);
  assert.ok(fixes > 50, `${fixes} fixes checked`);
});

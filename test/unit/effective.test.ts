// What a policy really allows through the two gates (iam/effective.ts): Deny statements by name, by an IAM
// wildcard and by NotAction; Resource and NotResource; conditions that can be decided and ones that cannot;
// tags that narrow; role patterns with a wildcard inside the name. Every PassRole and AssumeRole rule reads
// this view, so they are checked here to agree with it, in English and Japanese.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { analyze, readDocuments, type Locale } from '../../server/src/engine';
import { ASSUME_ROLE, PASS_ROLE } from '../../server/src/engine/iam/actions';
import { hasInnerRoleWildcard } from '../../server/src/engine/iam/arn';
import { gateView, isNarrowed, liveGrants, passableServices, type Gate } from '../../server/src/engine/iam/effective';
import type { ManagedPolicy } from '../../server/src/engine/iam/managed-policies';
import { managedGateDocument } from '../../server/src/engine/identities';
import { hover } from '../../server/src/engine/hover';

const policy = (...statements: unknown[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2);
const allowAll = { Effect: 'Allow', Action: ['iam:PassRole', 'sts:AssumeRole', 'lambda:CreateFunction', 'lambda:InvokeFunction', 'ec2:RunInstances'], Resource: '*' };
const view = (text: string, gate: Gate = PASS_ROLE) => gateView(readDocuments(text).documents[0]!, gate);
const rules = (text: string, locale: Locale = 'en') => analyze(text, { locale }).findings.filter((f) => /^(passrole|assumerole|passed-to-service)/.test(f.ruleId));
const ids = (text: string) => rules(text).map((f) => f.ruleId).sort();

const PASSROLE_RULES = ['passrole-wildcard-resource', 'passrole-not-resource', 'passrole-missing-passed-to-service', 'passrole-privilege-escalation'];

test('a Deny by name, by an IAM wildcard, or by a NotAction that leaves out a few services takes PassRole away for every rule', () => {
  for (const deny of [
    { Effect: 'Deny', Action: 'iam:PassRole', Resource: '*' },
    { Effect: 'Deny', Action: 'IAM:Pass*', Resource: 'arn:aws:iam::*:role/*' },
    { Effect: 'Deny', NotAction: ['s3:*', 'lambda:*', 'ec2:*', 'sts:*'], Resource: '*' },
    { Effect: 'Deny', Action: 'iam:PassRole', NotResource: 'arn:aws:s3:::bucket' },
  ]) {
    const text = policy(allowAll, deny);
    assert.ok(view(text).grants[0]!.deniedBy, JSON.stringify(deny));
    assert.deepEqual(ids(text).filter((id) => PASSROLE_RULES.includes(id)), [], JSON.stringify(deny));
  }
  // Without the Deny, every PassRole rule that applies speaks.
  assert.deepEqual(ids(policy(allowAll)), ['assumerole-wildcard-resource', 'passrole-privilege-escalation', 'passrole-wildcard-resource']);
});

test('a Deny whose condition cannot be decided, or that covers only some roles, takes nothing away', () => {
  for (const deny of [
    { Effect: 'Deny', Action: 'iam:PassRole', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } } },
    { Effect: 'Deny', Action: 'iam:PassRole', Resource: 'arn:aws:iam::111122223333:role/Admin' },
    { Effect: 'Deny', Action: 'iam:PassRole', Resource: '*', Condition: { StringNotEquals: { 'iam:PassedToService': 'ec2.amazonaws.com', 'aws:ResourceTag/team': 'web' } } },
    { Effect: 'Deny', Action: 'iam:PassRole', Resource: '*', Condition: { Null: { 'iam:PassedToService': 'true' } } },
  ]) {
    const g = view(policy(allowAll, deny)).grants[0]!;
    assert.equal(g.deniedBy, undefined, JSON.stringify(deny));
    assert.equal(g.breadth, 'every');
    assert.ok(ids(policy(allowAll, deny)).includes('passrole-wildcard-resource'), JSON.stringify(deny));
  }
});

test('a Deny with NotResource leaves the roles it lists; a Deny on named roles takes a grant on those roles away', () => {
  const left = view(policy(allowAll, { Effect: 'Deny', Action: 'iam:PassRole', NotResource: ['arn:aws:iam::111122223333:role/Web'] })).grants[0]!;
  assert.equal(left.breadth, 'named');
  assert.equal(left.rolesLeftBy?.roles.length, 1);
  assert.ok(isNarrowed(left));
  const named = policy({ Effect: 'Allow', Action: 'iam:PassRole', Resource: 'arn:aws:iam::111122223333:role/Admin' }, { Effect: 'Deny', Action: 'iam:PassRole', NotResource: 'arn:aws:iam::111122223333:role/Web' });
  assert.ok(view(named).grants[0]!.deniedBy, 'a named role the NotResource does not list is denied');
  const prefix = policy({ Effect: 'Allow', Action: 'iam:PassRole', Resource: 'arn:aws:iam::111122223333:role/ops-web-*' }, { Effect: 'Deny', Action: 'iam:PassRole', Resource: 'arn:aws:iam::111122223333:role/ops-*' });
  assert.ok(view(prefix).grants[0]!.deniedBy, 'role/ops-* covers role/ops-web-*');
});

test('service limits: the grant\'s own iam:PassedToService, or a Deny guard; a Deny of some services narrows no grant', () => {
  const guard = view(policy(allowAll, { Effect: 'Deny', Action: 'iam:PassRole', Resource: '*', Condition: { StringNotEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } } })).grants[0]!;
  assert.deepEqual([guard.passedTo?.from, guard.passedTo?.values], ['deny', ['ec2.amazonaws.com']]);
  const some = view(policy(allowAll, { Effect: 'Deny', Action: 'iam:PassRole', Resource: '*', Condition: { StringEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' } } }));
  assert.equal(some.grants[0]!.passedTo, undefined);
  assert.deepEqual(some.deny.deniedServices.map((d) => d.services), [['lambda.amazonaws.com']]);
  // ... which closes the Lambda path but not the EC2 one.
  const text = policy(allowAll, { Effect: 'Deny', Action: 'iam:PassRole', Resource: '*', Condition: { StringEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' } } });
  const esc = rules(text).find((f) => f.ruleId === 'passrole-privilege-escalation')!;
  assert.match(esc.message, /ec2-001/);
  assert.doesNotMatch(esc.message, /lambda-001/);
});

test('tags narrow PassRole (iam:ResourceTag, aws:ResourceTag, Null false, a Deny guard) and AssumeRole (also the role\'s account)', () => {
  const tagged = (condition: object) => view(policy({ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*', Condition: condition })).grants[0]!;
  for (const c of [{ StringEquals: { 'iam:ResourceTag/team': 'data' } }, { StringLike: { 'aws:ResourceTag/team': 'data-*' } }, { Null: { 'aws:ResourceTag/owner': 'false' } }]) {
    assert.ok(isNarrowed(tagged(c)), JSON.stringify(c));
  }
  for (const c of [{ StringNotEquals: { 'iam:ResourceTag/team': 'data' } }, { StringEqualsIfExists: { 'iam:ResourceTag/team': 'data' } }, { StringLike: { 'aws:ResourceTag/team': '*' } }]) {
    assert.ok(!isNarrowed(tagged(c)), JSON.stringify(c));
  }
  const guard = policy({ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' }, { Effect: 'Deny', Action: 'iam:PassRole', Resource: '*', Condition: { StringNotEquals: { 'aws:ResourceTag/team': ['data', 'ml'] } } });
  assert.deepEqual(view(guard).grants[0]!.roleConditions.map((n) => [n.from, n.key, n.values]), [['deny', 'aws:ResourceTag/team', ['data', 'ml']]]);
  assert.deepEqual(ids(guard), ['passrole-missing-passed-to-service'], 'tag-scoped PassRole is PassRole on chosen roles');
  const assume = policy({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }, { Effect: 'Deny', Action: 'sts:AssumeRole', Resource: '*', Condition: { StringNotEquals: { 'aws:ResourceAccount': '111122223333' } } });
  assert.ok(isNarrowed(view(assume, ASSUME_ROLE).grants[0]!));
  assert.deepEqual(ids(assume), []);
});

test('role patterns: a wildcard inside the role name or path is a broad set of roles; a written prefix is not', () => {
  for (const p of ['role/*-admin', 'role/app-*-prod', 'role/*/deploy', 'role/ops-?', 'role/*Admin*']) assert.ok(hasInnerRoleWildcard(`arn:aws:iam::111122223333:${p}`), p);
  for (const p of ['role/app-*', 'role/service-role/*', 'role/Admin', 'role/*', 'role/${aws:username}', 'user/*-x']) assert.ok(!hasInnerRoleWildcard(`arn:aws:iam::111122223333:${p}`), p);
  const g = view(policy({ Effect: 'Allow', Action: 'iam:PassRole', Resource: ['arn:aws:iam::111122223333:role/app-*', 'arn:aws:iam::111122223333:role/*-admin'] })).grants[0]!;
  assert.equal(g.breadth, 'pattern');
  assert.deepEqual(g.patterns.map((r) => r.text), ['arn:aws:iam::111122223333:role/*-admin']);
});

test('the hover says what narrows a grant, and which tag, in English and Japanese', () => {
  const text = policy({ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*', Condition: { StringEquals: { 'iam:ResourceTag/team': 'data' } } });
  const at = (locale: Locale) => hover(text, text.indexOf('"iam:PassRole"') + 2, { locale })!.markdown;
  assert.match(at('en'), /\*\*narrowed\*\*: only roles tagged `team` = `data` \(`iam:ResourceTag\/team`\)/);
  assert.doesNotMatch(at('en'), /every role/);
  assert.match(at('ja'), /\*\*絞り込み済み\*\*: タグ `team` が `data` のロールだけ（`iam:ResourceTag\/team`）/);
  const denied = policy({ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' }, { Effect: 'Deny', Action: 'iam:*', Resource: '*' });
  assert.match(hover(denied, denied.indexOf('"iam:PassRole"') + 2, { locale: 'en' })!.markdown, /a Deny statement takes this grant away/);
  const pattern = policy({ Effect: 'Allow', Action: 'iam:PassRole', Resource: 'arn:aws:iam::111122223333:role/*-deploy' });
  assert.match(hover(pattern, pattern.indexOf('"iam:PassRole"') + 2, { locale: 'ja' })!.markdown, /ARN が `arn:aws:iam::111122223333:role\/\*-deploy` に一致する\*\*すべてのロール\*\*/);
  const assume = policy({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*', Condition: { StringEquals: { 'aws:ResourceOrgID': 'o-a1b2c3d4e5' } } });
  assert.match(hover(assume, assume.indexOf('"sts:AssumeRole"') + 2, { locale: 'en' })!.markdown, /only roles whose `aws:ResourceOrgID` is `o-a1b2c3d4e5`/);
});

test('the escalation message names a wildcard role pattern, in English and Japanese', () => {
  const text = policy({ Effect: 'Allow', Action: 'iam:PassRole', Resource: 'arn:aws:iam::111122223333:role/*-deploy' }, { Effect: 'Allow', Action: 'ec2:RunInstances', Resource: '*' });
  const en = rules(text).find((f) => f.ruleId === 'passrole-privilege-escalation')!;
  assert.match(en.message, /^`iam:PassRole` on every role whose ARN matches `arn:aws:iam::111122223333:role\/\*-deploy` \(a wildcard inside the role name or path: roles created later match too\), together with `ec2:RunInstances`, opens the privilege-escalation path ec2-001/);
  const ja = rules(text, 'ja').find((f) => f.ruleId === 'passrole-privilege-escalation')!;
  assert.match(ja.message, /^`iam:PassRole` が、ARN が `arn:aws:iam::111122223333:role\/\*-deploy` に一致するすべてのロール（ロール名やパスの途中にワイルドカードがあるため、後から作られたロールも一致します）に許可されており/);
});

test('role links read the same view: a Deny guard limits where a role of the template may be passed', () => {
  const template = (guard: boolean) =>
    JSON.stringify(
      {
        Resources: {
          Fn: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] } } },
          Deployer: {
            Type: 'AWS::IAM::ManagedPolicy',
            Properties: {
              PolicyDocument: {
                Version: '2012-10-17',
                Statement: [
                  { Effect: 'Allow', Action: 'iam:PassRole', Resource: { 'Fn::GetAtt': ['Fn', 'Arn'] } },
                  ...(guard ? [{ Effect: 'Deny', Action: 'iam:PassRole', Resource: '*', Condition: { StringNotEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } } }] : []),
                ],
              },
            },
          },
        },
      },
      null,
      2,
    );
  const unused = (text: string) => analyze(text).findings.filter((f) => f.ruleId === 'passrole-trust-mismatch').map((f) => f.message);
  assert.deepEqual(unused(template(false)), [], 'passable to any service: Lambda included');
  assert.equal(unused(template(true)).length, 1, 'the guard leaves only EC2: nothing passes the role to Lambda');
  assert.match(unused(template(true))[0]!, /trusts `lambda\.amazonaws\.com`, but no PassRole grant on it/);
});

test('an AWS managed policy is read the same way: its Deny statements count for what it lets its holder pass', () => {
  const policy = (statements: object[]): ManagedPolicy => ({
    name: 'Example',
    path: '/',
    arn: 'arn:aws:iam::aws:policy/Example',
    version: 'v1',
    actions: [],
    statements: statements.map((statement) => ({ gates: ['iam:PassRole'], statement: statement as Record<string, unknown> })),
  });
  const span = { offset: 0, length: 1 };
  const allow = { Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' };
  assert.equal(liveGrants(managedGateDocument(policy([allow]), span), PASS_ROLE).length, 1);
  assert.equal(liveGrants(managedGateDocument(policy([allow, { Effect: 'Deny', Action: 'iam:*', Resource: '*' }]), span), PASS_ROLE).length, 0);
  const guarded = liveGrants(managedGateDocument(policy([allow, { Effect: 'Deny', Action: 'iam:PassRole', Resource: '*', Condition: { StringNotEquals: { 'iam:PassedToService': 'glue.amazonaws.com' } } }]), span), PASS_ROLE);
  assert.deepEqual(guarded.map(passableServices), [['glue.amazonaws.com']]);
});

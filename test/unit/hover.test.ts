// Hover content, in English and Japanese, at the places rules.md lists.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { hover } from '../../server/src/engine/hover';
import type { Locale } from '../../server/src/engine';

const POLICY = `{
  "Version": "2012-10-17",
  "Statement": [
    { "Effect": "Allow", "Action": ["batch:SubmitJob", "s3:GetObject", "iam:*", "iam:Pass*", "lamda:CreateFunction"], "Resource": "*" },
    {
      "Effect": "Allow",
      "Action": "iam:PassRole",
      "Resource": "arn:aws:iam::111122223333:role/BatchServiceRole",
      "Condition": { "StringEquals": { "iam:PassedToService": ["batch.amazonaws.com"], "iam:AssociatedResourceArn": "arn:aws:batch:*:111122223333:job-definition/*" } }
    },
    { "Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "arn:aws:iam::111122223333:role/ReadOnly" }
  ]
}`;

const TRUST = `{
  "Version": "2012-10-17",
  "Statement": [
    { "Effect": "Allow", "Principal": { "Service": ["ecs.amazonaws.com", "batch.amazonaws.com"] }, "Action": "sts:AssumeRole" },
    { "Effect": "Allow", "Principal": { "Federated": "arn:aws:iam::111122223333:saml-provider/Okta" }, "Action": "sts:AssumeRoleWithSAML" },
    { "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::444455556666:root" }, "Action": "sts:AssumeRole" }
  ]
}`;

function at(text: string, needle: string, locale: Locale = 'en', nth = 0): { markdown: string; covered: string } {
  let offset = -1;
  for (let i = 0; i <= nth; i++) offset = text.indexOf(needle, offset + 1);
  assert.ok(offset >= 0, `${needle} not in text`);
  const h = hover(text, offset + 1, { locale });
  assert.ok(h, `no hover at ${needle}`);
  return { markdown: h.markdown, covered: text.slice(h.offset, h.offset + h.length) };
}

test('iam:PassRole: the PassRole card, this statement, and the contrast table (en)', () => {
  const h = at(POLICY, '"iam:PassRole"');
  assert.equal(h.covered, '"iam:PassRole"');
  assert.match(h.markdown, /^\*\*`iam:PassRole`\*\*: permission to \*hand a role over\* to an AWS service/);
  assert.match(h.markdown, /\*\*In this statement:\*\* on 1 role ARN pattern · passed only to `batch\.amazonaws\.com` \(`iam:PassedToService`\)/);
  assert.match(h.markdown, /\| Lives in \| the identity-based policy of whoever hands the role over \| the role's trust policy \|/);
});

test('iam:PassRole: Japanese card with AWS terms', () => {
  const h = at(POLICY, '"iam:PassRole"', 'ja');
  assert.match(h.markdown, /ロールを AWS サービスに\*渡す\*ためのアクセス許可/);
  assert.match(h.markdown, /\| 書く場所 \| ロールを渡す側のアイデンティティベースのポリシー \| ロールの信頼ポリシー \|/);
  assert.match(h.markdown, /`batch\.amazonaws\.com` にだけ渡せる/);
});

test('sts:AssumeRole in an identity policy and in a trust policy; SAML form', () => {
  const id = at(POLICY, '"sts:AssumeRole"');
  assert.match(id.markdown, /permission to \*become\* a role/);
  assert.match(id.markdown, /in an \*\*identity-based policy\*\*, it lets the holder assume the roles in `Resource`/);
  const trust = at(TRUST, '"sts:AssumeRole"');
  assert.match(trust.markdown, /in the role's \*\*trust policy\*\*, it says which principals may become this role/);
  const saml = at(TRUST, '"sts:AssumeRoleWithSAML"', 'ja');
  assert.match(saml.markdown, /SAML 2\.0 の ID プロバイダーでフェデレーションしたユーザー向けです/);
  assert.match(saml.markdown, /ここはロールの\*\*信頼ポリシー\*\*で/);
});

test('other actions: description, access level, resource types, condition keys, data date', () => {
  const h = at(POLICY, '"s3:GetObject"');
  assert.match(h.markdown, /^\*\*`s3:GetObject`\*\* · Read · Amazon S3/);
  assert.match(h.markdown, /Grants permission to retrieve objects from Amazon S3/);
  assert.match(h.markdown, /\*\*Resource types:\*\* `accesspointobject`, `object`/);
  assert.match(h.markdown, /\*\*Condition keys:\*\* .*`s3:ExistingObjectTag\/<key>`/);
  assert.match(h.markdown, /IAM data \d{4}-\d{2}-\d{2} \(@cloud-copilot\/iam-data \d+\.\d+\.\d+\)/);
});

test('wildcards: how many actions, the first ones, and whether PassRole is among them', () => {
  const all = at(POLICY, '"iam:*"');
  assert.match(all.markdown, /^\*\*`iam:\*`\*\* matches \d{3} actions/);
  assert.match(all.markdown, /Includes `iam:PassRole`: the holder can hand roles to services/);
  const pass = at(POLICY, '"iam:Pass*"');
  assert.match(pass.markdown, /^\*\*`iam:Pass\*`\*\* matches 1 action\n\n`iam:PassRole`/);
  const ja = at(POLICY, '"iam:*"', 'ja');
  assert.match(ja.markdown, /個のアクションに一致します/);
});

test('an unknown service prefix says so', () => {
  assert.match(at(POLICY, '"lamda:CreateFunction"').markdown, /`lamda` is not a service prefix in the IAM reference data/);
});

test('condition keys: iam:PassedToService and iam:AssociatedResourceArn cards', () => {
  const pts = at(POLICY, '"iam:PassedToService"');
  assert.match(pts.markdown, /Present \*\*only\*\* in `iam:PassRole` requests/);
  assert.match(pts.markdown, /App Runner/);
  assert.match(at(POLICY, '"iam:AssociatedResourceArn"').markdown, /the resource the passed role will be attached to/);
  assert.match(at(POLICY, '"iam:PassedToService"', 'ja').markdown, /`iam:PassRole` のリクエストに\*\*だけ\*\*含まれる条件キー/);
});

test('service principals: in iam:PassedToService and in a trust policy; ecs vs ecs-tasks', () => {
  const pts = at(POLICY, '"batch.amazonaws.com"');
  assert.match(pts.markdown, /^\*\*`batch\.amazonaws\.com`\*\*: service principal of AWS Batch/);
  assert.match(pts.markdown, /can only be handed to `batch\.amazonaws\.com`/);
  assert.match(pts.markdown, /Receives roles through `batch:CreateComputeEnvironment`/);
  const ecs = at(TRUST, '"ecs.amazonaws.com"');
  assert.match(ecs.markdown, /Roles for \*\*tasks\*\* trust `ecs-tasks\.amazonaws\.com`/);
  assert.match(at(TRUST, '"batch.amazonaws.com"').markdown, /lets that service assume this role, when a user with `iam:PassRole` hands it the role/);
  assert.match(at(TRUST, '"arn:aws:iam::444455556666:root"').markdown, /The whole AWS account `444455556666`/);
});

test('the document root: its kind, how it was decided, and what it passes or trusts', () => {
  const id = at(POLICY, '"Statement"');
  assert.match(id.markdown, /^\*\*identity-based policy\*\* \(kind from the statements\)/);
  assert.match(id.markdown, /Passes roles: `\*`, `arn:aws:iam::111122223333:role\/BatchServiceRole`/);
  const trust = at(TRUST, '{');
  assert.match(trust.markdown, /^\*\*role trust policy\*\*/);
  assert.match(trust.markdown, /says \*\*who may become this role\*\*/);
  assert.match(trust.markdown, /someone also needs `iam:PassRole` on this role/);
  assert.match(at(TRUST, '{', 'ja').markdown, /\*\*ロールの信頼ポリシー\*\*（種類はステートメントから判断）/);
});

test('a CloudFormation template: each embedded document shows its kind on its property', () => {
  const cfn = `{"Resources": {"R": {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}}}}}`;
  assert.match(at(cfn, '"AssumeRolePolicyDocument"').markdown, /^\*\*role trust policy\*\* \(kind from the CloudFormation property\)/);
});

test('hovers keep working in a document with a syntax error', () => {
  const broken = POLICY.replace('"Resource": "*" },', '"Resource": "*" ');
  assert.match(at(broken, '"iam:PassRole"').markdown, /permission to \*hand a role over\*/);
});

test('nothing to say outside a policy', () => {
  assert.equal(hover('{"name": "x", "version": "1.0.0"}', 3, {}), undefined);
});

// Hovers on condition operators, condition keys hover.ts has no card for, and ARNs, in English and Japanese.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { hover } from '../../server/src/engine/hover';
import type { Locale } from '../../server/src/engine';

const POLICY = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["iam:GetRole", "s3:GetObject"],
      "Resource": ["arn:aws:iam::111122223333:role/service-role/Deploy", "arn:aws:s3:::reports/*", "arn:aws:iam:us-east-1:111122223333:role/Regional", "arn:aws:iam::aws:policy/ReadOnlyAccess"],
      "Condition": {
        "ForAllValues:StringLike": { "aws:TagKeys": ["team-*"] },
        "StringNotEqualsIfExists": { "aws:PrincipalTag/team": "ops" },
        "StringEquals": { "aws:SecureTransport": "true" },
        "StringEqual": { "aws:username": "alice" },
        "ArnLike": { "aws:SourceArn": "arn:aws:sns:*:111122223333:reports-*" },
        "Null": { "ec2:ResourceTag/Project": "false" }
      }
    }
  ]
}`;

function at(needle: string, locale: Locale = 'en'): { markdown: string; covered: string } {
  const offset = POLICY.indexOf(needle);
  assert.ok(offset >= 0, `${needle} not in text`);
  const h = hover(POLICY, offset + 1, { locale });
  assert.ok(h, `no hover at ${needle}`);
  return { markdown: h.markdown, covered: POLICY.slice(h.offset, h.offset + h.length) };
}

test('operator: what it does, the set prefix, the key types it compares (en)', () => {
  const h = at('"ForAllValues:StringLike"');
  assert.equal(h.covered, '"ForAllValues:StringLike"');
  assert.match(h.markdown, /^\*\*`ForAllValues:StringLike`\*\* · condition operator/);
  assert.match(h.markdown, /`\*` is any run of characters, `\?` one character/);
  assert.match(h.markdown, /`ForAllValues:` for multivalued keys: true when \*\*every\*\* value/);
  assert.match(h.markdown, /Also true when the key is absent or empty/);
  assert.match(h.markdown, /Compares keys of type `String`, `ARN`\./);
});

test('operator: IfExists and negation; a key of the block the operator cannot compare', () => {
  assert.match(at('"StringNotEqualsIfExists"').markdown, /`…IfExists`: true when the key is absent from the request/);
  const eq = at('"StringEquals"').markdown;
  assert.match(eq, /`\*` and `\?` are plain characters here/);
  assert.match(eq, /⚠ `aws:SecureTransport` is of type `Bool`: this operator cannot compare it\./);
  assert.match(at('"ArnLike"').markdown, /`\*` and `\?` work within a field/);
  assert.match(at('"Null"').markdown, /Tests whether the key is in the request/);
});

test('operator: an unknown one says so and names the closest', () => {
  assert.match(at('"StringEqual"').markdown, /`StringEqual` is not a condition operator: IAM rejects the policy\. Did you mean `StringEquals`\?/);
});

test('operator: Japanese card with AWS terms', () => {
  const h = at('"ForAllValues:StringLike"', 'ja');
  assert.match(h.markdown, /^\*\*`ForAllValues:StringLike`\*\* · 条件演算子/);
  assert.match(h.markdown, /複数値の条件キー/);
  assert.match(h.markdown, /比較できる条件キーの型: `String`、`ARN`。/);
  assert.match(at('"StringEqual"', 'ja').markdown, /条件演算子ではありません。IAM はこのポリシーを拒否します。`StringEquals` のことですか？/);
  assert.match(at('"StringEquals"', 'ja').markdown, /⚠ `aws:SecureTransport` の型は `Bool` で、この演算子では比較できません。/);
});

test('condition keys without a card of their own: global keys and tag keys', () => {
  const g = at('"aws:PrincipalTag/team"');
  assert.match(g.markdown, /Global condition key/);
  assert.match(g.markdown, /Matches `aws:PrincipalTag\/tag-key`\./);
  assert.match(g.markdown, /Operators: `String…`, and `Null`\./);
  const t = at('"ec2:ResourceTag/Project"');
  assert.match(t.markdown, /Matches `ec2:ResourceTag\/\$\{TagKey\}`\./);
  assert.match(at('"aws:PrincipalTag/team"', 'ja').markdown, /グローバル条件キー/);
});

test('ARN: each field, the resource type recognised from the IAM data (en)', () => {
  const h = at('"arn:aws:iam::111122223333:role/service-role/Deploy"');
  assert.equal(h.covered, '"arn:aws:iam::111122223333:role/service-role/Deploy"');
  assert.match(h.markdown, /^\*\*ARN\*\* · `role` of AWS Identity and Access Management \(IAM\)/);
  assert.match(h.markdown, /\| partition \| `aws` \| AWS commercial Regions \|/);
  assert.match(h.markdown, /\| region \| — \| none: a global resource/);
  assert.match(h.markdown, /\| account \| `111122223333` \|/);
  assert.match(h.markdown, /\| resource \| `role\/service-role\/Deploy` \| resource type `role` \|/);
  assert.match(h.markdown, /Format: `arn:\$\{Partition\}:iam::\$\{Account\}:role\/\$\{RoleNameWithPath\}`/);
});

test('ARN: S3 objects, AWS-owned accounts, and a problem shown in the card', () => {
  assert.match(at('"arn:aws:s3:::reports/*"').markdown, /`object` of Amazon S3/);
  assert.match(at('"arn:aws:iam::aws:policy/ReadOnlyAccess"').markdown, /\| account \| `aws` \| owned by AWS/);
  assert.match(at('"arn:aws:iam:us-east-1').markdown, /⚠ AWS Identity and Access Management \(IAM\) is a global service: its ARNs have an empty region/);
  assert.match(at('"arn:aws:sns:*:111122223333:reports-*"').markdown, /\| region \| `\*` \| any \|/);
});

test('ARN: Japanese card', () => {
  const h = at('"arn:aws:iam::111122223333:role/service-role/Deploy"', 'ja');
  assert.match(h.markdown, /^\*\*ARN\*\* · AWS Identity and Access Management \(IAM\) の `role`/);
  assert.match(h.markdown, /\| パーティション \| `aws` \| AWS の商用リージョン \|/);
  assert.match(h.markdown, /\| リソース \| `role\/service-role\/Deploy` \| リソースタイプ `role` \|/);
  assert.match(at('"arn:aws:iam:us-east-1', 'ja').markdown, /グローバルサービスで、その ARN のリージョンは空です/);
});

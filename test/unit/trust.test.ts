// The AssumeRole side: trust-policy hovers in both languages, the two sides connected in one
// CloudFormation template, and the trust rules over the real trust policies of the corpus.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze, applyEdits, fixAll } from '../../server/src/engine';
import { explain } from '../../server/src/engine/explain';
import { hover } from '../../server/src/engine/hover';
import type { Locale } from '../../server/src/engine';
import { CORPUS } from '../support/paths';

const md = (text: string, needle: string, locale: Locale = 'en', delta = 2) => {
  const h = hover(text, text.indexOf(needle) + delta, { locale });
  assert.ok(h, `no hover at ${needle}`);
  return h.markdown;
};

const GITHUB_AUD_ONLY = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": { "Federated": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com" },
      "Action": "sts:AssumeRoleWithWebIdentity",
      "Condition": { "StringEquals": { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com", "sts:ExternalId": "x", "aws:SourceAccount": "111122223333" } }
    }
  ]
}`;

const TEMPLATE = fs.readFileSync(path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'rules', 'passrole-trust-mismatch', 'ecs-vs-batch.bad.json'), 'utf8').replace(/[«»]/g, '');

test('the AWS Batch service role trust policy gets no error or warning', () => {
  const batch = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "batch.amazonaws.com"}, "Action": "sts:AssumeRole"}]}';
  const findings = analyze(batch).findings;
  assert.deepEqual(findings.filter((f) => f.severity !== 'info'), []);
  assert.deepEqual(findings.map((f) => f.ruleId), ['trust-service-confused-deputy']);
});

test('a GitHub Actions trust with only :aud gets trust-oidc-missing-subject; its fix yields a policy that no longer does', () => {
  const f = analyze(GITHUB_AUD_ONLY).findings.filter((x) => x.ruleId === 'trust-oidc-missing-subject');
  assert.equal(f.length, 1);
  assert.equal(GITHUB_AUD_ONLY.slice(f[0]!.offset, f[0]!.offset + f[0]!.length), '"arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"');
  const edits = f[0]!.fixes[0]!.edits();
  assert.match(edits[0]!.snippet!, /"token\.actions\.githubusercontent\.com:sub": "repo:\$\{1:OWNER\}\/\$\{2:REPO\}:ref:refs\/heads\/\$\{3:main\}"/);
  const fixed = GITHUB_AUD_ONLY.slice(0, edits[0]!.offset) + edits[0]!.newText + GITHUB_AUD_ONLY.slice(edits[0]!.offset + edits[0]!.length);
  assert.deepEqual(analyze(fixed).findings.filter((x) => x.ruleId.startsWith('trust-oidc')).map((x) => x.ruleId), []);
  assert.equal(fixAll(GITHUB_AUD_ONLY).text, GITHUB_AUD_ONLY, 'a placeholder subject is never applied by fix-all');
});

test('trust hovers: federated providers, assume actions, trust condition keys (en/ja)', () => {
  assert.match(md(GITHUB_AUD_ONLY, 'oidc-provider'), /OIDC \(web identity\) provider · GitHub Actions/);
  assert.match(md(GITHUB_AUD_ONLY, 'oidc-provider', 'ja'), /`sts:AssumeRoleWithWebIdentity` でロールを引き受けます/);
  assert.match(md(GITHUB_AUD_ONLY, '"sts:AssumeRoleWithWebIdentity"'), /For OIDC identity providers: GitHub Actions/);
  assert.match(md(GITHUB_AUD_ONLY, 'token.actions.githubusercontent.com:aud'), /the `aud` claim of tokens from GitHub Actions/);
  assert.match(md(GITHUB_AUD_ONLY, 'sts:ExternalId'), /the confused deputy problem/);
  assert.match(md(GITHUB_AUD_ONLY, 'sts:ExternalId', 'ja'), /混乱した代理問題/);
  assert.match(md(GITHUB_AUD_ONLY, 'aws:SourceAccount'), /cross-service confused deputy prevention/);
  const saml = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:saml-provider/Okta"}, "Action": "sts:AssumeRoleWithSAML"}]}';
  assert.match(md(saml, 'saml-provider'), /SAML 2\.0 identity provider/);
  assert.match(md(saml, 'saml-provider', 'ja'), /SAML 2\.0 の ID プロバイダー/);
  assert.match(md(saml, '{', 'en', 0), /says \*\*who may become this role\*\*.*`iam:PassRole` on this role/s);
});

test('one template: PassRole to batch of a role that trusts ecs-tasks is a mismatch, with the trust principal as related information', () => {
  const f = analyze(TEMPLATE).findings.filter((x) => x.ruleId === 'passrole-trust-mismatch');
  const warning = f.find((x) => x.severity === 'warning')!;
  assert.equal(TEMPLATE.slice(warning.offset, warning.offset + warning.length), '"batch.amazonaws.com"');
  assert.equal(TEMPLATE.slice(warning.related![0]!.offset, warning.related![0]!.offset + warning.related![0]!.length), '"ecs-tasks.amazonaws.com"');
  assert.deepEqual(warning.fixes.map((x) => x.title), ['Trust batch.amazonaws.com in the trust policy of TaskRole', 'Pass the role to ecs-tasks.amazonaws.com instead']);
  for (const fix of warning.fixes) {
    const edits = fix.edits();
    let out = TEMPLATE;
    for (const e of [...edits].sort((a, b) => b.offset - a.offset)) out = out.slice(0, e.offset) + e.newText + out.slice(e.offset + e.length);
    assert.deepEqual(analyze(out).findings.filter((x) => x.ruleId === 'passrole-trust-mismatch' && x.severity === 'warning'), [], fix.title);
  }
  const info = f.find((x) => x.severity === 'info')!;
  assert.match(info.message, /trusts `ecs-tasks\.amazonaws\.com`, but no PassRole grant on it, in this template or elsewhere in the workspace, lets anyone pass it to `ecs-tasks\.amazonaws\.com`/);
  assert.match(md(TEMPLATE, '"TaskRole", "Arn"'), /⚠ Not trusted for `batch\.amazonaws\.com`/);
  const ex = explain(TEMPLATE, { locale: 'ja' });
  assert.ok(ex.together.lines.some((l) => /✗ ロール `TaskRole`/.test(l)));
});

test('trust rules over the AWS documentation and iam-vulnerable trust policies: no error or warning on AWS examples', () => {
  const dir = path.join(CORPUS, 'trust-policies', 'awsdocs-iam-user-guide');
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json'));
  assert.ok(files.length >= 30);
  for (const f of files) {
    const text = fs.readFileSync(path.join(dir, f), 'utf8');
    const a = analyze(text, { fileName: f, kind: 'trust' });
    // invalid-arn rightly reports the `account-id` placeholder some of these examples carry in their ARNs, and
    // policy-structure the placeholders written where an AWS principal goes (and one ARN with a leading space).
    const principals = a.findings.filter((x) => x.ruleId === 'policy-structure').map((x) => text.slice(x.offset, x.offset + x.length));
    assert.deepEqual(principals, PRINCIPAL_PLACEHOLDERS[f] ?? [], f);
    // Access Analyzer's MISSING_ACTION_FOR_CONDITION_KEY: session tags tested where sts:TagSession is not allowed.
    const sessionKeys = a.findings.filter((x) => x.ruleId === 'condition-key-not-applicable').map((x) => text.slice(x.offset, x.offset + x.length));
    assert.deepEqual(sessionKeys, SESSION_KEYS_WITHOUT_ACTION[f] ?? [], f);
    assert.deepEqual(a.findings.filter((x) => x.severity !== 'info' && !['invalid-arn', 'policy-structure', 'condition-key-not-applicable'].includes(x.ruleId)).map((x) => x.ruleId), [], f);
  }
});

/**
 * Session keys tested where no Allow statement of the policy allows the action that sets them. None in AWS's
 * examples: `id_session-tags__2.json` tests aws:RequestTag in its sts:AssumeRole statement and allows
 * sts:TagSession in another, which is enough (Access Analyzer, statement by statement, reports it).
 */
const SESSION_KEYS_WITHOUT_ACTION: Record<string, string[]> = {};

/** AWS principals the AWS documentation examples write as placeholders (or with a stray space). */
const PRINCIPAL_PLACEHOLDERS: Record<string, string[]> = {
  'confused-deputy__1.json': ['"Example Corp\'s AWS Account ID"'],
  'id_credentials_mfa_configure-api-require__1.json': ['"ACCOUNT-B-ID"'],
  'id_credentials_mfa_configure-api-require__2.json': ['"ACCOUNT-B-ID"'],
  'reference_policies_iam-condition-keys__11.json': ['" arn:aws:iam::111122223333:user/AdminUser"'],
};

test('GitHub subjects: which patterns let everyone in, a whole owner in, or match no subject GitHub issues', () => {
  const trust = (operator: string, sub: string) =>
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Federated: 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com' },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: { StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' }, [operator === 'StringEquals' ? 'ForAnyValue:StringEquals' : operator]: { 'token.actions.githubusercontent.com:sub': sub } },
        },
      ],
    });
  const oidc = (operator: string, sub: string) => analyze(trust(operator, sub)).findings.filter((f) => f.ruleId.startsWith('trust-oidc')).map((f) => f.ruleId);
  assert.deepEqual(oidc('StringLike', 'repo:octo-*'), ['trust-oidc-missing-subject'], 'owner wildcard: anyone who names an owner so');
  assert.deepEqual(oidc('StringLike', 'repo:octo-org/*'), ['trust-oidc-broad-subject'], 'a whole owner');
  assert.deepEqual(oidc('StringLike', 'repo:octo-org/web:*'), ['trust-oidc-broad-subject'], 'every branch');
  assert.deepEqual(oidc('StringLike', 'repo:octo-org/web:ref:refs/heads/main'), []);
  assert.deepEqual(oidc('StringLike', 'repo:octo-org:*'), [], 'an owner with no repository matches no subject: nobody gets in');
  assert.deepEqual(oidc('StringEquals', 'repo:octo-org/web'), [], 'a repository with no context matches no subject');
  const equals = analyze(trust('StringEquals', 'repo:octo-org:*')).findings.find((f) => f.ruleId === 'trust-oidc-broad-subject');
  assert.ok(equals, 'a wildcard under StringEquals is still reported');
  assert.deepEqual(equals.fixes, [], 'switching to StringLike would not help');
  assert.match(equals.message, /`StringLike` would not help: no GitHub subject has this shape/);
});

test('a wildcard subject under StringEqualsIgnoreCase or StringEqualsIfExists: reported, and the fix gives plain StringLike', () => {
  for (const operator of ['StringEqualsIgnoreCase', 'StringEqualsIfExists']) {
    const text = JSON.stringify(
      {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Federated: 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com' },
            Action: 'sts:AssumeRoleWithWebIdentity',
            Condition: { StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' }, [operator]: { 'token.actions.githubusercontent.com:sub': 'repo:octo-org/web:ref:refs/heads/release-*' } },
          },
        ],
      },
      null,
      2,
    );
    const f = analyze(text).findings.find((x) => x.ruleId === 'trust-oidc-broad-subject');
    assert.ok(f, operator);
    assert.match(f.message, new RegExp(`\`${operator}\` compares`));
    // StringLike lets in the subjects the literal comparison kept out: offered, never applied by fix.
    assert.equal(fixAll(text).text, text, operator);
    assert.equal(f.fixes.length, 1, operator);
    const fixed = applyEdits(text, f.fixes[0]!.edits());
    const cond = (JSON.parse(fixed) as { Statement: { Condition: Record<string, unknown> }[] }).Statement[0]!.Condition;
    assert.deepEqual(Object.keys(cond).sort(), ['StringEquals', 'StringLike'], operator);
    assert.deepEqual(analyze(fixed).findings.filter((x) => x.ruleId.startsWith('trust-oidc')), [], operator);
  }
});

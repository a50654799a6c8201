// English messages of the trust-policy area (the AssumeRole side). Same shape in trust-ja.ts.
import type { Widen } from './en';

const c = (s: string) => `\`${s}\``;
const list = (xs: readonly string[]) => xs.map(c).join(', ');
const and = (xs: readonly string[]) => (xs.length <= 1 ? list(xs) : `${list(xs.slice(0, -1))} and ${c(xs[xs.length - 1]!)}`);

export const trustEn = {
  trustMissingPrincipal: 'This statement of a trust policy has no `Principal`: a trust policy says who may assume the role, so IAM rejects a statement that names nobody.',
  trustResourceElement: (element: string) => `\`${element}\` has no place in a trust policy: the resource is the role itself, so IAM rejects the element. Remove it.`,
  trustNotPrincipal: '`NotPrincipal` cannot be used in a role trust policy: name the principals that may assume the role in `Principal`.',
  trustWildcardPrincipal: (withCondition: boolean) =>
    withCondition
      ? '`Principal` is everyone: any AWS account may assume this role when the condition holds, and the condition does not limit who the caller is (add `aws:PrincipalOrgID`, `aws:PrincipalAccount` or `aws:PrincipalArn`).'
      : '`Principal` is everyone and there is no condition: anyone in any AWS account may assume this role.',
  trustBareStar: 'IAM rejects `"Principal": "*"` in a role trust policy. To trust every AWS principal (and then narrow it with a condition), write `{"AWS": "*"}`; better, name the principals.',
  trustInvalidAction: (action: string) => `${c(action)} is not an action a trust policy can allow: IAM accepts \`sts:AssumeRole\`, \`sts:AssumeRoleWithSAML\`, \`sts:AssumeRoleWithWebIdentity\`, \`sts:TagSession\`, \`sts:SetSourceIdentity\` and \`sts:SetContext\`.`,
  trustActionMismatch: (action: string, principal: 'saml' | 'oidc' | 'service' | 'aws', fitting: string) =>
    `${c(action)} does not fit ${principal === 'saml' ? 'a SAML provider' : principal === 'oidc' ? 'an OIDC (web identity) provider' : principal === 'service' ? 'a service principal' : 'an AWS principal'}: it can only assume the role with ${c(fitting)}.`,
  trustSessionActions: (service: string, needed: readonly string[], missing: readonly string[]) =>
    `To assume a role, ${c(service)} needs the trust policy to allow ${and(needed)}: ${and(missing)} ${missing.length === 1 ? 'is' : 'are'} not allowed, so it cannot use this role.`,
  trustPolicySize: (size: number, limit: number, overMax: boolean) =>
    overMax
      ? `This trust policy is ${size.toLocaleString('en-US')} characters long without whitespace, over ${limit.toLocaleString('en-US')}, the most a quota increase allows: IAM rejects it. Trust fewer principals one by one (a condition such as \`aws:PrincipalOrgID\` names a whole organization), or split the role.`
      : `This trust policy is ${size.toLocaleString('en-US')} characters long without whitespace, over IAM's default quota of ${limit.toLocaleString('en-US')} for a role trust policy: IAM rejects it unless the account's quota was raised (up to 4,096, through Service Quotas).`,
  trustUnknownService: (value: string, reason: 'case' | 'not-a-principal' | 'domain' | 'unknown', suggestion?: string) =>
    `${c(value)} is not a service principal${
      reason === 'case' ? ' (service principals are lower case)' : reason === 'not-a-principal' ? ' (write it like `lambda.amazonaws.com`)' : reason === 'domain' ? ' (service principals end in `.amazonaws.com`)' : ''
    }: no service will ever assume this role through it.${suggestion ? ` Did you mean ${c(suggestion)}?` : ''}`,
  oidcMissingSubject: (provider: string, key: string) => `This ${provider} trust has no condition on ${c(key)}: every ${provider === 'GitHub Actions' ? 'repository on GitHub' : 'identity of that provider'} can assume the role. Test ${c(key)}.`,
  oidcSubjectEverything: (key: string, value: string) => `${c(key)} ${c(value)} matches every subject: anyone using this provider can assume the role.`,
  oidcBroadSubject: (key: string, value: string) => `${c(key)} ${c(value)} matches a whole owner or every branch: any repository or workflow under it can assume the role. Name the repository and the branch or environment.`,
  oidcEqualsWildcard: (key: string, operator: string, verdict: 'everything' | 'broad' | 'ok' | 'nothing') =>
    `${c(operator)} compares ${c(key)} literally, so the wildcard never matches and nobody can assume the role${
      verdict === 'nothing' ? '. `StringLike` would not help: no GitHub subject has this shape (`repo:OWNER/REPO:ref:refs/heads/BRANCH`, `…:environment:NAME`, `…:pull_request`).' : verdict === 'everything' ? '. Do not just switch to `StringLike`: this pattern would then let anyone in. Name the repository and branch.' : verdict === 'broad' ? '. With `StringLike` it would match a whole owner or every branch: narrow it as you switch.' : ': use `StringLike`.'
    }`,
  oidcMissingAudience: (provider: string, key: string, value: string) => `This ${provider} trust has no condition on ${c(key)}: add \`${key}\` = ${c(value)} so only tokens issued for AWS STS are accepted.`,
  confusedDeputy: (service: string) => `${c(service)} sends \`aws:SourceAccount\` and \`aws:SourceArn\` when it assumes a role, and this statement does not test them: another account's resource of that service could use this role (the confused deputy problem).`,
  crossAccountNoExternalId: (account: string) => `The whole account ${c(account)} is trusted with no \`sts:ExternalId\` (or other condition on the caller): if that account belongs to a third party, any of its customers could make it assume this role (the confused deputy problem).`,
  assumeRoleWildcard: '`sts:AssumeRole` is allowed on every role: the holder can assume any role, in any account, whose trust policy trusts it. Name the roles.',
  assumeRoleNotRole: (value: string) => `${c(value)} is not an IAM role ARN: \`sts:AssumeRole\` only applies to roles (\`arn:aws:iam::ACCOUNT:role/NAME\`).`,
  assumeRoleRefName: (logicalId: string) => `\`Ref\` of the role \`${logicalId}\` gives its name, not its ARN: \`sts:AssumeRole\` needs the ARN. Use \`{"Fn::GetAtt": ["${logicalId}", "Arn"]}\`.`,
  assumeRoleRefNotRole: (logicalId: string, type: string) => `\`${logicalId}\` is of type \`${type}\`, not an IAM role: \`sts:AssumeRole\` only applies to roles.`,
  passRoleTrustMismatch: (role: string, passedTo: readonly string[], trusted: readonly string[]) =>
    `Role ${c(role)} may be passed to ${list(passedTo)}, but its trust policy trusts ${trusted.length ? list(trusted) : 'no service'}: passing it will succeed, and the service will fail to assume it.`,
  passRoleTrustMismatchRelated: (role: string) => `The trust policy of ${c(role)}.`,
  passRoleTrustUnused: (role: string, service: string) => `Role ${c(role)} trusts ${c(service)}, but no PassRole grant on it, in this template or elsewhere in the workspace, lets anyone pass it to ${c(service)}.`,
  passRoleTrustUnusedRelated: 'iam:PassedToService in this template.',

  fixAddActions: (actions: readonly string[]) => `Add ${actions.join(', ')}`,
  fixRemoveElement: (element: string) => `Remove ${element}`,
  fixAddOrgId: 'Add an aws:PrincipalOrgID condition (placeholder)',
  fixAddSubject: (key: string) => `Add conditions on ${key} and its audience (placeholder)`,
  fixUseStringLike: 'Use StringLike',
  fixAddAudience: (key: string, value: string) => `Add ${key} = ${value}`,
  fixAddSourceAccount: 'Add an aws:SourceAccount condition (placeholder)',
  fixAddExternalId: 'Add an sts:ExternalId condition (placeholder)',
  fixTrustService: (role: string, service: string) => `Trust ${service} in the trust policy of ${role}`,
  fixPassTo: (service: string) => `Pass the role to ${service} instead`,
};

export type TrustMessages = Widen<typeof trustEn>;

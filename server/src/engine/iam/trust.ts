// Trust-policy knowledge: federated identity providers (SAML, OIDC) and the claims each must test
// (server/data/oidc-providers.json), services that send aws:SourceArn/aws:SourceAccount
// (server/data/confused-deputy-services.json), and conditions that narrow who may assume a role.
import { parseArn } from './arn';
import deputyData from '../../../data/confused-deputy-services.json';
import oidcData from '../../../data/oidc-providers.json';
import type { Statement, ValueItem } from '../model';
import { actionMatches, TRUST_ACTIONS } from './actions';
import type { ConditionEntry } from './conditions';
import { conditionEntries, narrowingEntries } from './conditions';
import { canonicalPrincipal } from './principals';
import { isSamlProvider } from './principal';

export interface ClaimSpec {
  claim: string;
  template: string;
  plain: string;
  tabStops: string[];
  everything: string[];
  broad: string[];
}

export interface OidcProvider {
  id: string;
  name: string;
  hostPattern: string;
  subject: ClaimSpec;
  audience?: { claim: string; value: string };
  extraClaims?: { claim: string; operator: string; value: string; why: string }[];
}

export const OIDC_PROVIDERS: readonly OidcProvider[] = oidcData.providers;
const PATTERNS = OIDC_PROVIDERS.map((p) => ({ provider: p, re: new RegExp(p.hostPattern) }));

/** `arn:aws:iam::1:oidc-provider/token.actions.githubusercontent.com` → `token.actions.githubusercontent.com`. */
export function federatedHost(text: string): string {
  // Parsed as an ARN, so a partition or account written as `${AWS::Partition}` / `${AWS::AccountId}` counts.
  const arn = parseArn(text);
  if (arn && arn.service.toLowerCase() === 'iam' && /^oidc-provider\//i.test(arn.resource)) return arn.resource.slice('oidc-provider/'.length);
  return text;
}

export type FederatedKind = { kind: 'saml' } | { kind: 'oidc'; host: string; provider: OidcProvider | undefined };

export function federatedKind(text: string): FederatedKind {
  if (isSamlProvider(text)) return { kind: 'saml' };
  const host = federatedHost(text);
  const found = PATTERNS.find((p) => p.re.test(host));
  return { kind: 'oidc', host, provider: found?.provider };
}

/** The condition key of a provider's claim: `token.actions.githubusercontent.com:sub`. */
export function claimKey(host: string, claim: string): string {
  return `${host}:${claim}`;
}

/** Condition entries in the statement on `host:claim` (keys compare case-insensitively). */
export function claimEntries(stmt: Statement, host: string, claim: string): ConditionEntry[] {
  const key = claimKey(host, claim).toLowerCase();
  return conditionEntries(stmt).filter((e) => e.key.toLowerCase() === key);
}

const DEPUTY = new Map(Object.entries(deputyData.services));
const EXTERNAL_ID_GUARD = new Map(Object.entries(deputyData.externalIdGuard));

/** Whether the service's documentation has its trust policy test `sts:ExternalId` (the service sends it). */
export function guardedByExternalId(servicePrincipal: string): boolean {
  return EXTERNAL_ID_GUARD.has(canonicalPrincipal(servicePrincipal));
}

/** Whether the service sends aws:SourceArn / aws:SourceAccount when it assumes a role (documented). */
export function sendsSourceKeys(servicePrincipal: string): string | undefined {
  return DEPUTY.get(canonicalPrincipal(servicePrincipal));
}

/**
 * Service principals that need more than `sts:AssumeRole` in the trust policy to assume a role. IAM Roles
 * Anywhere sets the source identity and tags the session with the certificate's attributes (IAM Roles Anywhere
 * User Guide, "Trust model"; Access Analyzer check MISSING_ACTION_FOR_ROLES_ANYWHERE_TRUST_POLICY).
 */
export const SERVICE_SESSION_ACTIONS: Record<string, readonly string[]> = {
  'rolesanywhere.amazonaws.com': ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'],
};

/**
 * Keys that describe a session the trust policy lets the caller shape, and the action that allows it: session
 * tags (`sts:TagSession`), the source identity (`sts:SetSourceIdentity`), the context (`sts:SetContext`). A test
 * on one of them in a statement without that action is not evaluated (Access Analyzer check
 * MISSING_ACTION_FOR_CONDITION_KEY).
 */
export const SESSION_KEY_ACTIONS: readonly { keys: readonly string[]; action: string }[] = [
  { keys: ['aws:RequestTag', 'aws:TagKeys', 'sts:TransitiveTagKeys'], action: 'sts:TagSession' },
  { keys: ['sts:SourceIdentity'], action: 'sts:SetSourceIdentity' },
  { keys: ['sts:RequestContext', 'sts:RequestContextProviders'], action: 'sts:SetContext' },
];

/**
 * Keys a service principal's requests never carry (IAM User Guide, global condition keys, "Availability"): a
 * service is no member of an organization, has no tags, no user name, no MFA, no federated provider and no
 * source identity. A positive test on one never matches the service's request; a negated one always does
 * (Access Analyzer check UNSUPPORTED_CONDITION_KEY_FOR_SERVICE_PRINCIPAL).
 */
export const NOT_FROM_SERVICES: readonly string[] = ['aws:PrincipalOrgID', 'aws:PrincipalOrgPaths', 'aws:PrincipalTag', 'aws:username', 'aws:MultiFactorAuthPresent', 'aws:MultiFactorAuthAge', 'aws:FederatedProvider', 'aws:SourceIdentity'];

/**
 * Keys of NOT_FROM_SERVICES that a service does send: IAM Roles Anywhere tags the session with the
 * certificate's attributes, which its trust policies test as `aws:PrincipalTag/x509Subject/CN` … (IAM Roles
 * Anywhere User Guide, "Trust model").
 */
export const SERVICE_SENDS: Record<string, readonly string[]> = {
  'rolesanywhere.amazonaws.com': ['aws:PrincipalTag'],
};

export const SOURCE_KEYS = ['aws:SourceAccount', 'aws:SourceArn', 'aws:SourceOrgID', 'aws:SourceOrgPaths'];
/** Keys that limit `Principal: "*"` to known callers (their organisation, account, ARN, or a shared secret). */
export const CALLER_KEYS = ['aws:PrincipalOrgID', 'aws:PrincipalOrgPaths', 'aws:PrincipalAccount', 'aws:PrincipalArn', 'aws:userid', 'sts:ExternalId', 'aws:SourceAccount', 'aws:SourceArn', 'aws:SourceOrgID', 'aws:SourceOrgPaths'];
/**
 * Keys that limit which principals of a trusted account may assume the role: the external ID a third
 * party is given, or tests on the caller's identity (ARN, tags, MFA, organisation).
 */
export const CROSS_ACCOUNT_KEYS = ['sts:ExternalId', 'aws:PrincipalArn', 'aws:PrincipalTag', 'aws:PrincipalOrgID', 'aws:PrincipalOrgPaths', 'aws:userid', 'aws:username', 'aws:SourceIdentity', 'aws:MultiFactorAuthPresent', 'aws:MultiFactorAuthAge', 'aws:PrincipalIsAWSService', 'aws:PrincipalType'];

/**
 * Whether the statement has a condition that narrows by one of `keys`: a positive test (equals, like,
 * `Bool` true, numeric or date comparison) that is false when the key is absent and not true for every
 * value (`*`). `StringNotEquals`, `…IfExists`, `Null` and `Bool "false"` do not narrow.
 */
export function hasConditionOn(stmt: Statement, keys: readonly string[]): boolean {
  return narrowingEntries(stmt, keys).length > 0;
}

export type SubjectVerdict = 'everything' | 'broad' | 'ok' | 'nothing';

/**
 * How much a `StringLike` subject pattern lets through. GitHub subjects are `repo:OWNER/REPO:CONTEXT`: a
 * wildcard in the owner lets anyone who creates a matching owner in (`repo:*`, `repo:*\/*:ref:…`,
 * `repo:octo-*`); a wildcard in the repository or a bare `*` context opens a whole owner or every branch;
 * an owner with no repository (`repo:octo-org:*`) or a repository with no context (`repo:octo-org/web`)
 * matches no subject GitHub issues ('nothing': the role cannot be assumed, which is no opening).
 * Other providers use the patterns in oidc-providers.json; a leading `*` always matches everything.
 */
export function classifySubject(provider: OidcProvider, pattern: string): SubjectVerdict {
  const s = provider.subject;
  if (pattern.startsWith('*') || s.everything.includes(pattern)) return 'everything';
  if (provider.id === 'github') {
    const m = /^repo:([^/:]*)(?:\/([^:]*))?(?::(.*))?$/.exec(pattern);
    if (!m) return /[*?]/.test(pattern) ? 'everything' : 'ok';
    const [, owner = '', repo, context] = m;
    if (/[*?]/.test(owner)) return 'everything';
    if (repo === undefined) return 'nothing';
    if (/[*?]/.test(repo)) return 'broad';
    if (context === undefined) return 'nothing';
    if (/^\*/.test(context)) return 'broad';
    return 'ok';
  }
  return s.broad.some((b) => new RegExp(b).test(pattern)) ? 'broad' : 'ok';
}

/** Whether a trust action (or pattern) names an assume or session action IAM accepts. */
export function isTrustAction(text: string): boolean {
  if (!/^sts:/i.test(text)) return false;
  return TRUST_ACTIONS.some((a) => actionMatches(text, a));
}

/** An AWS principal that is a whole account: `123456789012` or `arn:aws:iam::123456789012:root`. */
export function wholeAccount(item: ValueItem): string | undefined {
  const t = item.text;
  if (t === undefined) return undefined;
  if (/^\d{12}$/.test(t)) return t;
  return /^arn:aws[a-z-]*:iam::(\d{12}):root$/.exec(t)?.[1];
}

/** Conditions on the provider's subject claim that can only let named subjects in (not negations, not Null). */
export function positiveSubjectEntries(stmt: Statement, host: string, provider: OidcProvider): ConditionEntry[] {
  return claimEntries(stmt, host, provider.subject.claim).filter((e) => e.operator.known && !e.operator.negated && e.operator.base !== 'Null' && !e.operator.ifExists);
}

/**
 * How an Allow statement of a trust policy gets rid of actions that do not belong there (iam:PassRole,
 * sts:GetCallerIdentity …): the first one becomes the assume action that fits the principal, unless the
 * statement already has it, and the others are removed, so fixing them all never duplicates an action.
 */
export function misplacedActionPlan(stmt: Statement, fitting: string): { replace: ValueItem | undefined; misplaced: ValueItem[] } {
  const items = stmt.actions ?? [];
  const misplaced = items.filter((a) => a.text !== undefined && a.text !== '*' && !isTrustAction(a.text));
  const hasFitting = items.some((a) => a.text?.toLowerCase() === fitting.toLowerCase());
  // With no fitting action left, one misplaced action becomes it (a lone "*" too: removing it would leave
  // an empty Action list); the others are removed.
  return { replace: hasFitting ? undefined : (misplaced[0] ?? items.find((a) => a.text === '*')), misplaced };
}

// Service principals: the shipped list (server/data/service-principals.json, sources noted there),
// what makes a name well-formed, and the closest known name for a misspelled one.
import principalData from '../../../data/service-principals.json';
import passRoleData from '../../../data/passrole-services.json';
import { closest, editDistance, TextCache } from '../util';
import type { IamData } from './data';

const KNOWN = new Set(Object.keys(principalData.principals));

export interface PassRoleService {
  service: string;
  principals: string[];
  /** Calls that take a role ARN as a required parameter. */
  actions: string[];
  /** Calls that accept a role ARN but also work without one. */
  optionalActions: string[];
  role: string;
  setsPassedToService?: boolean;
  note?: string;
}

export const PASSROLE_SERVICES: readonly PassRoleService[] = passRoleData.services;

export function knownServicePrincipals(): ReadonlySet<string> {
  return KNOWN;
}

/** Canonical forms per name as written: five replacements, asked of every principal value by several rules. */
const canonicalForms = new TextCache<ReadonlySet<string>, string>(5000, 512);

/** `batch.us-east-1.amazonaws.com` → `batch.amazonaws.com`; `ec2.amazonaws.com.cn` → `ec2.amazonaws.com`. */
export function canonicalPrincipal(name: string): string {
  return canonicalForms.get(KNOWN, name, canonicalForm);
}

function canonicalForm(name: string): string {
  let n = name.replace(/\.amazonaws\.com\.cn$/, '.amazonaws.com').replace(/\.c2s\.ic\.gov$|\.sc2s\.sgov\.gov$/, '.amazonaws.com');
  n = n.replace(/\.(?:[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d)\.amazonaws\.com$/, '.amazonaws.com');
  // CloudFormation's pseudo parameters: `states.${AWS::Region}.amazonaws.com`, `ec2.${AWS::URLSuffix}`.
  n = n.replace(/\.\$\{AWS::Region\}\.amazonaws\.com$/, '.amazonaws.com').replace(/\.\$\{AWS::URLSuffix\}$/, '.amazonaws.com');
  return n;
}

export type PrincipalVerdict =
  | { ok: true; known: boolean }
  | { ok: false; reason: 'case' | 'not-a-principal' | 'domain' | 'unknown'; suggestion?: string };

/**
 * Judges a service principal name. Known names (and their regional and China forms) pass; a well-formed
 * `<service>.amazonaws.com` whose first label is an IAM service prefix passes as plausible; everything
 * else is reported with the closest known name.
 */
export function checkServicePrincipal(name: string, data: IamData): PrincipalVerdict {
  const canonical = canonicalPrincipal(name);
  if (KNOWN.has(canonical)) return { ok: true, known: true };
  const lower = canonical.toLowerCase();
  if (lower !== canonical && KNOWN.has(lower)) return { ok: false, reason: 'case', suggestion: lower };
  const suggestion = suggestPrincipal(name);
  if (/^arn:/i.test(name) || !name.includes('.')) return { ok: false, reason: 'not-a-principal', ...(suggestion ? { suggestion } : {}) };
  if (!/\.amazonaws\.com$/.test(canonical)) return { ok: false, reason: 'domain', ...(suggestion ? { suggestion } : {}) };
  // Well-formed but not in the list: a close known name means a typo; otherwise it may be a principal
  // newer than the list, and crying wolf on it would teach people to ignore the rule.
  if (/^[a-z0-9-]+(\.[a-z0-9-]+)*\.amazonaws\.com$/.test(canonical) && (!suggestion || data.hasService(canonical.split('.')[0]!))) {
    return { ok: true, known: false };
  }
  return { ok: false, reason: 'unknown', ...(suggestion ? { suggestion } : {}) };
}

/** Suggestions by name as written (`null`: none): each is a search of the whole list, asked per value and rule. */
const suggestions = new TextCache<ReadonlySet<string>, string | null>(2000, 512);

/** The known principal a misspelled one most likely meant. */
export function suggestPrincipal(name: string): string | undefined {
  return suggestions.get(KNOWN, name, findSuggestion) ?? undefined;
}

function findSuggestion(name: string): string | null {
  const lower = name.toLowerCase().trim();
  if (KNOWN.has(lower)) return lower;
  const bare = lower.replace(/^arn:(?:\$\{[^}]*\}|[^:])*:iam::(?:\$\{[^}]*\}|[^:])*:role\/(?:aws-service-role\/)?/, '');
  const first = bare.split('.')[0]!;
  const direct = `${first}.amazonaws.com`;
  if (KNOWN.has(direct) && (bare === first || /\.amazon(?:aws)?\.com$|\.aws\.com$|\.amazonaws$|\.com$/.test(bare))) return direct;
  return closest(lower, KNOWN, Math.max(2, Math.floor(lower.length / 6)), 1)[0] ?? null;
}

/**
 * Whether replacing `value` by `suggestion` is safe to apply without asking: a case or domain slip, a bare
 * service name, or a one-character typo. Farther guesses are offered, never applied by fix-all.
 */
export function isStrongSuggestion(value: string, suggestion: string, reason: 'case' | 'not-a-principal' | 'domain' | 'unknown'): boolean {
  if (reason === 'case') return true;
  if (reason === 'not-a-principal' || reason === 'domain') return !/^arn:/i.test(value) && suggestion.startsWith(value.toLowerCase().split('.')[0]!);
  return editDistance(value.toLowerCase(), suggestion, 1) <= 1;
}

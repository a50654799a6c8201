// Action names and patterns: splitting, IAM wildcard matching, and expansion over the real action list.
import type { ActionInfo, IamData } from './data';
import { TextCache } from '../util';
import { hasWildcard, wildcardMatch, wildcardRegExp } from './wildcard';

export const PASS_ROLE = 'iam:PassRole';
/** Longer than any IAM action (names are under 128 characters): not matched against the action list. */
export const MAX_ACTION_LENGTH = 256;
export const ASSUME_ROLE = 'sts:AssumeRole';
export const ASSUME_ROLE_SAML = 'sts:AssumeRoleWithSAML';
export const ASSUME_ROLE_WEB = 'sts:AssumeRoleWithWebIdentity';
export const ASSUME_ACTIONS = [ASSUME_ROLE, ASSUME_ROLE_SAML, ASSUME_ROLE_WEB] as const;
/** Actions IAM accepts in a role trust policy. */
export const TRUST_ACTIONS = [...ASSUME_ACTIONS, 'sts:TagSession', 'sts:SetSourceIdentity', 'sts:SetContext'] as const;

export interface ActionName {
  service: string;
  name: string;
}

/** `iam:PassRole` → {iam, PassRole}; `*` → {*, *}; anything without one colon → undefined. */
export function splitAction(text: string): ActionName | undefined {
  if (text === '*') return { service: '*', name: '*' };
  const i = text.indexOf(':');
  if (i <= 0 || i !== text.lastIndexOf(':')) return undefined;
  return { service: text.slice(0, i), name: text.slice(i + 1) };
}

export function fullName(a: ActionInfo): string {
  return `${a.service}:${a.name}`;
}

/** Whether an Action pattern covers the named action (`iam:Pass*` covers `iam:PassRole`). */
export function actionMatches(pattern: string, action: string): boolean {
  return wildcardMatch(pattern, action, true);
}

/**
 * Keyed by the pattern as written (the rules ask with the same strings, and lower-casing each would make a
 * copy per question): as many as the distinct Action values of a large workspace (thousands).
 */
const expansions = new TextCache<IamData, ActionInfo[]>(20_000, MAX_ACTION_LENGTH);

/** Every real action a pattern stands for (an exact name gives at most one). */
export function expandAction(pattern: string, data: IamData): ActionInfo[] {
  return expansions.get(data, pattern, expand);
}

function expand(pattern: string, data: IamData): ActionInfo[] {
  const out: ActionInfo[] = [];
  const parts = splitAction(pattern);
  // Patterns across services (`*`, `*:Get*`) would load every service's details: use expandActionNames.
  if (parts && !hasWildcard(parts.service)) {
    const service = parts.service.toLowerCase();
    if (!hasWildcard(parts.name)) {
      const a = data.action(service, parts.name);
      if (a) out.push(a);
    } else {
      const re = wildcardRegExp(parts.name);
      for (const a of data.actions(service).values()) if (re.test(a.name)) out.push(a);
    }
  }
  return out;
}

/**
 * Full names (`iam:PassRole`) of every real action a pattern stands for, across services too, keeping
 * only names in memory for services whose details were not needed.
 */
export function expandActionNames(pattern: string, data: IamData): string[] {
  const parts = splitAction(pattern);
  if (!parts) return [];
  if (!hasWildcard(parts.service)) return expandAction(pattern, data).map(fullName);
  const out: string[] = [];
  const matcher = wildcardRegExp(parts.name);
  for (const s of data.services()) {
    if (!wildcardMatch(parts.service, s)) continue;
    for (const name of data.actionNames(s)) if (parts.name === '*' || matcher.test(name)) out.push(`${s}:${name}`);
  }
  return out;
}

/** Actions of `service` matched by the pattern, without loading other services. */
export function serviceOf(pattern: string): string | undefined {
  const p = splitAction(pattern);
  return p && !hasWildcard(p.service) ? p.service.toLowerCase() : undefined;
}

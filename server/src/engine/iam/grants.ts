// Which statements grant an action (by name, wildcard or NotAction), and the PassRole-specific view
// of a policy that several rules, the hovers and the explainer share.
import type { JsonNode } from '../json';
import { keyOf } from '../json';
import type { PolicyDocument, Statement, ValueItem } from '../model';
import { unique } from '../util';
import { actionMatches, expandAction, fullName, PASS_ROLE } from './actions';
import type { ConditionEntry } from './conditions';
import { conditionEntries, isNarrowing, sameKey } from './conditions';
import type { IamData } from './data';
import { hasWildcard, wildcardMatch } from './wildcard';
import { editDistance, memo, TextCache } from '../util';
import { PASSROLE_SERVICES, type PassRoleService } from './principals';

export const PASSED_TO_SERVICE = 'iam:PassedToService';
export const ASSOCIATED_RESOURCE_ARN = 'iam:AssociatedResourceArn';

export interface ActionGrant {
  via: 'explicit' | 'wildcard' | 'notAction';
  /** The Action value that grants it (absent for NotAction). */
  item?: ValueItem;
  /** Where to point: the action string, or the NotAction key. */
  node: JsonNode;
}

/** How a statement's Action/NotAction covers `action`, regardless of Effect (asked often: kept with the statement). */
export function actionGrant(stmt: Statement, action: string): ActionGrant | undefined {
  const byAction = (stmt.facts.grants ??= new Map<string, ActionGrant | null>());
  const hit = byAction.get(action);
  if (hit !== undefined) return hit ?? undefined;
  const g = computeGrant(stmt, action);
  byAction.set(action, g ?? null);
  return g;
}

function computeGrant(stmt: Statement, action: string): ActionGrant | undefined {
  if (stmt.actions) {
    for (const item of stmt.actions) {
      if (item.text === undefined || !actionMatches(item.text, action)) continue;
      return { via: hasWildcard(item.text) ? 'wildcard' : 'explicit', item, node: item.node };
    }
    return undefined;
  }
  if (stmt.notActions) {
    const excluded = stmt.notActions.some((i) => i.text !== undefined && actionMatches(i.text, action));
    if (!excluded) return { via: 'notAction', node: keyOf(stmt.elements.get('NotAction')!) };
  }
  return undefined;
}

/** An Allow statement's grant of `action`. */
export function allows(stmt: Statement, action: string): ActionGrant | undefined {
  return stmt.effect === 'Allow' ? actionGrant(stmt, action) : undefined;
}

/** Whether the statement's actions reach beyond `action` (checked against the real action list). */
export function coversOtherActions(stmt: Statement, action: string, data: IamData): boolean {
  if (stmt.notActions) return true;
  for (const item of stmt.actions ?? []) {
    if (item.text === undefined) return true;
    // The action as written (the usual case) needs no lower-casing; the PassRole rules ask this of every statement.
    if (item.text === action && !hasWildcard(action)) continue;
    if (!hasWildcard(item.text)) {
      if (item.text.toLowerCase() !== action.toLowerCase()) return true;
      continue;
    }
    // `*` and `*:…` patterns cover other actions; no need to expand them over every service.
    if (item.text === '*' || hasWildcard(item.text.split(':')[0] ?? '')) return true;
    if (expandAction(item.text, data).some((a) => fullName(a).toLowerCase() !== action.toLowerCase())) return true;
  }
  return false;
}

export function entriesFor(stmt: Statement, key: string): ConditionEntry[] {
  return conditionEntries(stmt).filter((e) => sameKey(e.key, key));
}

/** A made-up service principal: a PassedToService pattern that matches it lets every service through. */
const PROBE_PRINCIPAL = 'iam-role-lens-probe.amazonaws.com';

export function broadPrincipalPattern(value: string): boolean {
  return wildcardMatch(value, PROBE_PRINCIPAL, true);
}

/**
 * `aws:PassedToService`, `iam:PassedToServices`, `iam:PassToService`: meant iam:PassedToService. Real keys
 * of other services (`codestar-connections:PassedToService`) are not misspellings.
 */
export function misspelledPassedToService(key: string, data: IamData): boolean {
  // Cheap test first: every key of every statement comes through here.
  if (Math.abs(key.length - PASSED_TO_SERVICE.length) > 3 && !/passedtoservice/i.test(key)) return false;
  return misspellings.get(data, key, isMisspelling);
}

/** Verdicts per key as written: a key of about the right length costs an edit distance, asked by several rules. */
const misspellings = new TextCache<IamData, boolean>(5000, 256);

function isMisspelling(key: string, data: IamData): boolean {
  const k = key.toLowerCase();
  if (k === PASSED_TO_SERVICE.toLowerCase() || data.conditionKey(key)) return false;
  const name = k.slice(k.indexOf(':') + 1);
  return name === 'passedtoservice' || editDistance(k, PASSED_TO_SERVICE.toLowerCase(), 3) <= 3;
}

export interface PassRoleGrant {
  stmt: Statement;
  grant: ActionGrant;
  /** Positive `iam:PassedToService` tests that limit the receiving services. */
  passedToService: ConditionEntry[];
  /** The services those tests allow (values as written). */
  services: string[];
}

/**
 * The grants of a document's statements. The answers here read nothing but the statements, so they are kept by
 * statements, not by document: a caller that keeps a document's statements across versions keeps them too.
 */
const passRoleGrantsOf = memo((statements: readonly Statement[]): PassRoleGrant[] => {
  const out: PassRoleGrant[] = [];
  for (const stmt of statements) {
    const grant = allows(stmt, PASS_ROLE);
    if (!grant) continue;
    const passedToService = entriesFor(stmt, PASSED_TO_SERVICE).filter((e) => isNarrowing(e, true, broadPrincipalPattern));
    out.push({ stmt, grant, passedToService, services: unique(passedToService.flatMap((e) => e.values.map((v) => v.text ?? ''))) });
  }
  return out;
});

export const passRoleGrants = (doc: PolicyDocument): PassRoleGrant[] => passRoleGrantsOf(doc.statements);

/** The statement names iam:PassedToService with a typo: passed-to-service-invalid's rename is the fix. */
export function hasMisspelledPassedToService(stmt: Statement, data: IamData): boolean {
  return conditionEntries(stmt).some((e) => misspelledPassedToService(e.key, data));
}

export interface Companion {
  service: PassRoleService;
  /** The Action value that allows the companion call. */
  item: ValueItem;
  /** The companion action it covers, as the data file names it. */
  action: string;
}

/**
 * Calls in the policy that launch a service with a passed role (`lambda:CreateFunction` …).
 * `explicitOnly` counts only actions named without wildcards; otherwise `batch:*` counts too (but never
 * a bare `*`, which says nothing about which service the author had in mind). `requiredOnly` counts only
 * calls that cannot work without a role (`ec2:RunInstances` runs fine without an instance profile).
 */
/** Every launch action of the table, lower-cased, with its service and whether it needs the role. */
const LAUNCH_ACTIONS = PASSROLE_SERVICES.flatMap((service) => [
  ...service.actions.map((action) => ({ service, action, required: true })),
  ...service.optionalActions.map((action) => ({ service, action, required: false })),
]);
const LAUNCH_BY_NAME = new Map<string, typeof LAUNCH_ACTIONS>();
for (const l of LAUNCH_ACTIONS) LAUNCH_BY_NAME.set(l.action.toLowerCase(), [...(LAUNCH_BY_NAME.get(l.action.toLowerCase()) ?? []), l]);

type LaunchAction = (typeof LAUNCH_ACTIONS)[number];

/** The launch actions an Action value covers, per value as written: asked of every value of every Allow. */
const launchMatches = new TextCache<readonly LaunchAction[], readonly LaunchAction[]>(20_000, 256);

function findLaunchMatches(t: string, launch: readonly LaunchAction[]): readonly LaunchAction[] {
  return hasWildcard(t) ? launch.filter((l) => actionMatches(t, l.action)) : (LAUNCH_BY_NAME.get(t.toLowerCase()) ?? []);
}

const companionsOf = memo((statements: readonly Statement[]): (Companion & { required: boolean; wildcard: boolean })[] => {
  const out: (Companion & { required: boolean; wildcard: boolean })[] = [];
  for (const stmt of statements) {
    if (stmt.effect !== 'Allow') continue;
    for (const item of stmt.actions ?? []) {
      const t = item.text;
      if (t === undefined || t === '*') continue;
      // A star in the service part (`*:Create*`).
      const star = t.indexOf('*');
      const colon = t.indexOf(':');
      if (star >= 0 && (colon < 0 || star < colon)) continue;
      const matches = launchMatches.get(LAUNCH_ACTIONS, t, findLaunchMatches);
      if (matches.length === 0) continue;
      const wildcard = hasWildcard(t);
      // One entry per service: the first launch action of that service the item covers.
      const seen = new Set<PassRoleService>();
      for (const l of matches) {
        if (seen.has(l.service)) continue;
        seen.add(l.service);
        out.push({ service: l.service, item, action: l.action, required: l.required, wildcard });
      }
    }
  }
  return out;
});

export function companions(doc: PolicyDocument, explicitOnly: boolean, requiredOnly = false): Companion[] {
  return companionsOf(doc.statements).filter((c) => (!explicitOnly || !c.wildcard) && (!requiredOnly || c.required));
}

/** Service principals a PassRole in this policy is most likely meant for, in order of appearance. */
const inferredOf = memo((statements: readonly Statement[]): string[] => {
  return unique(companionsOf(statements).flatMap((c) => c.service.principals));
});

export const inferPrincipals = (doc: PolicyDocument): string[] => inferredOf(doc.statements);

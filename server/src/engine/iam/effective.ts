// What a policy document really allows through the two gates on a role, `iam:PassRole` and `sts:AssumeRole`:
// each Allow statement that grants the gate's action, with what every Deny statement takes away (its Action or
// NotAction, its Resource or NotResource, and the conditions that can be decided: `iam:PassedToService`, tags
// and the account or organization of the role). Deny statements of the other policies the holder has (the
// same role's policies in a template) count too. Every rule, hover and explanation about what may be passed or
// assumed reads this one view, so they cannot disagree.
//
// A Deny whose condition cannot be decided (MFA, source IP, several keys at once) may not apply to a request,
// so it takes nothing away here: a finding then stays, rather than a risk being hidden.
import type { PolicyDocument, Statement, ValueItem } from '../model';
import { Slot, unique } from '../util';
import { ASSUME_ROLE, PASS_ROLE, splitAction } from './actions';
import { hasInnerRoleWildcard, matchesEveryRole, roleArnVerdict } from './arn';
import { conditionEntries, isNarrowing, keyIn, narrowingEntries, sameKey, type ConditionEntry } from './conditions';
import type { IamData } from './data';
import { actionGrant, broadPrincipalPattern, PASSED_TO_SERVICE, type ActionGrant, type PassRoleGrant } from './grants';
import { hasWildcard, wildcardMatch } from './wildcard';

export type Gate = typeof PASS_ROLE | typeof ASSUME_ROLE;

/**
 * Which roles a grant reaches, Deny statements included:
 * - `every`: a Resource that matches every role (`*`, `arn:aws:iam::*:role/*`, `…:role/*`);
 * - `notResource`: every role except the ones NotResource lists;
 * - `pattern`: the roles matching a pattern with a wildcard inside the role's name or path (`role/*-admin`);
 * - `named`: named roles, or role patterns with a written prefix (`role/app-*`), or what a Deny with
 *   NotResource leaves.
 */
export type RoleBreadth = 'every' | 'notResource' | 'pattern' | 'named';

/** A condition that limits a grant: its own positive test, or a Deny statement that denies everything else. */
export interface Narrowing {
  from: 'condition' | 'deny';
  stmt: Statement;
  entries: ConditionEntry[];
  /** The key as written (`iam:PassedToService`, `aws:ResourceTag/team`). */
  key: string;
  /** The values that pass (as written); empty: any value, as long as the key is there (a tag the role has). */
  values: string[];
}

export interface GateGrant extends PassRoleGrant {
  /** A Deny statement that takes the whole grant away: nothing of it is allowed. */
  deniedBy?: Statement;
  breadth: RoleBreadth;
  /** Resource values of the statement that match every role. */
  everyRole: ValueItem[];
  /** Resource values with a wildcard inside the role's name or path. */
  patterns: ValueItem[];
  /** A Deny with NotResource that leaves only the roles it lists. */
  rolesLeftBy?: { stmt: Statement; roles: ValueItem[] };
  /** PassRole: the services the roles may be passed to, by the grant's own test or a Deny guard; none: any. */
  passedTo?: Narrowing;
  /** Tests on the role itself that narrow which roles: its tags, and for AssumeRole its account or organization. */
  roleConditions: Narrowing[];
}

/** The services a grant may pass its roles to (its own `iam:PassedToService` values, or a Deny guard's); none: any. */
export function passableServices(g: GateGrant): string[] {
  return g.passedTo ? [...g.passedTo.values] : [];
}

/** Whether the grant reaches a chosen set of roles (named ones, or ones with a given tag, account …). */
export function isNarrowed(g: GateGrant): boolean {
  return g.breadth === 'named' || g.roleConditions.length > 0;
}

/** Keys that describe the role a request passes or assumes (a tag key follows a `/`). */
const ROLE_KEYS: Record<Gate, readonly string[]> = {
  [PASS_ROLE]: ['iam:ResourceTag', 'aws:ResourceTag'],
  [ASSUME_ROLE]: ['aws:ResourceAccount', 'aws:ResourceOrgID', 'aws:ResourceOrgPaths', 'aws:ResourceTag', 'iam:ResourceTag'],
};

// ---- Deny statements ---------------------------------------------------------------------------------

/** What a Deny's condition does to the gate's requests, when that can be decided. */
type DenyCondition =
  | { kind: 'always' }
  | { kind: 'never' }
  /** Only requests whose key has one of the values (or, with none, has the key at all) escape the Deny. */
  | { kind: 'only'; narrowing: Omit<Narrowing, 'stmt' | 'from'>; service: boolean }
  /** The Deny applies to requests passing the role to these services. */
  | { kind: 'services'; services: string[] }
  | { kind: 'unknown' };

function denyCondition(stmt: Statement, gate: Gate): DenyCondition {
  const entries = conditionEntries(stmt).filter((e) => {
    // The key is in every PassRole request: `Null false` is always true, `Null true` never.
    return !(gate === PASS_ROLE && sameKey(e.key, PASSED_TO_SERVICE) && e.operator.known && e.operator.base === 'Null' && e.values.every((v) => v.text === 'false'));
  });
  if (entries.some((e) => gate === PASS_ROLE && sameKey(e.key, PASSED_TO_SERVICE) && e.operator.known && e.operator.base === 'Null' && e.values.some((v) => v.text === 'true'))) return { kind: 'never' };
  if (entries.length === 0) return { kind: 'always' };
  if (entries.length !== 1) return { kind: 'unknown' };
  const e = entries[0]!;
  const op = e.operator;
  if (!op.known || op.set) return { kind: 'unknown' };
  const texts = e.values.map((v) => v.text);
  if (texts.length === 0 || texts.some((t) => t === undefined)) return { kind: 'unknown' };
  const values = texts as string[];
  const service = gate === PASS_ROLE && sameKey(e.key, PASSED_TO_SERVICE);
  const roleKey = keyIn(e.key, ROLE_KEYS[gate]);
  if (!service && !roleKey) return { kind: 'unknown' };
  if (op.base === 'Null') {
    // Deny when the tag is missing: only roles that have it escape.
    return roleKey && values.every((v) => v === 'true') ? { kind: 'only', narrowing: { entries: [e], key: e.key, values: [] }, service: false } : { kind: 'unknown' };
  }
  if (!/^String/.test(op.base)) return { kind: 'unknown' };
  if (op.negated) {
    // `StringNotLike "*"` denies nothing (every value is like `*`) for a service; for a tag it denies roles
    // without the tag.
    if (service && values.some((v) => broadPrincipalPattern(v))) return { kind: 'unknown' };
    const any = values.some((v) => /^\*+$/.test(v));
    return { kind: 'only', narrowing: { entries: [e], key: e.key, values: any ? [] : values }, service };
  }
  return service ? { kind: 'services', services: values } : { kind: 'unknown' };
}

/** The most distinct role patterns of unconditional partial Denies looked at (each grant is checked against them). */
const MAX_DENIED_PATTERNS = 64;

export interface DenyView {
  /** A Deny of the gate's action on every role with no condition that can fail: nothing is allowed. */
  all?: Statement;
  /** Unconditional Denies on every role except the listed ones. */
  except: { stmt: Statement; roles: ValueItem[] }[];
  /** Unconditional Denies on some roles: exact ARNs, and patterns. */
  exact: Map<string, Statement>;
  patterns: { text: string; stmt: Statement }[];
  /** Deny guards on every role: only requests with one of the listed values escape them. */
  guards: Narrowing[];
  /** Denies on every role for some services (positive `iam:PassedToService` tests). */
  deniedServices: { stmt: Statement; services: string[] }[];
}

function denyView(statements: readonly Statement[], gate: Gate): DenyView {
  const view: DenyView = { except: [], exact: new Map(), patterns: [], guards: [], deniedServices: [] };
  const seenPatterns = new Set<string>();
  for (const stmt of statements) {
    if (stmt.effect !== 'Deny' || !actionGrant(stmt, gate)) continue;
    const cond = denyCondition(stmt, gate);
    if (cond.kind === 'never' || cond.kind === 'unknown') continue;
    let every: boolean;
    if (stmt.notResources) {
      // NotResource that matches every role leaves the Deny nothing to apply to; one that names no role (a
      // bucket) leaves it every role.
      if (stmt.notResources.some((r) => r.text === undefined || matchesEveryRole(r.text))) continue;
      every = stmt.notResources.every((r) => roleArnVerdict(r.text!) === 'not-role');
      if (!every) {
        if (cond.kind === 'always') view.except.push({ stmt, roles: stmt.notResources });
        continue;
      }
    } else every = (stmt.resources ?? []).some((r) => r.text !== undefined && matchesEveryRole(r.text));
    const resources = stmt.resources ?? [];
    if (every) {
      if (cond.kind === 'always') view.all ??= stmt;
      else if (cond.kind === 'only') view.guards.push({ from: 'deny', stmt, ...cond.narrowing });
      else view.deniedServices.push({ stmt, services: cond.services });
      continue;
    }
    if (cond.kind !== 'always') continue;
    for (const r of resources) {
      if (r.text === undefined) continue;
      if (!hasWildcard(r.text)) {
        if (!view.exact.has(r.text)) view.exact.set(r.text, stmt);
      } else if (!seenPatterns.has(r.text) && seenPatterns.size < MAX_DENIED_PATTERNS) {
        seenPatterns.add(r.text);
        view.patterns.push({ text: r.text, stmt });
      }
    }
  }
  return view;
}

/** The literal start of a pattern, up to its first wildcard. */
function literalPrefix(pattern: string): string {
  const i = pattern.search(/[*?]/);
  return i < 0 ? pattern : pattern.slice(0, i);
}

/** Whether a Deny pattern covers every role a grant's Resource value can name (ARNs compare case-sensitively). */
function patternCovers(deny: string, value: string): boolean {
  if (!hasWildcard(value)) return wildcardMatch(deny, value, false);
  if (deny === value) return true;
  // `role/app-*` covers `role/app-web-*`: everything the value matches starts with the Deny's prefix.
  return /^[^*?]*\*$/.test(deny) && literalPrefix(value).startsWith(deny.slice(0, -1));
}

/** The Deny that takes one Resource value of a grant away entirely, if any. */
function resourceDeniedBy(view: DenyView, r: ValueItem): Statement | undefined {
  const text = r.text;
  if (text === undefined) return undefined;
  const exact = view.exact.get(text);
  if (exact) return exact;
  const p = view.patterns.find((x) => patternCovers(x.text, text));
  if (p) return p.stmt;
  // A Deny on everything but some roles takes away a named role it does not list.
  if (!hasWildcard(text)) return view.except.find((e) => !e.roles.some((x) => x.text !== undefined && wildcardMatch(x.text, text, false)))?.stmt;
  return undefined;
}

// ---- Allow statements --------------------------------------------------------------------------------

/** The grant's own positive `iam:PassedToService` tests (the key is in every PassRole request). */
function ownServiceTests(stmt: Statement): ConditionEntry[] {
  return conditionEntries(stmt).filter((e) => sameKey(e.key, PASSED_TO_SERVICE) && isNarrowing(e, true, broadPrincipalPattern));
}

/** The grant's own tests on the role: positive tests of its tags (account, organization), and `Null false`. */
function ownRoleTests(stmt: Statement, gate: Gate): Narrowing[] {
  const keys = ROLE_KEYS[gate];
  const out: Narrowing[] = narrowingEntries(stmt, keys).map((e) => ({ from: 'condition', stmt, entries: [e], key: e.key, values: unique(e.values.map((v) => v.text ?? '')) }));
  for (const e of conditionEntries(stmt)) {
    if (e.operator.known && e.operator.base === 'Null' && keyIn(e.key, keys) && e.values.length > 0 && e.values.every((v) => v.text === 'false')) out.push({ from: 'condition', stmt, entries: [e], key: e.key, values: [] });
  }
  return out;
}

function breadthOf(resources: readonly ValueItem[]): RoleBreadth {
  if (resources.some((r) => r.text !== undefined && matchesEveryRole(r.text))) return 'every';
  if (resources.some((r) => r.text !== undefined && hasInnerRoleWildcard(r.text))) return 'pattern';
  return 'named';
}

export interface GateView {
  grants: GateGrant[];
  deny: DenyView;
}

/**
 * Views kept on the document, or on its statements when it has none attached: a view reads nothing else, so a
 * caller that keeps a document's statements across versions (the analysis worker, for the policies of a
 * template an edit did not touch) keeps their views too.
 */
const views = new Slot<PolicyDocument | readonly Statement[], Map<Gate, GateView>>('gateViews');

/** Every Allow statement of the document that grants the gate's action, with what the Deny statements leave of it. */
export function gateView(doc: PolicyDocument, gate: Gate): GateView {
  const key = doc.attached?.length ? doc : doc.statements;
  const perGate = views.get(key) ?? views.set(key, new Map<Gate, GateView>());
  let view = perGate.get(gate);
  if (!view) {
    view = computeView(doc, gate);
    perGate.set(gate, view);
  }
  return view;
}

function computeView(doc: PolicyDocument, gate: Gate): GateView {
  const statements = doc.attached?.length ? [...doc.statements, ...doc.attached] : doc.statements;
  const deny = denyView(statements, gate);
  const serviceGuard = deny.guards.find((g) => sameKey(g.key, PASSED_TO_SERVICE));
  const roleGuards = deny.guards.filter((g) => !sameKey(g.key, PASSED_TO_SERVICE));
  const grants: GateGrant[] = [];
  for (const stmt of doc.statements) {
    if (stmt.effect !== 'Allow') continue;
    const grant: ActionGrant | undefined = actionGrant(stmt, gate);
    if (!grant) continue;
    const own = gate === PASS_ROLE ? ownServiceTests(stmt) : [];
    const resources = stmt.resources ?? [];
    const g: GateGrant = {
      stmt,
      grant,
      passedToService: own,
      services: unique(own.flatMap((e) => e.values.map((v) => v.text ?? ''))),
      breadth: stmt.notResources ? 'notResource' : breadthOf(resources),
      everyRole: resources.filter((r) => r.text !== undefined && matchesEveryRole(r.text)),
      patterns: resources.filter((r) => r.text !== undefined && hasInnerRoleWildcard(r.text)),
      roleConditions: [...ownRoleTests(stmt, gate), ...roleGuards],
    };
    if (own.length) g.passedTo = { from: 'condition', stmt, entries: own, key: own[0]!.key, values: g.services };
    else if (serviceGuard) g.passedTo = serviceGuard;
    if (deny.all) g.deniedBy = deny.all;
    else if (!stmt.notResources && resources.length > 0) {
      const by = resources.map((r) => resourceDeniedBy(deny, r));
      if (by.every((s) => s !== undefined)) g.deniedBy = by[0];
    }
    const left = deny.except[0];
    if (left && g.breadth !== 'named') {
      g.rolesLeftBy = left;
      g.breadth = breadthOf(left.roles) === 'pattern' ? 'pattern' : 'named';
    }
    grants.push(g);
  }
  return { grants, deny };
}

/** The Allow statements that grant iam:PassRole, with what the document's Deny statements leave of each. */
export function passRoleView(doc: PolicyDocument): GateView {
  return gateView(doc, PASS_ROLE);
}

/** The grants that still allow something (no Deny takes them away entirely). */
export function liveGrants(doc: PolicyDocument, gate: Gate): GateGrant[] {
  return gateView(doc, gate).grants.filter((g) => !g.deniedBy);
}

/** The first Deny guard on services (`StringNotEquals iam:PassedToService`) on every role, if any. */
export function serviceGuard(doc: PolicyDocument): Narrowing | undefined {
  return passRoleView(doc).deny.guards.find((g) => sameKey(g.key, PASSED_TO_SERVICE));
}

/**
 * Whether a Deny takes PassRole away for requests passing roles to any of `principals` on every role: one with
 * no condition, or one whose `iam:PassedToService` test names each of them (`matches` says whether a list of
 * values lets a principal through).
 */
export function passRoleDeniedTo(doc: PolicyDocument, principals: readonly string[], matches: (values: readonly string[], principal: string) => boolean): boolean {
  const deny = passRoleView(doc).deny;
  if (deny.all) return true;
  return deny.deniedServices.some((d) => principals.every((p) => matches(d.services, p)));
}

// ---- Any action (the companions of an escalation path) -----------------------------------------------

const PROBE_VALUES: Record<string, string> = { Partition: 'aws', Region: 'us-east-1', Account: '111122223333' };

/** ARNs standing for "any resource" of each resource type an action needs (names are made up). */
function probeArns(action: string, data: IamData): string[] | undefined {
  const parts = splitAction(action);
  const info = parts ? data.action(parts.service, parts.name) : undefined;
  if (!parts || !info) return undefined;
  const types = data.resourceTypes(parts.service);
  const arns: string[] = [];
  for (const ref of info.resourceTypes) {
    const t = types.get(ref.name.toLowerCase());
    if (!t) return undefined;
    arns.push(t.arn.replace(/\$\{([^}]+)\}/g, (_, v: string) => PROBE_VALUES[v] ?? 'zq-probe-7x'));
  }
  return arns;
}

/** Whether a statement's Resource covers every resource `action` can act on. */
function coversEverything(stmt: Statement, action: string, data: IamData): boolean {
  if (stmt.notResources || !stmt.resources) return false;
  const texts = stmt.resources.map((r) => r.text).filter((t): t is string => t !== undefined);
  if (texts.includes('*')) return true;
  const probes = probeArns(action, data);
  // An action without resource types is only covered by "*".
  if (!probes || probes.length === 0) return false;
  return probes.every((p) => texts.some((t) => wildcardMatch(t, p, false)));
}

/** Whether a Deny with no condition takes `action` away on every resource it can act on. */
export function deniedEverywhere(statements: readonly Statement[], action: string, data: IamData): boolean {
  return statements.some((s) => s.effect === 'Deny' && conditionEntries(s).length === 0 && actionGrant(s, action) !== undefined && coversEverything(s, action, data));
}

// PassRole-based privilege-escalation paths (server/data/escalation-paths.json, derived from pathfinding.cloud
// and Cloudsplaining; sources and licences inside) and the question the rule asks of one policy document:
// which of them does a broad PassRole grant open, given every Allow and Deny of the document? What the Deny
// statements leave of PassRole comes from iam/effective.ts, the view every PassRole rule reads.
import escalationData from '../../../data/escalation-paths.json';
import type { PolicyDocument, Statement } from '../model';
import { PASS_ROLE } from './actions';
import { conditionEntries, failsWhenAbsent, sameKey } from './conditions';
import type { IamData } from './data';
import { deniedEverywhere, isNarrowed, passRoleDeniedTo, type GateGrant } from './effective';
import { actionGrant, ASSOCIATED_RESOURCE_ARN, PASSED_TO_SERVICE, type ActionGrant } from './grants';
import { canonicalPrincipal } from './principals';
import { hasWildcard, wildcardMatch } from './wildcard';
import { Slot, TextCache } from '../util';

export interface EscalationPath {
  /** pathfinding.cloud id (`lambda-001`). */
  id: string;
  /** pathfinding.cloud name (`iam:PassRole + lambda:CreateFunction + lambda:InvokeFunction`). */
  name: string;
  /** Every action the path needs, `iam:PassRole` included, in AWS's casing. */
  requiredActions: string[];
  /** Service prefix of the launch actions. */
  service: string;
  /** Service principals the role is passed to on this path. */
  principals: string[];
  /** What an attacker gets: completes "an attacker can …" / 「攻撃者は…」. */
  gain: { en: string; ja: string };
  aliases?: { source: string; name: string; note?: string }[];
}

export const ESCALATION_PATHS: readonly EscalationPath[] = escalationData.paths;

/**
 * How broad a PassRole grant's set of roles is, once the document's Deny statements are taken into account
 * (iam/effective.ts): `every` role, every role but those in `notResource`, or the roles a `pattern` with a
 * wildcard inside the role's name or path matches (`role/*-admin`: any role whose name fits, including ones
 * created later). Named roles, role patterns with a written prefix (`role/app-*`, `role/service-role/*`), and
 * roles chosen by a tag (`iam:ResourceTag/…`) are not broad: the author chose which roles may be passed, and each
 * role's trust policy decides which service can use it. `iam:PassedToService` does not make a grant narrow; it
 * decides which paths stay open (see `openPaths`).
 */
export type Breadth = 'every' | 'notResource' | 'pattern';

export function passRoleBreadth(g: GateGrant): Breadth | undefined {
  if (g.deniedBy || isNarrowed(g)) return undefined;
  return g.breadth === 'named' ? undefined : g.breadth;
}

/** Whether a list of iam:PassedToService values (patterns, regional forms) lets `principal` through. */
export function principalListed(values: readonly string[], principal: string): boolean {
  return values.some((v) => wildcardMatch(canonicalPrincipal(v), principal, true));
}

export interface CompanionGrant {
  action: string;
  stmt: Statement;
  grant: ActionGrant;
}

/**
 * The Allow statements that may grant an action of a given service, in document order: those naming the
 * service in an Action value, and those that may grant any service's actions (a wildcard in the service
 * part, NotAction). Finding a companion then looks at a few statements, not at every one.
 */
interface AllowIndex {
  byService: Map<string, Statement[]>;
  broad: Statement[];
}

/**
 * The service part of an Action value in lower case, `null` when it has a wildcard; per value as written (the
 * answer depends on the text alone: the table of paths is only the cache's owner).
 */
const services = new TextCache<readonly EscalationPath[], string | null>(20_000, 256);

function literalService(text: string): string | null {
  const service = text.split(':')[0]!;
  return hasWildcard(service) ? null : service.toLowerCase();
}

function allowIndex(statements: readonly Statement[]): AllowIndex {
  const byService = new Map<string, Statement[]>();
  const broad: Statement[] = [];
  for (const stmt of statements) {
    if (stmt.effect !== 'Allow') continue;
    let isBroad = stmt.notActions !== undefined;
    let last: string | undefined;
    for (const item of stmt.actions ?? []) {
      const key = item.text === undefined ? null : services.get(ESCALATION_PATHS, item.text, literalService);
      if (key === null) {
        isBroad = true;
        continue;
      }
      if (key === last) continue;
      last = key;
      const list = byService.get(key) ?? [];
      if (list[list.length - 1] !== stmt) list.push(stmt);
      byService.set(key, list);
    }
    if (isBroad) broad.push(stmt);
  }
  return { byService, broad };
}

/**
 * The Allow statement that grants a companion action. A statement that tests a PassRole-only key
 * (`iam:PassedToService`, `iam:AssociatedResourceArn`) never matches other actions, so it does not count.
 */
function companionGrant(index: AllowIndex, action: string): CompanionGrant | undefined {
  const named = index.byService.get(action.split(':')[0]!.toLowerCase()) ?? [];
  const broad = index.broad;
  // The two lists merged in document order (a statement may be in both).
  for (let i = 0, j = 0; i < named.length || j < broad.length; ) {
    const a = named[i];
    const b = broad[j];
    let stmt: Statement;
    if (b === undefined || (a !== undefined && a.index < b.index)) {
      stmt = a!;
      i++;
    } else {
      stmt = b;
      j++;
      if (a === b) i++;
    }
    const grant = actionGrant(stmt, action);
    if (!grant) continue;
    const passRoleOnly = conditionEntries(stmt).some((e) => (sameKey(e.key, PASSED_TO_SERVICE) || sameKey(e.key, ASSOCIATED_RESOURCE_ARN)) && failsWhenAbsent(e));
    if (!passRoleOnly) return { action, stmt, grant };
  }
  return undefined;
}

export interface OpenPath {
  path: EscalationPath;
  companions: CompanionGrant[];
}

/**
 * What `openPaths` asks of a document, answered once per document and question (not once per PassRole
 * grant): a policy of thousands of PassRole statements is checked in time linear in its size.
 */
interface DocumentAnswers {
  data: IamData;
  doc: PolicyDocument;
  denyStatements: Statement[];
  allows: AllowIndex;
  /** The first Allow that grants each companion action (lower-cased), or undefined. */
  companions: Map<string, CompanionGrant | undefined>;
  /** Whether a Deny takes each companion action (lower-cased) away. */
  denied: Map<string, boolean>;
  /** Whether a Deny takes PassRole away for each set of principals (joined). */
  passRoleDenied: Map<string, boolean>;
  /** The open paths for each combination of services a grant and the Deny guard allow (joined). */
  open: Map<string, readonly OpenPath[]>;
}

const answers = new Slot<PolicyDocument, DocumentAnswers>('escalationAnswers');

function answersFor(doc: PolicyDocument, data: IamData): DocumentAnswers {
  let a = answers.get(doc);
  if (!a || a.data !== data) {
    // The holder's other policies count too: a path split over two policies of one role is open.
    const statements = doc.attached?.length ? [...doc.statements, ...doc.attached] : doc.statements;
    a = { data, doc, denyStatements: statements.filter((s) => s.effect === 'Deny'), allows: allowIndex(statements), companions: new Map(), denied: new Map(), passRoleDenied: new Map(), open: new Map() };
    answers.set(doc, a);
  }
  return a;
}

function cached<K, V>(map: Map<K, V>, key: K, compute: () => V): V {
  if (map.has(key)) return map.get(key)!;
  const v = compute();
  map.set(key, v);
  return v;
}

/**
 * The escalation paths a broad PassRole grant opens in this document: the grant may pass roles to one of
 * the path's principals (its own iam:PassedToService and any Deny guard allow it), no Deny takes PassRole or
 * a companion away, and every companion action is allowed by some statement (wildcards and NotAction count).
 */
export function openPaths(doc: PolicyDocument, g: GateGrant, guardServices: readonly string[] | undefined, data: IamData): readonly OpenPath[] {
  const a = answersFor(doc, data);
  // Grants differ only by the services they may pass roles to: most share one answer.
  const key = `${g.passedToService.length ? g.services.join('\n') : '*'}\u0000${guardServices ? guardServices.join('\n') : '*'}`;
  return cached(a.open, key, () => computeOpenPaths(a, g, guardServices, data));
}

function computeOpenPaths(a: DocumentAnswers, g: GateGrant, guardServices: readonly string[] | undefined, data: IamData): OpenPath[] {
  const out: OpenPath[] = [];
  for (const path of ESCALATION_PATHS) {
    const passable = path.principals.filter((p) => (!g.passedToService.length || principalListed(g.services, p)) && (!guardServices || principalListed(guardServices, p)));
    if (passable.length === 0) continue;
    if (cached(a.passRoleDenied, passable.join('\n'), () => passRoleDeniedTo(a.doc, passable, principalListed))) continue;
    const companions: CompanionGrant[] = [];
    for (const action of path.requiredActions) {
      if (sameKey(action, PASS_ROLE)) continue;
      const key = action.toLowerCase();
      const c = cached(a.companions, key, () => companionGrant(a.allows, action));
      if (!c || cached(a.denied, key, () => deniedEverywhere(a.denyStatements, action, data))) break;
      companions.push(c);
    }
    if (companions.length === path.requiredActions.length - 1) out.push({ path, companions });
  }
  // Paths whose actions are all named explicitly first: they are what the author wrote on purpose.
  const wildcard = (o: OpenPath) => (o.companions.every((c) => c.grant.via === 'explicit') ? 0 : 1);
  return out.map((o, i) => ({ o, i })).sort((a, b) => wildcard(a.o) - wildcard(b.o) || a.i - b.i).map((x) => x.o);
}

import { expandAction, fullName, MAX_ACTION_LENGTH, splitAction } from '../iam/actions';
import { hasWildcard, wildcardMatch, wildcardRegExp } from '../iam/wildcard';
import type { IamData } from '../iam/data';
import { keyText, properties, valueOf, type JsonNode } from '../json';
import { valueItems, type PolicyDocument, type Statement, type ValueItem } from '../model';
import { TextCache } from '../util';
import type { Rule, RuleContext } from './rule';

/** The most distinct wildcard patterns of one list each value is compared with (keeps the rule linear). */
const MAX_COVERING_PATTERNS = 64;

/** What comparing an Action value with the others needs, found once per text: the same values recur in every policy. */
interface ActionText {
  text: string;
  lower: string;
  wildcard: boolean;
  /** The service part when it has no wildcard, lower case (`s3:Get*` → `s3`). */
  service: string | undefined;
  /** What every action the value stands for starts with: up to its first wildcard, lower case. */
  prefix: string;
  /** Whether it names at least one real action (one that names none is unknown-action's finding). */
  named: boolean;
  /** The real actions a pattern stands for, in lower case (`null`: none), found when first compared. */
  actions?: string[] | null;
  /** Shared by every text with the same lower case: finds a value written again in a list. */
  same: SameText;
}

/**
 * One per lower-case text: marks the first value of the list being checked that has it (`list` numbers the
 * list), so a value written again is found without a map per list.
 */
interface SameText {
  list: number;
  first: Value | undefined;
}

const actionTexts = new TextCache<IamData, ActionText>(20_000, MAX_ACTION_LENGTH);
const sameTexts = new TextCache<IamData, SameText>(20_000, MAX_ACTION_LENGTH);
const newSameText = (): SameText => ({ list: 0, first: undefined });
let lists = 0;

function actionText(text: string, data: IamData): ActionText {
  return actionTexts.get(data, text, readActionText);
}

function readActionText(text: string, data: IamData): ActionText {
  const lower = text.toLowerCase();
  const w = lower.search(/[*?]/);
  const a: ActionText = { text, lower, wildcard: w >= 0, service: literalService(lower), prefix: w < 0 ? lower : lower.slice(0, w), named: false, same: sameTexts.get(data, lower, newSameText) };
  if (a.wildcard) a.named = actionsOf(a, data) !== null;
  else {
    const parts = splitAction(text);
    a.named = parts !== undefined && data.hasAction(parts.service, parts.name);
  }
  return a;
}

/** The real actions a value stands for, in lower case; null when it names none. */
function actionsOf(a: ActionText, data: IamData): string[] | null {
  if (a.actions === undefined) {
    const parts = splitAction(a.text);
    const found = !parts || hasWildcard(parts.service) ? [] : expandAction(a.text, data).map((x) => fullName(x).toLowerCase());
    a.actions = found.length ? found : null;
  }
  return a.actions;
}

/** The service part of a pattern when it has no wildcard (`s3:get*` → `s3`). */
function literalService(pattern: string): string | undefined {
  const i = pattern.indexOf(':');
  if (i <= 0) return undefined;
  const service = pattern.slice(0, i);
  return hasWildcard(service) ? undefined : service;
}

/** A value of the list. */
interface Value {
  item: ValueItem;
  a: ActionText;
}

/**
 * Whether pattern `p` allows every action value `q` stands for: `*`, a wildcard that matches `q` (or, for a
 * pattern `q`, every real action `q` matches), or the same value written again (any case).
 */
function covers(p: ActionText, q: ActionText, data: IamData): boolean {
  if (p.lower === q.lower || p.text === '*') return true;
  if (!p.wildcard) return false;
  // A pattern of one service matches no action of another: most pairs of a long list are settled here.
  if (p.service !== undefined && p.service !== q.service) return false;
  // An action of `q` starts with q's prefix, and one `p` matches starts with p's: unless one prefix starts the
  // other (`s3:Get*` and `s3:GetObject*`), no action is both.
  if (!q.prefix.startsWith(p.prefix) && !p.prefix.startsWith(q.prefix)) return false;
  if (!q.wildcard) return wildcardMatch(p.text, q.text, true);
  const actions = actionsOf(q, data);
  if (actions === null) return false;
  const matcher = wildcardRegExp(p.text);
  for (const a of actions) if (!matcher.test(a)) return false;
  return true;
}

/**
 * The first of `patterns` (in list order) that covers `q`, unless the two cover each other and `q` comes
 * first. Only patterns of q's service and those without a literal service can cover it.
 */
function coveringPattern(q: Value, byService: ReadonlyMap<string | undefined, Value[]>, data: IamData): Value | undefined {
  const own = q.a.service === undefined ? undefined : firstCovering(q, byService.get(q.a.service), data);
  const any = firstCovering(q, byService.get(undefined), data);
  return own && any ? (own.item.node.offset < any.item.node.offset ? own : any) : (own ?? any);
}

function firstCovering(q: Value, patterns: readonly Value[] | undefined, data: IamData): Value | undefined {
  for (const p of patterns ?? []) {
    if (p !== q && covers(p.a, q.a, data) && !(covers(q.a, p.a, data) && q.item.node.offset < p.item.node.offset)) return p;
  }
  return undefined;
}

function checkActions(ctx: RuleContext, items: readonly ValueItem[] | undefined, list: JsonNode | undefined): void {
  if (!items || items.length < 2 || list?.type !== 'array') return;
  const { t, data } = ctx;
  const values: Value[] = [];
  for (const item of items) if (item.text !== undefined && item.node.type === 'string' && !item.text.includes('${')) values.push({ item, a: actionText(item.text, data) });
  const run = ++lists;
  /** The first MAX_COVERING_PATTERNS distinct wildcard values, by literal service (undefined: none). */
  const byService = new Map<string | undefined, Value[]>();
  let patterns = 0;
  for (const v of values) {
    const same = v.a.same;
    if (same.list === run) continue;
    same.list = run;
    same.first = v;
    if (v.a.wildcard && patterns < MAX_COVERING_PATTERNS) {
      patterns++;
      const group = byService.get(v.a.service);
      if (group) group.push(v);
      else byService.set(v.a.service, [v]);
    }
  }
  for (const q of values) {
    const text = q.a.text;
    // A value that names no real action is unknown-action's finding, not a redundancy.
    if (text !== '*' && !q.a.named) continue;
    const same = q.a.same.first!;
    // The same value again; or a pattern that covers it, unless the two cover each other and this one comes first.
    const by = same !== q ? same : patterns ? coveringPattern(q, byService, data) : undefined;
    if (!by) continue;
    const node = q.item.node;
    ctx.report({ node, message: t.redundantAction(text, by.a.text), fixes: [{ title: t.fixRemove(text), preferred: true, edits: () => [ctx.writer.remove(list, node)] }] });
  }
  // The marks are kept with the IAM data's answers: they must not keep this document's tree alive.
  for (const v of values) v.a.same.first = undefined;
}

/** The roles of a list by partition, account and name: `arn:aws:iam::1:role/path/Name` → `aws:1:Name`. */
function rolesByName(items: Iterable<ValueItem>): Map<string, ValueItem> {
  const out = new Map<string, ValueItem>();
  for (const i of items) {
    const m = /^arn:([^:]+):iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(i.text!);
    if (m && !out.has(`${m[1]}:${m[2]}:${m[3]}`)) out.set(`${m[1]}:${m[2]}:${m[3]}`, i);
  }
  return out;
}

/** The role a session ARN (`arn:aws:sts::1:assumed-role/Name/session`) belongs to, when the list names it. */
function roleOfSession(session: string, roles: ReadonlyMap<string, ValueItem>): ValueItem | undefined {
  const m = /^arn:([^:]+):sts::(\d{12}):assumed-role\/([^/]+)\/.+$/.exec(session);
  return m ? roles.get(`${m[1]}:${m[2]}:${m[3]}`) : undefined;
}

function checkPrincipal(ctx: RuleContext, node: JsonNode | undefined, negated: boolean): void {
  const { t } = ctx;
  for (const m of properties(node)) {
    const list = valueOf(m);
    if (list?.type !== 'array') continue;
    const type = keyText(m);
    const items = valueItems(list).filter((i) => i.text !== undefined && i.node.type === 'string' && !i.text.includes('${'));
    const first = new Map<string, ValueItem>();
    for (const i of items) if (!first.has(i.text!)) first.set(i.text!, i);
    const star = type === 'AWS' ? first.get('*') : undefined;
    const roles = type === 'AWS' && !negated ? rolesByName(first.values()) : new Map<string, ValueItem>();
    for (const q of items) {
      const text = q.text!;
      const same = first.get(text)!;
      // A second time; anything besides "*"; an assumed-role session of a role the list names (under
      // NotPrincipal a session must be listed on its own: there the role does not stand for its sessions).
      const by = same !== q ? same : star && q !== star ? star : roleOfSession(text, roles);
      if (!by) continue;
      ctx.report({ node: q.node, message: t.redundantPrincipal(text, by.text!), fixes: [{ title: t.fixRemove(text), preferred: true, edits: () => [ctx.writer.remove(list, q.node)] }] });
    }
  }
}

function checkStatement(ctx: RuleContext, doc: PolicyDocument, stmt: Statement): void {
  const list = (name: 'Action' | 'NotAction') => {
    const p = stmt.elements.get(name);
    return p ? valueOf(p) : undefined;
  };
  checkActions(ctx, stmt.actions, list('Action'));
  checkActions(ctx, stmt.notActions, list('NotAction'));
  if (doc.kind === 'identity') return;
  checkPrincipal(ctx, stmt.principal, false);
  checkPrincipal(ctx, stmt.notPrincipal, true);
}

export const redundantValue: Rule = {
  id: 'redundant-value',
  defaultSeverity: 'info',
  fixable: true,
  reads: 'resource',
  summary: {
    en: 'A value of an Action, NotAction or Principal list that another value of the same list already covers: removing it changes nothing.',
    ja: 'Action、NotAction、Principal のリストの値で、同じリストのほかの値がすでに含んでいるもの（削除しても何も変わりません）。',
  },
  check(ctx) {
    for (const doc of ctx.analysis.documents) for (const stmt of doc.statements) checkStatement(ctx, doc, stmt);
  },
};

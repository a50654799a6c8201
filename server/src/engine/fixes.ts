// Edits that several rules' fixes share: adding a condition to a statement, adding a statement after
// another, and the iam:PassedToService fix in its three shapes (condition, split, Deny guard).
import { isMultiline, withSnippet } from './edits';
import type { ActionGrant } from './iam/grants';
import { ASSOCIATED_RESOURCE_ARN, coversOtherActions, PASSED_TO_SERVICE } from './iam/grants';
import { roleArnVerdict } from './iam/arn';
import { conditionEntries, failsWhenAbsent, sameKey, type ConditionEntry } from './iam/conditions';
import { actionMatches, PASS_ROLE } from './iam/actions';
import type { IamData } from './iam/data';
import { keyText, prop, properties, valueOf, type JsonNode } from './json';
import type { PolicyDocument, Statement, ValueItem } from './model';
import type { Fix, TextEdit } from './types';
import type { Messages } from './i18n';
import { SourceValue, type Writer } from './writer';

/**
 * Fix safety. `iam-role-lens fix` and fix-on-save apply the preferred fix of each finding, unattended: such a
 * fix must never let an Allow statement match a request it does not match today, nor a Deny statement stop
 * matching one. A fix that would is still offered in the editor, where the author decides; it is never
 * preferred. These say whether a change keeps every Allow of the policy from growing
 * (test/unit/fix-widening.test.ts checks it on every fixture and corpus policy).
 */
export type Reach = 'more' | 'fewer';

/** A change that makes `stmt` apply to more (or fewer) requests keeps every Allow from growing. */
export function keepsAllowsFromGrowing(stmt: Statement, reach: Reach): boolean {
  return reach === 'more' ? stmt.effect === 'Deny' : stmt.effect === 'Allow';
}

/**
 * A change that makes one condition test compare true for more values (a value that now names something,
 * a key that is now in the request, an operator that now works): the statement then applies to more
 * requests, or, under a negated operator (`StringNotEquals` …), to fewer.
 */
export function conditionChangeIsSafe(stmt: Statement, entry: ConditionEntry): boolean {
  return keepsAllowsFromGrowing(stmt, entry.operator.negated ? 'fewer' : 'more');
}

/** Placeholder inserted when no service could be inferred; a tab stop in editors with snippets. */
export const SERVICE_PLACEHOLDER = 'SERVICE.amazonaws.com';

/** Adds `"operator": {"key": value}` to a statement's Condition, merging into an existing block. */
export function addConditionEdits(w: Writer, stmt: Statement, operator: string, key: string, value: unknown): TextEdit[] {
  return addConditionEntriesEdits(w, stmt, [{ operator, key, value }]);
}

export interface NewConditionEntry {
  operator: string;
  key: string;
  value: unknown;
}

/**
 * Adds several condition entries to a statement: values of keys already there are replaced, keys go into
 * existing operator blocks, new blocks go into the Condition (created when missing), each container
 * getting a single edit so the edits never collide.
 */
export function addConditionEntriesEdits(w: Writer, stmt: Statement, entries: readonly NewConditionEntry[]): TextEdit[] {
  const byOperator = new Map<string, Record<string, unknown>>();
  for (const e of entries) byOperator.set(e.operator, { ...(byOperator.get(e.operator) ?? {}), [e.key]: e.value });
  const condProp = stmt.elements.get('Condition');
  const cond = condProp ? valueOf(condProp) : undefined;
  if (cond?.type !== 'object') return [w.insertMembers(stmt.node, [['Condition', Object.fromEntries(byOperator)]])];
  const edits: TextEdit[] = [];
  const newBlocks: [string, unknown][] = [];
  for (const [operator, keys] of byOperator) {
    const block = valueOf(prop(cond, operator) ?? ({} as JsonNode));
    if (block?.type !== 'object') {
      newBlocks.push([operator, keys]);
      continue;
    }
    const inline = !isMultiline(w.text, block) && properties(block).length > 0;
    const fresh: [string, unknown][] = [];
    for (const [key, value] of Object.entries(keys)) {
      const existing = properties(block).find((p) => keyText(p).toLowerCase() === key.toLowerCase());
      if (existing) edits.push(w.replace(valueOf(existing)!, value, { inline }));
      else fresh.push([key, value]);
    }
    if (fresh.length) edits.push(w.insertMembers(block, fresh, 'last', { inline }));
  }
  if (newBlocks.length) edits.push(w.insertMembers(cond, newBlocks, 'last', { inline: !isMultiline(w.text, cond) && properties(cond).length > 0 }));
  return edits;
}

/**
 * Adds a statement after `after` (turning a single-object Statement into a list when needed).
 * `inner` are edits inside `after` made by the same fix: when `after` is rewritten as a list item they are
 * folded into its new text, so the edits never overlap.
 */
export function addStatementEdits(w: Writer, doc: PolicyDocument, after: Statement, statement: Record<string, unknown>, inner: readonly TextEdit[] = []): TextEdit[] {
  const list = doc.statementProp ? valueOf(doc.statementProp) : undefined;
  if (list?.type === 'array') return [...inner, w.insertItem(list, statement, list.children?.indexOf(after.node))];
  // Statement is a single object: it becomes a list of it and the new one.
  return [w.listify(after.node, inner, statement)];
}

/**
 * Removes condition entries from a statement, dropping operator blocks (and the Condition itself) that
 * become empty.
 */
export function removeConditionEntriesEdits(w: Writer, stmt: Statement, entries: readonly ConditionEntry[]): TextEdit[] {
  const condProp = stmt.elements.get('Condition');
  const cond = condProp ? valueOf(condProp) : undefined;
  if (!condProp || cond?.type !== 'object' || entries.length === 0) return [];
  const edits: TextEdit[] = [];
  const emptied: JsonNode[] = [];
  for (const op of properties(cond)) {
    const block = valueOf(op);
    const members = properties(block);
    const gone = members.filter((m) => entries.some((e) => e.keyProp === m));
    if (gone.length === 0) continue;
    if (gone.length === members.length) emptied.push(op);
    else for (const m of gone) edits.push(w.remove(block!, m));
  }
  if (emptied.length === properties(cond).length) return [w.remove(stmt.node, condProp)];
  for (const op of emptied) edits.push(w.remove(cond, op));
  return edits;
}

/**
 * The Resource of a statement that PassRole moves into: the resources that can name a role (an
 * instance profile or an EC2 ARN would only be a new finding), or all of them when none can.
 */
export function passRoleResource(stmt: Statement): unknown {
  const p = stmt.elements.get('Resource');
  const v = p ? valueOf(p) : undefined;
  if (!v) return '*';
  const raw = (n: JsonNode) => new SourceValue(n);
  if (v.type !== 'array') return raw(v);
  const items = stmt.resources ?? [];
  const roles = items.filter((r) => r.ref !== undefined || r.text === undefined || roleArnVerdict(r.text) === 'role' || roleArnVerdict(r.text) === 'unknown');
  if (roles.length === 0 || roles.length === items.length) return raw(v);
  return roles.length === 1 ? raw(roles[0]!.node) : roles.map((r) => raw(r.node));
}

/** Entries of keys that exist only in PassRole requests (they move with iam:PassRole when splitting). */
export function passRoleOnlyEntries(stmt: Statement): ConditionEntry[] {
  return conditionEntries(stmt).filter((e) => [PASSED_TO_SERVICE, ASSOCIATED_RESOURCE_ARN].some((k) => sameKey(k, e.key)));
}

/**
 * Moves `iam:PassRole` out of a statement that also allows other actions: removes it from the Action list
 * and the PassRole-only condition keys from the Condition, and adds a PassRole statement after it with the
 * Sid suffixed, the role resources, the original conditions and `extraCondition` merged in.
 */
export function splitPassRoleEdits(
  w: Writer,
  doc: PolicyDocument,
  stmt: Statement,
  grantItem: ValueItem,
  extraCondition?: { operator: string; key: string; value: unknown },
  /** A Resource for the new statement other than the statement's own role resources (a placeholder). */
  resource?: unknown,
): TextEdit[] {
  const actionList = valueOf(stmt.elements.get('Action')!)!;
  const passRoleItems = (stmt.actions ?? []).filter((a) => a === grantItem || (a.text !== undefined && a.text.toLowerCase() === PASS_ROLE.toLowerCase()));
  const inner: TextEdit[] = passRoleItems.map((a) => w.remove(actionList, a.node));
  inner.push(...removeConditionEntriesEdits(w, stmt, passRoleOnlyEntries(stmt)));
  const sid = stmt.elements.get('Sid') ? valueOf(stmt.elements.get('Sid')!) : undefined;
  const next: Record<string, unknown> = {};
  if (sid?.type === 'string') next['Sid'] = `${sid.value as string}PassRole`;
  next['Effect'] = 'Allow';
  next['Action'] = PASS_ROLE;
  next['Resource'] = resource ?? passRoleResource(stmt);
  const cond = stmt.condition?.type === 'object' ? (w.value(stmt.condition) as Record<string, Record<string, unknown>>) : {};
  const has = (key: string) => Object.values(cond).some((block) => Object.keys(block).some((k) => k.toLowerCase() === key.toLowerCase()));
  if (extraCondition && !has(extraCondition.key)) cond[extraCondition.operator] = { ...(cond[extraCondition.operator] ?? {}), [extraCondition.key]: extraCondition.value };
  if (Object.keys(cond).length) next['Condition'] = cond;
  return addStatementEdits(w, doc, stmt, next, inner);
}

function ptsValue(principals: readonly string[]): string[] {
  return principals.length ? [...principals] : [SERVICE_PLACEHOLDER];
}

export type PtsFixShape = 'condition' | 'split' | 'deny';

/**
 * Which edit the PassedToService fix must make for this grant: a condition on a PassRole-only statement;
 * a split when iam:PassRole is named in a list and nothing else in the list grants it too (`iam:*` would
 * keep granting it after the split); a Deny statement otherwise.
 */
export function ptsFixShape(stmt: Statement, grant: ActionGrant, data: IamData): PtsFixShape {
  if (!coversOtherActions(stmt, PASS_ROLE, data)) return 'condition';
  if (canSplitPassRole(stmt, grant)) return 'split';
  return 'deny';
}

/**
 * Whether iam:PassRole can be moved to a statement of its own: it is named in an Action list, and nothing
 * else in the list grants it too (`iam:*`, `iam:Pass*` would keep granting it without the condition).
 */
export function canSplitPassRole(stmt: Statement, grant: ActionGrant | undefined): boolean {
  if (grant?.via !== 'explicit' || valueOf(stmt.elements.get('Action')!)?.type !== 'array') return false;
  const others = (stmt.actions ?? []).filter((a) => a.text === undefined || a.text.toLowerCase() !== PASS_ROLE.toLowerCase());
  return !others.some((a) => a.text !== undefined && actionMatches(a.text, PASS_ROLE));
}

/**
 * The iam:PassedToService fix. A PassRole-only statement gets the condition; a statement that also
 * allows other actions listed by name is split (PassRole moves to a new statement with the condition,
 * keeping Sid (suffixed), Resource and the other conditions); PassRole reached through a wildcard or
 * NotAction gets a Deny statement that stops passing roles to any other service.
 */
export function passedToServiceEdits(w: Writer, doc: PolicyDocument, stmt: Statement, grant: ActionGrant, principals: readonly string[], data: IamData): TextEdit[] {
  const value = ptsValue(principals);
  const shape = ptsFixShape(stmt, grant, data);
  let edits: TextEdit[];
  if (shape === 'condition') {
    edits = addConditionEdits(w, stmt, 'StringEquals', PASSED_TO_SERVICE, value);
  } else if (shape === 'split') {
    edits = splitPassRoleEdits(w, doc, stmt, grant.item!, { operator: 'StringEquals', key: PASSED_TO_SERVICE, value });
  } else {
    edits = addStatementEdits(w, doc, stmt, {
      Effect: 'Deny',
      Action: PASS_ROLE,
      Resource: '*',
      Condition: { StringNotEquals: { [PASSED_TO_SERVICE]: value } },
    });
  }
  return principals.length ? edits : edits.map((e) => withSnippet(e, [SERVICE_PLACEHOLDER]));
}

/** One fix per candidate principal (preferred when there is only one), one with all, or a placeholder. */
export function passedToServiceFixes(w: Writer, doc: PolicyDocument, stmt: Statement, grant: ActionGrant, candidates: readonly string[], data: IamData, t: Messages): Fix[] {
  const shape = ptsFixShape(stmt, grant, data);
  const title = (ps: readonly string[]) => (ps.length === 0 ? t.fixAddPtsPlaceholder(shape) : shape === 'condition' ? t.fixAddPts(ps) : shape === 'split' ? t.fixAddPtsSplit(ps) : t.fixAddPtsDeny(ps));
  const make = (ps: readonly string[], preferred: boolean): Fix => ({
    title: title(ps),
    preferred,
    edits: () => passedToServiceEdits(w, doc, stmt, grant, ps, data),
  });
  if (candidates.length === 0) return [make([], false)];
  // Splitting moves iam:AssociatedResourceArn along with PassRole: the other actions, which it kept from ever
  // matching, would start to match. Offered, not applied.
  const widens = shape === 'split' && passRoleOnlyEntries(stmt).some(failsWhenAbsent);
  const fixes = candidates.map((p) => make([p], candidates.length === 1 && !widens));
  if (candidates.length > 1) fixes.push(make(candidates, false));
  return fixes;
}

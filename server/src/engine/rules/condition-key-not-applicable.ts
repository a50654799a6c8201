import { expandAction, fullName } from '../iam/actions';
import { keepsAllowsFromGrowing } from '../fixes';
import { conditionEntries, keyIn, sameKey, type ConditionEntry } from '../iam/conditions';
import { principalsOf } from '../iam/principal';
import { canonicalPrincipal } from '../iam/principals';
import { NOT_FROM_SERVICES, SERVICE_SENDS, SESSION_KEY_ACTIONS } from '../iam/trust';
import type { Fix } from '../types';
import { SourceValue } from '../writer';
import type { ActionInfo, IamData } from '../iam/data';
import { actionConditionKeys, actionSupportsKey, keyHasCarriers, keyPrefix, resolveConditionKey, similarKeys, type ResolvedKey } from '../iam/condition-keys';
import { actionGrant, ASSOCIATED_RESOURCE_ARN, misspelledPassedToService, PASSED_TO_SERVICE } from '../iam/grants';
import { wildcardMatch } from '../iam/wildcard';
import { isIntrinsic, type PolicyDocument, type Statement } from '../model';
import { valueOf } from '../json';
import type { Rule, RuleContext } from './rule';
import { Slot } from '../util';

/** What the statement's actions are, as far as applicability can be judged. */
type ActionScope =
  /** Listed actions (wildcards expanded within their service). */
  | { kind: 'actions'; actions: ActionInfo[] }
  /** `*`, `*:…` patterns: every key that exists is carried by some action. */
  | { kind: 'all' }
  /** NotAction: every action except those matching the patterns. */
  | { kind: 'not'; patterns: string[] }
  /** Something unknown or unresolvable: no judgement. */
  | { kind: 'unknown' };

function scopeOf(stmt: Statement, data: IamData): ActionScope {
  if (stmt.notActions) {
    const patterns: string[] = [];
    for (const item of stmt.notActions) {
      if (item.text === undefined) return { kind: 'unknown' };
      patterns.push(item.text);
    }
    return { kind: 'not', patterns };
  }
  if (!stmt.actions) return { kind: 'unknown' };
  const actions: ActionInfo[] = [];
  let all = false;
  for (const item of stmt.actions) {
    const text = item.text;
    if (text === undefined || text.includes('${')) return { kind: 'unknown' };
    if (text === '*') {
      all = true;
      continue;
    }
    // `service:name`, one colon (not split: this runs over every value of every statement with a condition).
    const colon = text.indexOf(':');
    if (colon <= 0 || colon !== text.lastIndexOf(':')) return { kind: 'unknown' };
    if (wildcardBefore(text, colon)) {
      all = true;
      continue;
    }
    const expanded = expandAction(text, data);
    // An action that does not exist is unknown-action's finding; its keys cannot be judged.
    if (expanded.length === 0) return { kind: 'unknown' };
    for (const a of expanded) actions.push(a);
  }
  return all ? { kind: 'all' } : { kind: 'actions', actions };
}

/** Whether a wildcard comes before position `end` (`*:Get*`, `s3*:…`). */
function wildcardBefore(text: string, end: number): boolean {
  const star = text.indexOf('*');
  const one = text.indexOf('?');
  return (star >= 0 && star < end) || (one >= 0 && one < end);
}

/** Keys reported by the PassRole rules (passed-to-service-shared-statement, passed-to-service-invalid). */
function passRoleKey(key: string, data: IamData): boolean {
  return sameKey(key, PASSED_TO_SERVICE) || sameKey(key, ASSOCIATED_RESOURCE_ARN) || misspelledPassedToService(key, data);
}

/**
 * Whether some action the statement allows (or denies) can carry the key. The data's action tables are not
 * complete, so a key no action of its service lists, or an action of the key's service listed with no
 * condition keys at all (`aws-marketplace:Subscribe`, which AWS documents with `aws-marketplace:ProductId`),
 * gets the benefit of the doubt.
 */
function applicable(scope: ActionScope, resolved: ResolvedKey, key: string, data: IamData): boolean {
  if (scope.kind === 'unknown' || scope.kind === 'all') return true;
  const prefix = keyPrefix(key);
  const service = resolved.origin === 'provider' ? 'sts' : prefix && data.hasService(prefix) ? prefix : undefined;
  if (service && !keyHasCarriers(resolved, service, data)) return true;
  if (scope.kind === 'actions') {
    return scope.actions.some((a) => actionSupportsKey(a, resolved, data) || (a.service === service && actionConditionKeys(a, data).size === 0));
  }
  // NotAction: the key's own service's actions that carry it, unless NotAction excludes all of them. Keys
  // carried only by other services' actions are given the benefit of the doubt.
  if (!service) return true;
  const carriers = [...data.actions(service).values()].filter((a) => actionSupportsKey(a, resolved, data));
  return carriers.some((a) => !scope.patterns.some((p) => wildcardMatch(p, fullName(a))));
}

/**
 * Keys the statement's principal never sends: a statement that trusts only service principals and tests
 * `aws:PrincipalOrgID`, `aws:PrincipalTag/…` (services are no members of an organization, have no tags …).
 */
function checkServicePrincipalKeys(ctx: RuleContext, doc: PolicyDocument, stmt: Statement, entries: readonly ConditionEntry[]): void {
  if (doc.kind === 'identity') return;
  const p = principalsOf(stmt.principal);
  if (p.service.length === 0 || p.star || p.aws.length || p.federated.length || p.canonicalUser.length || p.unknownTypes.length) return;
  const services = p.service.map((s) => s.text ?? '').filter((s) => s !== '');
  const sent = services.flatMap((s) => SERVICE_SENDS[canonicalPrincipal(s)] ?? []);
  for (const e of entries) {
    if (e.key.includes('${') || !keyIn(e.key, NOT_FROM_SERVICES) || keyIn(e.key, sent)) continue;
    ctx.report({ node: e.keyNode, message: ctx.t.ckNotFromService(e.key, services, !e.operator.negated && e.operator.base !== 'Null') });
  }
}

/**
 * Session keys in a trust-policy statement that does not allow the action that sets them: tests on session tags
 * without `sts:TagSession`, on the source identity without `sts:SetSourceIdentity`, on the context without
 * `sts:SetContext`.
 */
const allowedInDoc = new Slot<PolicyDocument, Map<string, boolean>>('allowedInDoc');

/** Whether an Allow statement of the trust policy allows `action` (asked once per policy and action). */
function docAllows(doc: PolicyDocument, action: string): boolean {
  const known = allowedInDoc.get(doc) ?? allowedInDoc.set(doc, new Map<string, boolean>());
  let yes = known.get(action);
  if (yes === undefined) known.set(action, (yes = doc.statements.some((s) => s.effect === 'Allow' && actionGrant(s, action) !== undefined)));
  return yes;
}

function checkSessionKeys(ctx: RuleContext, doc: PolicyDocument, stmt: Statement, entries: readonly ConditionEntry[]): void {
  if (doc.kind !== 'trust') return;
  const { t } = ctx;
  const actionProp = stmt.elements.get('Action');
  const list = actionProp ? valueOf(actionProp) : undefined;
  for (const e of entries) {
    const needed = SESSION_KEY_ACTIONS.find((s) => keyIn(e.key, s.keys));
    // Another Allow statement of the policy that allows the action is enough: the caller sets the tags in
    // the same call, and this statement's test reads them (AWS's session-tag examples split it so).
    if (!needed || actionGrant(stmt, needed.action) || (stmt.effect === 'Allow' && docAllows(doc, needed.action))) continue;
    // Adding the action to an Allow lets the principal do what it could not: offered, applied by fix only in a Deny.
    const fixes: Fix[] =
      list && (list.type === 'string' || list.type === 'array')
        ? [{ title: t.fixAddActions([needed.action]), preferred: keepsAllowsFromGrowing(stmt, 'more'), edits: () => [list.type === 'array' ? ctx.writer.insertItem(list, needed.action) : ctx.writer.replace(list, [new SourceValue(list), needed.action])] }]
        : [];
    ctx.report({ node: e.keyNode, message: t.ckSessionAction(e.key, needed.action), fixes });
  }
}

function checkStatement(ctx: RuleContext, doc: PolicyDocument, stmt: Statement): void {
  const { t, data } = ctx;
  const entries = conditionEntries(stmt);
  if (entries.length === 0) return;
  checkServicePrincipalKeys(ctx, doc, stmt, entries);
  checkSessionKeys(ctx, doc, stmt, entries);
  const scope = scopeOf(stmt, data);
  if (scope.kind === 'unknown') return;
  for (const e of entries) {
    const key = e.key;
    if (key.includes('${') || passRoleKey(key, data) || isIntrinsic(valueOf(e.operatorProp))) continue;
    const resolved = resolveConditionKey(key, data);
    if (!resolved) {
      // In a trust policy, claims of identity providers the data does not know are still claims.
      const prefix = keyPrefix(key);
      if (doc.kind === 'trust' && prefix === 'saml') continue;
      const suggestions = similarKeys(key, data, Math.max(1, Math.min(3, Math.floor(key.length / 6))));
      const serviceKnown = prefix !== undefined && (prefix === 'aws' || data.hasService(prefix));
      ctx.report({ node: e.keyNode, message: t.ckUnknown(key, prefix === undefined ? 'format' : serviceKnown ? 'key' : 'service', prefix ?? '', prefix ? data.serviceName(prefix) : undefined, suggestions) });
      continue;
    }
    if (resolved.origin === 'global') continue;
    // Trust policies: identity-provider claims and STS keys belong to the assume call by definition.
    if (doc.kind === 'trust' && (resolved.origin === 'provider' || keyPrefix(key) === 'sts')) continue;
    if (applicable(scope, resolved, key, data)) continue;
    const written = (stmt.actions ?? []).map((a) => a.text ?? '').filter((x) => x !== '');
    ctx.report({ node: e.keyNode, message: resolved.origin === 'provider' ? t.ckProviderOnly(key) : t.ckNotApplicable(key, written, scope.kind === 'not') });
  }
}

export const conditionKeyNotApplicable: Rule = {
  id: 'condition-key-not-applicable',
  defaultSeverity: 'warning',
  fixable: true,
  reads: 'resource',
  summary: { en: "A condition key that none of the statement's actions supports, or that does not exist.", ja: 'ステートメントのどのアクションもサポートしていない条件キー、または存在しない条件キー。' },
  check(ctx) {
    for (const doc of ctx.analysis.documents) for (const stmt of doc.statements) checkStatement(ctx, doc, stmt);
  },
};

import { addConditionEdits, conditionChangeIsSafe, keepsAllowsFromGrowing } from '../fixes';
import { isMultiValued, keyPrefix, keyType, resolveConditionKey, type KeyType } from '../iam/condition-keys';
import { conditionEntries, parseOperator, sameKey, type ConditionEntry } from '../iam/conditions';
import { closeOperators, familyFits, familyOf, type Family } from '../iam/operators';
import { principalsOf } from '../iam/principal';
import { claimKey, federatedKind } from '../iam/trust';
import { keyOf, keyText, prop, properties, valueOf, type JsonNode } from '../json';
import { isIntrinsic, type PolicyDocument, type Statement } from '../model';
import type { Fix, TextEdit } from '../types';
import type { Rule, RuleContext } from './rule';

/** The operator that fits a key type, keeping the operator's set prefix and IfExists (a fix, when there is one). */
function fittingOperator(e: ConditionEntry, type: KeyType): string | undefined {
  const op = e.operator;
  const positive = /^String(Equals|EqualsIgnoreCase)$/.test(op.base);
  const negative = op.base === 'StringNotEquals';
  let base: string | undefined;
  if (type === 'Bool' && positive) base = 'Bool';
  else if (type === 'Numeric') base = positive && op.base === 'StringEquals' ? 'NumericEquals' : negative ? 'NumericNotEquals' : undefined;
  else if (type === 'Date') base = positive && op.base === 'StringEquals' ? 'DateEquals' : negative ? 'DateNotEquals' : undefined;
  else if (type === 'IPAddress') base = positive && op.base === 'StringEquals' ? 'IpAddress' : negative ? 'NotIpAddress' : undefined;
  if (!base) return undefined;
  return `${op.set ? op.set + ':' : ''}${base}${op.ifExists ? 'IfExists' : ''}`;
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}(\/(3[0-2]|[12]?\d))?$/;
const IPV6 = /^[0-9a-f:.]*:[0-9a-f:.]*(\/(12[0-8]|1[01]\d|[1-9]?\d))?$/i;
const NUMBER = /^-?\d+(\.\d+)?$/;
const DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** Whether a written value can be read by an operator family. */
function valueFits(family: Family, value: string): boolean {
  switch (family) {
    case 'Bool':
      return /^(true|false)$/i.test(value);
    case 'Numeric':
      return NUMBER.test(value.trim());
    case 'Date':
      return DATE.test(value) || /^\d+$/.test(value);
    case 'IPAddress':
      return IPV4.test(value) || IPV6.test(value);
    default:
      return true;
  }
}

/** A literal `*` or `?` (not the `${*}` / `${?}` escapes). */
function hasLiteralWildcard(value: string): boolean {
  return /[*?]/.test(value.replace(/\$\{[^}]*\}/g, ''));
}

/**
 * Moves one key of an operator block to another operator: renames the block when the key is alone in it
 * and the target operator does not exist yet; else moves the key into the target block (created when
 * missing). Undefined when the target already tests the same key: merging would OR what IAM ANDs.
 */
function moveEntryEdits(ctx: RuleContext, stmt: Statement, e: ConditionEntry, target: string): TextEdit[] | undefined {
  const block = valueOf(e.operatorProp);
  const cond = stmt.condition;
  if (!block || !cond || !e.valueNode) return undefined;
  const targetProp = prop(cond, target);
  const alone = properties(block).length === 1;
  if (!targetProp && alone) return [ctx.writer.renameKey(keyOf(e.operatorProp), target)];
  const targetBlock = targetProp ? valueOf(targetProp) : undefined;
  if (targetProp && (targetBlock?.type !== 'object' || properties(targetBlock).some((p) => sameKey(keyText(p), e.key)))) return undefined;
  const value = ctx.writer.value(e.valueNode);
  const removal = alone ? ctx.writer.remove(cond, e.operatorProp) : ctx.writer.remove(block, e.keyProp);
  return [removal, ...addConditionEdits(ctx.writer, stmt, target, e.key, value)];
}

/** Whether moveEntryEdits can move the key (checked when reporting; the edits are made on demand). */
function canMove(stmt: Statement, e: ConditionEntry, target: string): boolean {
  const cond = stmt.condition;
  if (!valueOf(e.operatorProp) || !cond || !e.valueNode) return false;
  const targetProp = prop(cond, target);
  if (!targetProp) return true;
  const targetBlock = valueOf(targetProp);
  return targetBlock?.type === 'object' && !properties(targetBlock).some((p) => sameKey(keyText(p), e.key));
}

/**
 * Moving a key to the operator that reads it makes its test work: it compares true for values it never
 * matched (a wildcard, an IP range, a number). Applied by fix only where that cannot widen access.
 */
function moveFix(ctx: RuleContext, stmt: Statement, e: ConditionEntry, target: string, title: string): Fix[] {
  return canMove(stmt, e, target) ? [{ title, preferred: conditionChangeIsSafe(stmt, e), edits: () => moveEntryEdits(ctx, stmt, e, target) ?? [] }] : [];
}

/** Keys whose `StringEquals` wildcard trust-oidc-broad-subject reports (the OIDC subject claim). */
function oidcSubjectKeys(doc: PolicyDocument, stmt: Statement): string[] {
  if (doc.kind !== 'trust' || stmt.effect !== 'Allow') return [];
  return principalsOf(stmt.principal).federated.flatMap((f) => {
    if (f.text === undefined) return [];
    const fk = federatedKind(f.text);
    return fk.kind === 'oidc' && fk.provider ? [claimKey(fk.host, fk.provider.subject.claim).toLowerCase()] : [];
  });
}

function checkOperatorName(ctx: RuleContext, stmt: Statement, opProp: JsonNode): void {
  const { t } = ctx;
  const text = keyText(opProp);
  const keyNode = keyOf(opProp);
  const nullWithModifier = /^(?:ForAnyValue:|ForAllValues:)?Null(?:IfExists)?$/.test(text) && text !== 'Null';
  const candidates = nullWithModifier ? ['Null'] : closeOperators(text).candidates;
  const existing = (op: string) => properties(stmt.condition).find((p) => p !== opProp && keyText(p) === op);
  const block = valueOf(opProp);
  const fixes: Fix[] = candidates.slice(0, 3).flatMap((op): Fix[] => {
    const other = existing(op);
    if (!other) {
      return [
        {
          title: t.opFixRename(text, op),
          // One close candidate; and only in a Deny: IAM cannot evaluate an unknown operator, so the
          // statement applies to nothing until it is renamed.
          preferred: candidates.length === 1 && keepsAllowsFromGrowing(stmt, 'more'),
          edits: () => [ctx.writer.renameKey(keyNode, op)],
        },
      ];
    }
    // The operator is there already: its keys join that block (a second key of the same name would be a
    // duplicate key, which IAM rejects). A key both blocks test cannot be merged without changing what the
    // statement means (IAM ANDs the two tests): no fix then.
    const target = valueOf(other);
    if (block?.type !== 'object' || target?.type !== 'object') return [];
    const moved = properties(block);
    if (moved.some((p) => properties(target).some((q) => sameKey(keyText(q), keyText(p))))) return [];
    return [
      {
        title: t.opFixMerge(text, op),
        preferred: candidates.length === 1 && keepsAllowsFromGrowing(stmt, 'more'),
        edits: () => [ctx.writer.remove(stmt.condition!, opProp), ctx.writer.insertMembers(target, moved.map((p) => [keyText(p), ctx.writer.value(valueOf(p)!)] as const))],
      },
    ];
  });
  ctx.report({ node: keyNode, message: nullWithModifier ? t.opNullModifier(text) : t.opUnknown(text, candidates.slice(0, 3)), fixes });
}

/**
 * Set operators on keys with one value. `ForAllValues:` is true when the key is missing from the request, so on a
 * single-valued key it can allow more than it seems (warning; dropping it only narrows an Allow). `ForAnyValue:`
 * on an OIDC audience is right only when the provider sends a list of audiences (info: confirm).
 */
function checkSetOperator(ctx: RuleContext, doc: PolicyDocument, stmt: Statement, e: ConditionEntry): void {
  const { t, data } = ctx;
  const op = e.operator;
  if (e.key.includes('${')) return;
  const plain = op.text.replace(/^(ForAllValues|ForAnyValue):/, '');
  const drop = (preferred: boolean): Fix[] => (canMove(stmt, e, plain) ? [{ title: t.opFixMove(e.key, op.text, plain), preferred, edits: () => moveEntryEdits(ctx, stmt, e, plain) ?? [] }] : []);
  const resolved = resolveConditionKey(e.key, data);
  if (op.set === 'ForAllValues' && resolved && resolved.origin !== 'provider' && resolved.info && !isMultiValued(resolved.info) && keyType(resolved.info)) {
    ctx.report({ node: keyOf(e.operatorProp), severity: 'warning', message: t.opForAllSingle(op.text, e.key), fixes: drop(keepsAllowsFromGrowing(stmt, 'fewer')) });
  } else if (op.set === 'ForAnyValue' && doc.kind === 'trust' && resolved?.origin === 'provider' && keyPrefix(e.key) !== 'saml' && /:aud$/i.test(e.key)) {
    ctx.report({ node: keyOf(e.operatorProp), severity: 'info', message: t.opConfirmAudience(op.text, e.key), fixes: drop(false) });
  }
}

function checkStatement(ctx: RuleContext, doc: PolicyDocument, stmt: Statement): void {
  const { t, data } = ctx;
  const cond = stmt.condition;
  if (cond?.type !== 'object') return;
  if (isIntrinsic(cond)) return;
  for (const opProp of properties(cond)) {
    if (!parseOperator(keyText(opProp)).known) checkOperatorName(ctx, stmt, opProp);
  }
  const subjectKeys = oidcSubjectKeys(doc, stmt);
  for (const e of conditionEntries(stmt)) {
    const op = e.operator;
    if (!op.known || isIntrinsic(valueOf(e.operatorProp))) continue;
    if (op.set) checkSetOperator(ctx, doc, stmt, e);
    if (op.base === 'Null') {
      for (const v of e.values) if (v.text !== undefined && v.node.type === 'string' && !v.text.includes('${') && !valueFits('Bool', v.text)) ctx.report({ node: v.node, message: t.opValueMismatch(op.text, v.text, 'Bool') });
      continue;
    }
    const family = familyOf(op.base);
    if (!family) continue;
    // The key's type against the operator's: the first thing to get right (a wildcard under StringEquals
    // on an IP address key wants IpAddress, not StringLike).
    const resolved = e.key.includes('${') ? undefined : resolveConditionKey(e.key, data);
    const type = keyType(resolved?.info);
    if (type && !familyFits(family, type, e.key)) {
      const target = fittingOperator(e, type);
      const targetFamily = target ? familyOf(parseOperator(target).base) : undefined;
      const valuesFit = targetFamily !== undefined && e.values.every((v) => v.text === undefined || v.text.includes('${') || valueFits(targetFamily, v.text));
      ctx.report({ node: e.keyNode, message: t.opTypeMismatch(op.text, e.key, type), fixes: target && valuesFit ? moveFix(ctx, stmt, e, target, t.opFixMove(e.key, op.text, target)) : [] });
      continue;
    }
    // A wildcard compared literally.
    if (op.base === 'StringEquals' || op.base === 'StringNotEquals') {
      const skip = !op.negated && subjectKeys.includes(e.key.toLowerCase());
      const like = op.text.replace('Equals', 'Like');
      for (const v of e.values) {
        if (skip || v.text === undefined || v.node.type !== 'string' || !hasLiteralWildcard(v.text)) continue;
        ctx.report({ node: v.node, severity: 'warning', message: t.opWildcardEquals(op.text, e.key, v.text, like), fixes: moveFix(ctx, stmt, e, like, t.opFixMove(e.key, op.text, like)) });
      }
    }
    // Values the operator cannot read (only for operators that fit the key, or keys of unknown type).
    for (const v of e.values) {
      if (v.text === undefined || v.node.type !== 'string' || v.text.includes('${')) continue;
      if (!valueFits(family, v.text)) ctx.report({ node: v.node, message: t.opValueMismatch(op.text, v.text, family) });
    }
  }
}

export const conditionOperator: Rule = {
  id: 'condition-operator',
  defaultSeverity: 'error',
  fixable: true,
  reads: 'resource',
  summary: { en: 'An unknown condition operator, a wildcard under StringEquals, or an operator that does not fit the key type.', ja: '不明な条件演算子、StringEquals でのワイルドカード、または条件キーの型に合わない条件演算子。' },
  check(ctx) {
    for (const doc of ctx.analysis.documents) for (const stmt of doc.statements) checkStatement(ctx, doc, stmt);
  },
};

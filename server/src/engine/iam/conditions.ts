// Condition blocks: operators (with their ForAnyValue:/ForAllValues: prefixes and …IfExists suffix),
// keys and values, with the JSON nodes kept for ranges and edits.
import type { JsonNode } from '../json';
import { keyOf, keyText, properties, valueOf } from '../json';
import type { Statement, ValueItem } from '../model';
import { valueItems } from '../model';

export const BASE_OPERATORS = [
  'StringEquals', 'StringNotEquals', 'StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase', 'StringLike', 'StringNotLike',
  'NumericEquals', 'NumericNotEquals', 'NumericLessThan', 'NumericLessThanEquals', 'NumericGreaterThan', 'NumericGreaterThanEquals',
  'DateEquals', 'DateNotEquals', 'DateLessThan', 'DateLessThanEquals', 'DateGreaterThan', 'DateGreaterThanEquals',
  'Bool', 'BinaryEquals', 'IpAddress', 'NotIpAddress', 'ArnEquals', 'ArnLike', 'ArnNotEquals', 'ArnNotLike', 'Null',
] as const;

export interface Operator {
  text: string;
  base: string;
  set: 'ForAnyValue' | 'ForAllValues' | undefined;
  ifExists: boolean;
  /** StringNotEquals, ArnNotLike, NotIpAddress …: matches when the value is absent or different. */
  negated: boolean;
  known: boolean;
}

export function parseOperator(text: string): Operator {
  let rest = text;
  let set: Operator['set'];
  const m = /^(ForAnyValue|ForAllValues):/.exec(rest);
  if (m) {
    set = m[1] as Operator['set'];
    rest = rest.slice(m[0].length);
  }
  let ifExists = false;
  if (rest.endsWith('IfExists')) {
    ifExists = true;
    rest = rest.slice(0, -'IfExists'.length);
  }
  const known = (BASE_OPERATORS as readonly string[]).includes(rest) && !(rest === 'Null' && (ifExists || set));
  return { text, base: rest, set, ifExists, negated: /Not/.test(rest), known };
}

export interface ConditionEntry {
  operator: Operator;
  operatorProp: JsonNode;
  /** Property node `"key": value` inside the operator block. */
  keyProp: JsonNode;
  key: string;
  keyNode: JsonNode;
  valueNode: JsonNode | undefined;
  values: ValueItem[];
}

/** The entries of a statement's Condition block (kept with the statement). */
export function conditionEntries(stmt: Statement): ConditionEntry[] {
  return (stmt.facts.conditions ??= readConditions(stmt));
}

function readConditions(stmt: Statement): ConditionEntry[] {
  const out: ConditionEntry[] = [];
  for (const opProp of properties(stmt.condition)) {
    const operator = parseOperator(keyText(opProp));
    for (const kp of properties(valueOf(opProp))) {
      const valueNode = valueOf(kp);
      out.push({ operator, operatorProp: opProp, keyProp: kp, key: keyText(kp), keyNode: keyOf(kp), valueNode, values: valueItems(valueNode) });
    }
  }
  return out;
}

export function sameKey(a: string, b: string): boolean {
  if (a === b) return true;
  // ASCII folded in place (keys are compared everywhere; lower-casing both made two copies each time).
  // Other characters can change length when lower-cased: those strings are compared lower-cased whole.
  if (a.length !== b.length) return !isAscii(a) || !isAscii(b) ? a.toLowerCase() === b.toLowerCase() : false;
  for (let i = 0; i < a.length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    if (x > 127 || y > 127) return a.toLowerCase() === b.toLowerCase();
    if ((x >= 65 && x <= 90 ? x + 32 : x) !== (y >= 65 && y <= 90 ? y + 32 : y)) return false;
  }
  return true;
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 127) return false;
  return true;
}

/**
 * A positive test (equals/like) that can only be true for the listed values. `…IfExists` narrows only
 * for keys that are always in the request (`iam:PassedToService` in a PassRole request). `broad` tells
 * values that let everything through (`*`, `*.amazonaws.com` for a service principal).
 */
export function isNarrowing(entry: ConditionEntry, keyAlwaysPresent = false, broad: (value: string) => boolean = (v) => v === '*'): boolean {
  const op = entry.operator;
  if (!op.known || op.negated || op.base === 'Null' || (op.ifExists && !keyAlwaysPresent)) return false;
  if (!/^(String|Arn)/.test(op.base)) return false;
  const texts = entry.values.map((v) => v.text);
  return texts.length > 0 && !texts.some((t) => t === undefined || (/Like$/.test(op.base) && broad(t)) || t === '*');
}

/** Whether a key is one of `keys` or a tag key under one (`aws:ResourceTag` covers `aws:ResourceTag/team`). */
export function keyIn(key: string, keys: readonly string[]): boolean {
  const k = key.toLowerCase();
  return keys.some((x) => {
    const l = x.toLowerCase();
    return k === l || k.startsWith(l + '/');
  });
}

/**
 * The tests of a statement that narrow by one of `keys` (a key or a tag prefix such as `aws:ResourceTag`): a
 * positive test (equals, like, `Bool` true, numeric or date comparison) that is false when the key is absent
 * and not true for every value (`*`). `StringNotEquals`, `…IfExists`, `Null` and `Bool "false"` do not narrow.
 */
export function narrowingEntries(stmt: Statement, keys: readonly string[]): ConditionEntry[] {
  return conditionEntries(stmt).filter((e) => {
    if (!keyIn(e.key, keys)) return false;
    const op = e.operator;
    if (!op.known || op.negated || op.ifExists || op.base === 'Null' || op.set === 'ForAllValues') return false;
    const values = e.values.map((v) => v.text);
    if (values.length === 0 || values.some((v) => v === undefined)) return values.length > 0;
    if (op.base === 'Bool') return values.every((v) => v === 'true');
    if (/Like$/.test(op.base)) return !values.some((v) => /^\*+$/.test(v!));
    return true;
  });
}

/**
 * Whether the condition is false when the key is absent from the request: positive operators without
 * `…IfExists` and without `ForAllValues:` (which is true for an absent key), and `Null: false`.
 */
export function failsWhenAbsent(entry: ConditionEntry): boolean {
  const op = entry.operator;
  if (!op.known || op.ifExists || op.set === 'ForAllValues') return false;
  if (op.base === 'Null') return entry.values.some((v) => v.text === 'false');
  return !op.negated;
}

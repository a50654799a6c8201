// Hovers on the IAM vocabulary beyond actions: condition operators and ARNs. Called by hover.ts for
// nodes it has no card of its own for.
import type { Analysis } from './analyze';
import { messages } from './i18n';
import type { HoverText } from './i18n/hover-en';
import { parseArn } from './iam/arn';
import { arnProblems, recognizeResourceType, type ArnProblem } from './iam/arn-formats';
import { keyType, resolveConditionKey } from './iam/condition-keys';
import { parseOperator, type Operator } from './iam/conditions';
import type { IamData } from './iam/data';
import { closeOperators, familyFits, familyOf, familyTypes } from './iam/operators';
import { hasWildcard } from './iam/wildcard';
import { keyText, properties, valueOf, type JsonNode } from './json';
import type { PolicyDocument, Statement } from './model';
import type { Locale } from './types';

export interface VocabPlace {
  node: JsonNode;
  doc: PolicyDocument;
  stmt: Statement | undefined;
  /** Key of the property holding the node (for array items, the array's property). */
  propKey: string | undefined;
  isKey: boolean;
  /** Inside an operator block of a Condition (key or value). */
  inCondition: boolean;
}

function operatorHover(h: HoverText, data: IamData, op: Operator, block: JsonNode | undefined): string {
  if (!op.known) {
    const nullWithModifier = op.base === 'Null';
    const suggestions = nullWithModifier ? ['Null'] : closeOperators(op.text).candidates.slice(0, 3);
    return [h.opTitle(op.text), '', h.opUnknown(op.text, suggestions)].join('\n');
  }
  const parts = [h.opTitle(op.text), '', h.opBase[op.base] ?? ''];
  if (op.set) parts.push('', h.opSet[op.set] ?? '');
  if (op.ifExists) parts.push('', h.opIfExists);
  else if (op.negated && op.base !== 'Null') parts.push('', h.opNegatedAbsent);
  const family = familyOf(op.base);
  if (family) parts.push('', h.opFits(familyTypes(family)));
  // Keys of this block whose type the operator does not compare.
  const misfits: string[] = [];
  for (const p of family ? properties(block) : []) {
    const key = keyText(p);
    if (key.includes('${')) continue;
    const type = keyType(resolveConditionKey(key, data)?.info);
    if (type && !familyFits(family!, type, key)) misfits.push(h.opKeyMismatch(key, type));
  }
  if (misfits.length) parts.push('', ...misfits);
  return parts.join('\n');
}

function fieldNote(h: HoverText, field: 'partition' | 'region' | 'account', value: string): string {
  if (value.includes('${')) return h.arnVariable;
  if (value === '*') return h.arnAny;
  if (field === 'partition') return h.arnPartitions[value] ?? (hasWildcard(value) ? h.arnPattern : '');
  if (field === 'region') return value === '' ? h.arnRegionEmpty : hasWildcard(value) ? h.arnPattern : '';
  if (value === '') return h.arnAccountEmpty;
  if (value === 'aws') return h.arnAccountAws;
  return hasWildcard(value) ? h.arnPattern : '';
}

function problemText(locale: Locale | undefined, data: IamData, text: string, p: ArnProblem): string {
  const t = messages(locale);
  switch (p.kind) {
    case 'not-arn':
      return t.arnNotArn(text, 'condition');
    case 'fields':
      return t.arnFields(text, p.count);
    case 'partition':
      return t.arnPartition(p.value);
    case 'account':
      return t.arnAccount(p.value);
    case 'region':
      return t.arnRegion(p.value, p.service, data.serviceName(p.service));
    case 'resource-type':
      return t.arnResourceType(p.value, p.service, data.serviceName(p.service), p.known);
    case 'resource-separator':
      return t.arnResourceSeparator(p.value, p.service, data.serviceName(p.service), p.known);
  }
}

function arnHover(h: HoverText, data: IamData, text: string, locale: Locale | undefined): string | undefined {
  const arn = parseArn(text);
  if (!arn) {
    const problems = arnProblems(text, data);
    return problems.length ? [h.arnTitle(undefined, undefined), '', ...problems.map((p) => `⚠ ${problemText(locale, data, text, p)}`)].join('\n') : undefined;
  }
  const service = arn.service.toLowerCase();
  const known = !arn.service.includes('${') && !hasWildcard(arn.service) && data.hasService(service);
  const types = known ? recognizeResourceType(arn, data) : [];
  const best = types[0];
  const serviceName = known ? data.serviceName(service) : undefined;
  const parts = [h.arnTitle(best?.resourceType, serviceName), ''];
  const row = (name: string, value: string, note: string) => `| ${name} | ${value === '' ? '—' : `\`${value.replace(/\|/g, '\\|')}\``} | ${note} |`;
  parts.push(h.arnTableHead, '|---|---|---|');
  parts.push(row(h.arnFieldNames.partition, arn.partition, fieldNote(h, 'partition', arn.partition)));
  parts.push(row(h.arnFieldNames.service, arn.service, serviceName ?? (arn.service.includes('${') ? h.arnVariable : hasWildcard(arn.service) ? h.arnPattern : '')));
  parts.push(row(h.arnFieldNames.region, arn.region, fieldNote(h, 'region', arn.region)));
  parts.push(row(h.arnFieldNames.account, arn.account, fieldNote(h, 'account', arn.account)));
  parts.push(row(h.arnFieldNames.resource, arn.resource, best ? h.arnResourceIs(best.resourceType) : ''));
  if (best) parts.push('', h.arnFormat(best.arn));
  else if (known) parts.push('', h.arnUnknownType(serviceName ?? service));
  const problems = arnProblems(text, data);
  if (problems.length) parts.push('', ...problems.map((p) => `⚠ ${problemText(locale, data, text, p)}`));
  return parts.join('\n');
}

/** A condition key hover.ts has no card for: global keys, keys written with a tag name, unknown keys. */
function keyHover(h: HoverText, data: IamData, key: string): string | undefined {
  if (key.includes('${')) return undefined;
  const resolved = resolveConditionKey(key, data);
  if (!resolved) return [h.keyTitle(key), '', h.keyUnknown(key)].join('\n');
  const info = resolved.info;
  const parts = [h.keyTitle(key)];
  if (resolved.origin === 'global') parts.push('', h.keyGlobal);
  else if (resolved.origin === 'provider') parts.push('', h.keyProvider);
  if (info && info.key.toLowerCase() !== key.toLowerCase()) parts.push('', h.keyTemplate(info.key));
  if (info?.description) parts.push('', info.description);
  if (info) parts.push('', h.keyType(info.type));
  const type = keyType(info);
  if (type) parts.push(h.keyOperators(type));
  return parts.join('\n');
}

/** Markdown for the node, or undefined when this module has nothing to say. */
export function vocabHover(_analysis: Analysis, place: VocabPlace, h: HoverText, data: IamData, locale: Locale | undefined): string | undefined {
  const { node, stmt } = place;
  const cond = stmt?.condition;
  // An operator: a key of the statement's Condition object.
  if (place.isKey && cond?.type === 'object' && node.parent?.parent === cond) {
    return operatorHover(h, data, parseOperator(String(node.value)), valueOf(node.parent));
  }
  if (place.isKey && place.inCondition) return keyHover(h, data, String(node.value));
  if (!place.isKey && node.type === 'string') {
    const value = String(node.value);
    if (/^arn:/i.test(value)) return arnHover(h, data, value, locale);
  }
  return undefined;
}

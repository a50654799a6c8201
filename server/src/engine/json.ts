// JSON parsing with offsets kept (jsonc-parser), plus the small tree helpers every rule uses.
import { createScanner, parseTree, findNodeAtOffset, getNodePath, visit, SyntaxKind, type Node, type ParseError, type ParseOptions } from 'jsonc-parser';
import { fastTree, STOPPED } from './json-fast';

export type JsonNode = Node;
export { getNodePath };

/** Deeper than this, the tree is not built (jsonc-parser recurses; policies are a few levels deep). */
export const MAX_DEPTH = 512;

/** Larger documents are not analysed unless the user raises `iamRoleLens.maxFileSize`. */
export const DEFAULT_MAX_SIZE = 5 * 1024 * 1024;

/** Syntax errors kept per document; the rest are only counted. */
export const MAX_KEPT_ERRORS = 1000;

export interface ParsedJson {
  text: string;
  root: JsonNode | undefined;
  /** The first MAX_KEPT_ERRORS syntax errors. */
  errors: ParseError[];
  /** How many syntax errors there were in all (more than `errors.length` in a garbled file). */
  errorCount?: number;
  /** Set when the nesting exceeds MAX_DEPTH: no tree was built. */
  tooDeep?: { depth: number; offset: number };
}

/**
 * An upper bound of the bracket depth: brackets inside strings count too, so it can only overestimate.
 * A plain loop over char codes, much cheaper than the scanner; the scanner runs only when it says "deep".
 */
function depthBound(text: string): number {
  // Most documents have fewer opening brackets than the limit at all: counted with indexOf, which is
  // far cheaper than a loop over every character.
  let opening = 0;
  for (let i = text.indexOf('{'); i !== -1 && opening <= MAX_DEPTH; i = text.indexOf('{', i + 1)) opening++;
  for (let i = text.indexOf('['); i !== -1 && opening <= MAX_DEPTH; i = text.indexOf('[', i + 1)) opening++;
  if (opening <= MAX_DEPTH) return opening;
  let depth = 0;
  let max = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x7b || c === 0x5b) {
      if (++depth > max) max = depth;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return max;
}

/** Maximum bracket depth, computed without recursion. Stops counting once past `limit`. */
export function measureDepth(text: string, limit: number): { depth: number; offset: number } {
  if (depthBound(text) <= limit) return { depth: 0, offset: 0 };
  const scanner = createScanner(text, true);
  let depth = 0;
  let max = 0;
  let at = 0;
  for (let kind = scanner.scan(); kind !== SyntaxKind.EOF; kind = scanner.scan()) {
    if (kind === SyntaxKind.OpenBraceToken || kind === SyntaxKind.OpenBracketToken) {
      depth++;
      if (depth > max) {
        max = depth;
        at = scanner.getTokenOffset();
        if (max > limit) break;
      }
    } else if (kind === SyntaxKind.CloseBraceToken || kind === SyntaxKind.CloseBracketToken) {
      depth--;
    }
  }
  return { depth: max, offset: at };
}

/** Thrown out of a parse (or a reading) whose `stop` said the text has changed since it started. */
export class ParseStopped extends Error {
  constructor() {
    super('stopped: the text changed');
  }
}

/** How many values and keys are built between two calls of `stop` (a few microseconds of work). */
const STOP_EVERY = 2048;

export const JSON_OPTIONS: ParseOptions = { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false };

/** A node as the parse builds it and a splice moves it: jsonc-parser's `Node`, writable. */
export interface MutableNode {
  type: Node['type'];
  value?: unknown;
  offset: number;
  length: number;
  colonOffset?: number;
  parent?: MutableNode;
  children?: MutableNode[];
}
type Built = MutableNode;

function nodeType(value: unknown): Node['type'] {
  switch (typeof value) {
    case 'boolean':
      return 'boolean';
    case 'number':
      return 'number';
    case 'string':
      return 'string';
    default:
      return value === null || value === undefined ? 'null' : Array.isArray(value) ? 'array' : 'object';
  }
}

/**
 * The tree jsonc-parser's `parseTree` builds (the same nodes, offsets, `colonOffset`s and errors: the same
 * visitor over the same scanner), with two differences: every node's offset is moved by `base` (a value
 * parsed on its own, to be put back at its place in a larger text), and `stop` is asked every few thousand
 * values: when it says true the parse ends at once by throwing `ParseStopped`.
 */
export function buildTree(text: string, errors: { push(e: ParseError): unknown }, options: ParseOptions, stop?: () => boolean, base = 0): MutableNode | undefined {
  // Well-formed JSON (which every `options` accepts) is read by the fast loop; the rest by jsonc-parser.
  const fast = fastTree(text, MAX_DEPTH, stop, STOP_EVERY, base);
  if (fast === STOPPED) throw new ParseStopped();
  return fast ?? visitTree(text, errors, options, stop, base);
}

/** `buildTree` through jsonc-parser's visitor: with its error recovery and its errors. */
function visitTree(text: string, errors: { push(e: ParseError): unknown }, options: ParseOptions, stop?: () => boolean, base = 0): MutableNode | undefined {
  const top: Built = { type: 'array', offset: -1, length: -1, children: [] };
  let current: Built = top;
  let count = 0;
  const tick = stop
    ? () => {
        if (++count === STOP_EVERY) {
          count = 0;
          if (stop()) throw new ParseStopped();
        }
      }
    : () => undefined;
  const complete = (end: number) => {
    if (current.type === 'property') {
      current.length = end - current.offset;
      current = current.parent!;
    }
  };
  const add = (n: Built): Built => {
    current.children!.push(n);
    return n;
  };
  visit(
    text,
    {
      onObjectBegin: (offset) => {
        tick();
        current = add({ type: 'object', offset: offset + base, length: -1, parent: current, children: [] });
      },
      onObjectProperty: (name, offset, length) => {
        tick();
        current = add({ type: 'property', offset: offset + base, length: -1, parent: current, children: [] });
        current.children!.push({ type: 'string', value: name, offset: offset + base, length, parent: current });
      },
      onObjectEnd: (offset, length) => {
        complete(offset + base + length);
        current.length = offset + base + length - current.offset;
        current = current.parent!;
        complete(offset + base + length);
      },
      onArrayBegin: (offset) => {
        tick();
        current = add({ type: 'array', offset: offset + base, length: -1, parent: current, children: [] });
      },
      onArrayEnd: (offset, length) => {
        current.length = offset + base + length - current.offset;
        current = current.parent!;
        complete(offset + base + length);
      },
      onLiteralValue: (value: unknown, offset, length) => {
        tick();
        add({ type: nodeType(value), offset: offset + base, length, parent: current, value });
        complete(offset + base + length);
      },
      onSeparator: (sep, offset) => {
        if (current.type !== 'property') return;
        if (sep === ':') current.colonOffset = offset + base;
        else if (sep === ',') complete(offset + base);
      },
      onError: (error, offset, length) => {
        errors.push({ error, offset: offset + base, length });
      },
    },
    options,
  );
  const result = top.children![0];
  if (result) delete result.parent;
  return result;
}

/**
 * Parses a JSON text with offsets kept. With `stop`, it is asked every few thousand values: a parse whose text
 * has changed since it started ends by throwing `ParseStopped` instead of building a tree nobody will read.
 */
export function parseJson(original: string, stop?: () => boolean): ParsedJson {
  // A byte order mark is not JSON, but editors keep it: read it as a space so offsets stay the same.
  const text = original.charCodeAt(0) === 0xfeff ? ' ' + original.slice(1) : original;
  // The common case first: a well-formed document, read by the fast loop (json-fast.ts) without the depth
  // measure (it gives up deeper than MAX_DEPTH), and without errors to count.
  const fast = fastTree(text, MAX_DEPTH, stop, STOP_EVERY);
  if (fast === STOPPED) throw new ParseStopped();
  if (fast) return { text: original, root: fast, errors: [], errorCount: 0 };
  const deep = measureDepth(text, MAX_DEPTH);
  if (deep.depth > MAX_DEPTH) return { text: original, root: undefined, errors: [], tooDeep: deep };
  // A garbled file (binary pasted into a policy, a megabyte of stray tokens) has an error every few
  // characters: keep the first ones and count the rest, instead of millions of objects to collect.
  const errors: ParseError[] = [];
  let errorCount = 0;
  const sink = {
    push(...items: ParseError[]): number {
      errorCount += items.length;
      for (const e of items) if (errors.length < MAX_KEPT_ERRORS) errors.push(e);
      return errors.length;
    },
  };
  const root = stop ? visitTree(text, sink, JSON_OPTIONS, stop) : parseTree(text, sink as unknown as ParseError[], JSON_OPTIONS);
  return { text: original, root, errors, errorCount };
}

export function nodeAt(root: JsonNode | undefined, offset: number): JsonNode | undefined {
  return root ? findNodeAtOffset(root, offset, true) : undefined;
}

/**
 * A value known only when the policy is deployed (a Terraform reference or interpolation, a `dynamic` block's
 * content): never a finding on its own, and an element holding one may be absent.
 */
export function isUnknown(n: JsonNode | undefined): boolean {
  return (n as { unknown?: boolean } | undefined)?.unknown === true;
}

export function isObject(n: JsonNode | undefined): n is JsonNode {
  return n?.type === 'object';
}

export function isString(n: JsonNode | undefined): n is JsonNode & { value: string } {
  return n?.type === 'string';
}

/** Properties of an object node (each a `property` node with [key, value] children). */
export function properties(obj: JsonNode | undefined): JsonNode[] {
  return obj?.type === 'object' ? (obj.children ?? []) : [];
}

export function keyOf(property: JsonNode): JsonNode {
  return property.children![0]!;
}

export function keyText(property: JsonNode): string {
  return String(keyOf(property).value);
}

export function valueOf(property: JsonNode): JsonNode | undefined {
  return property.children?.[1];
}

/** The property with exactly this key (the last one wins, as in JSON.parse). */
export function prop(obj: JsonNode | undefined, name: string): JsonNode | undefined {
  let found: JsonNode | undefined;
  for (const p of properties(obj)) if (keyText(p) === name) found = p;
  return found;
}

/** The property whose key equals `name` ignoring case; exact matches are preferred. */
export function propCI(obj: JsonNode | undefined, name: string): JsonNode | undefined {
  const exact = prop(obj, name);
  if (exact) return exact;
  const lower = name.toLowerCase();
  let found: JsonNode | undefined;
  for (const p of properties(obj)) if (keyText(p).toLowerCase() === lower) found = p;
  return found;
}

export function propValue(obj: JsonNode | undefined, name: string): JsonNode | undefined {
  const p = prop(obj, name);
  return p ? valueOf(p) : undefined;
}

export function stringOf(n: JsonNode | undefined): string | undefined {
  return n?.type === 'string' ? (n.value as string) : undefined;
}

/** A string or an array of strings, as IAM writes lists; other members are skipped. */
export function stringItems(n: JsonNode | undefined): JsonNode[] {
  if (!n) return [];
  if (n.type === 'string') return [n];
  if (n.type === 'array') return (n.children ?? []).filter((c) => c.type === 'string');
  return [];
}

/** Members of a value that may be a single item or an array of items. */
export function items(n: JsonNode | undefined): JsonNode[] {
  if (!n) return [];
  if (n.type === 'array') return n.children ?? [];
  return [n];
}

export function end(n: JsonNode): number {
  return n.offset + n.length;
}

export function contains(n: JsonNode, offset: number): boolean {
  return offset >= n.offset && offset <= n.offset + n.length;
}

/** Walks the tree without recursion; `visit` returns false to skip a node's children. */
export function walk(root: JsonNode, visit: (n: JsonNode) => boolean | void): void {
  const stack: JsonNode[] = [root];
  while (stack.length) {
    const n = stack.pop()!;
    if (visit(n) === false) continue;
    const kids = n.children;
    if (kids) for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
  }
}

/**
 * Where a string node's characters start in the text, when the text holds them as they are (a JSON string
 * without escapes, a plain or quoted YAML scalar): ranges inside the value can then be mapped to the text.
 */
export function verbatimStart(text: string, node: JsonNode): number | undefined {
  if (node.type !== 'string') return undefined;
  const value = String(node.value);
  const raw = text.slice(node.offset, node.offset + node.length);
  if (raw === value) return node.offset;
  const q = raw[0];
  if ((q === '"' || q === "'") && raw.endsWith(q) && raw.slice(1, -1) === value && !raw.includes('\\')) return node.offset + 1;
  return undefined;
}

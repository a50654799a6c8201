// The common case of reading JSON, made fast: a well-formed document (no comments, no trailing comma, only
// JSON's own whitespace) read in one loop over its characters, into exactly the tree jsonc-parser's
// `parseTree` builds (the same nodes with the same keys, offsets, lengths, `colonOffset`s and values). At the
// first character it does not accept it gives up and the caller parses with jsonc-parser, which recovers from
// errors and reports them: a document being typed costs at most this loop's partial work more.
//
// jsonc-parser reads through a scanner and a visitor of callbacks, and makes a string per token; this loop
// makes only the nodes and the values. Over the AWS managed policies it takes well under half the time.
import type { MutableNode } from './json';

/** Returned when `stop` said the text has changed: the caller ends the parse. */
export const STOPPED = 'stopped';

const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const MINUS = 0x2d;
const ZERO = 0x30;
const NINE = 0x39;
const DOT = 0x2e;

const isDigit = (c: number) => c >= ZERO && c <= NINE;

/** Escapes as jsonc-parser decodes them (`\uXXXX` apart). */
const SIMPLE_ESCAPES: Record<number, string> = { 0x22: '"', 0x5c: '\\', 0x2f: '/', 0x62: '\b', 0x66: '\f', 0x6e: '\n', 0x72: '\r', 0x74: '\t' };

function hexValue(c: number): number {
  if (c >= ZERO && c <= NINE) return c - ZERO;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  return -1;
}

/** The value of the last string `stringEnd` read. */
let lastString = '';

/** Past JSON's whitespace from `i`. */
function skip(text: string, i: number): number {
  let c = text.charCodeAt(i);
  while (c === SPACE || c === LF || c === CR || c === TAB) c = text.charCodeAt(++i);
  return i;
}

/** The end of the string whose quote is at `i` (its value in `lastString`), or -1 where jsonc-parser reports an error. */
function stringEnd(text: string, i: number): number {
  const start = ++i;
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      lastString = text.substring(start, i);
      return i + 1;
    }
    if (c === BACKSLASH) return escapedEnd(text, start, i);
    // A control character, a line break, or the end of the text (NaN).
    if (!(c >= SPACE)) return -1;
    i++;
  }
}

function escapedEnd(text: string, start: number, i: number): number {
  let value = '';
  let from = start;
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      lastString = value + text.substring(from, i);
      return i + 1;
    }
    if (c === BACKSLASH) {
      value += text.substring(from, i);
      const e = text.charCodeAt(i + 1);
      const simple = SIMPLE_ESCAPES[e];
      if (simple !== undefined) {
        value += simple;
        i += 2;
      } else if (e === 0x75) {
        let code = 0;
        for (let k = 2; k < 6; k++) {
          const h = hexValue(text.charCodeAt(i + k));
          if (h < 0) return -1;
          code = code * 16 + h;
        }
        value += String.fromCharCode(code);
        i += 6;
      } else return -1;
      from = i;
      continue;
    }
    if (!(c >= SPACE)) return -1;
    i++;
  }
}

/** The end of the number at `i` by JSON's grammar, or -1. */
function numberEnd(text: string, i: number): number {
  if (text.charCodeAt(i) === MINUS) i++;
  const first = text.charCodeAt(i);
  if (first === ZERO) i++;
  else if (isDigit(first)) while (isDigit(text.charCodeAt(++i)));
  else return -1;
  if (text.charCodeAt(i) === DOT) {
    if (!isDigit(text.charCodeAt(++i))) return -1;
    while (isDigit(text.charCodeAt(++i)));
  }
  const e = text.charCodeAt(i);
  if (e === 0x65 || e === 0x45) {
    const sign = text.charCodeAt(++i);
    if (sign === 0x2b || sign === MINUS) i++;
    if (!isDigit(text.charCodeAt(i))) return -1;
    while (isDigit(text.charCodeAt(++i)));
  }
  return i;
}

/**
 * The tree of `text` when it is well-formed JSON nested at most `maxDepth` deep, with every offset moved by
 * `base`; undefined when it is not (the caller then parses with jsonc-parser); `STOPPED` when `stop`, asked
 * every `stopEvery` values and keys, said true.
 */
export function fastTree(text: string, maxDepth: number, stop?: () => boolean, stopEvery = 2048, base = 0): MutableNode | undefined | typeof STOPPED {
  const n = text.length;
  const top: MutableNode = { type: 'array', offset: -1, length: -1, parent: undefined, children: undefined };
  // The children of the open containers, in order, and where each open container's begin: a container's
  // array is made when it closes, of its exact size (pushing into an empty array reserves room for 17).
  const items: MutableNode[] = [];
  /** How many of `items` are in use (set, rather than the array's length: shortening an array is slow). */
  let used = 0;
  const starts: number[] = [];
  let parent: MutableNode = top;
  let count = 0;
  let pos = skip(text, 0);
  let c = text.charCodeAt(pos);
  // Each turn reads one value at `pos` (`c` its first character, `parent` the container or property that
  // holds it), then what follows it up to the start of the next value.
  for (;;) {
    if (stop !== undefined && ++count >= stopEvery) {
      count = 0;
      if (stop()) return STOPPED;
    }
    const at = pos + base;
    let node: MutableNode;
    if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      node = { type: c === OPEN_BRACE ? 'object' : 'array', offset: at, length: -1, parent, children: undefined };
      pos = skip(text, pos + 1);
      const next = text.charCodeAt(pos);
      if (next !== (c === OPEN_BRACE ? CLOSE_BRACE : CLOSE_BRACKET)) {
        if (starts.length >= maxDepth) return undefined;
        if (parent.type === 'property') parent.children![1] = node;
        else items[used++] = node;
        starts.push(used);
        if (c === OPEN_BRACE) {
          if (next !== QUOTE) return undefined;
          pos = property(node, pos);
          if (pos < 0) return undefined;
          parent = items[used - 1]!;
        } else parent = node;
        c = text.charCodeAt(pos);
        continue;
      }
      // `{}` or `[]`.
      if (starts.length >= maxDepth) return undefined;
      pos++;
      node.length = pos + base - at;
      node.children = [];
    } else if (c === QUOTE) {
      const e = stringEnd(text, pos);
      if (e < 0) return undefined;
      node = { type: 'string', offset: at, length: e - pos, parent, value: lastString };
      pos = e;
    } else if (c === MINUS || isDigit(c)) {
      const e = numberEnd(text, pos);
      if (e < 0) return undefined;
      node = { type: 'number', offset: at, length: e - pos, parent, value: Number(text.substring(pos, e)) };
      pos = e;
    } else if (c === 0x74 && text.startsWith('true', pos)) {
      node = { type: 'boolean', offset: at, length: 4, parent, value: true };
      pos += 4;
    } else if (c === 0x66 && text.startsWith('false', pos)) {
      node = { type: 'boolean', offset: at, length: 5, parent, value: false };
      pos += 5;
    } else if (c === 0x6e && text.startsWith('null', pos)) {
      node = { type: 'null', offset: at, length: 4, parent, value: null };
      pos += 4;
    } else return undefined;
    if (parent.type === 'property') parent.children![1] = node;
    else items[used++] = node;

    // After a value ending at `pos`: close what it completes, up to the next value (or the end of the text).
    for (;;) {
      if (parent.type === 'property') {
        parent.length = pos + base - parent.offset;
        parent = parent.parent!;
      }
      pos = skip(text, pos);
      c = text.charCodeAt(pos);
      if (parent === top) {
        if (pos !== n) return undefined;
        const root = items[0]!;
        delete root.parent;
        return root;
      }
      if (c === COMMA) {
        pos = skip(text, pos + 1);
        c = text.charCodeAt(pos);
        if (parent.type === 'object') {
          if (c !== QUOTE) return undefined;
          pos = property(parent, pos);
          if (pos < 0) return undefined;
          parent = items[used - 1]!;
          c = text.charCodeAt(pos);
        }
        break;
      }
      if (c !== (parent.type === 'object' ? CLOSE_BRACE : CLOSE_BRACKET)) return undefined;
      pos++;
      parent.length = pos + base - parent.offset;
      const first = starts.pop()!;
      parent.children = items.slice(first, used);
      used = first;
      parent = parent.parent!;
    }
  }

  /**
   * The property of `obj` whose key's quote is at `i`: its node (with the key's) added to the open children,
   * and the position of its value; -1 when the key or the colon is wrong.
   */
  function property(obj: MutableNode, i: number): number {
    const at = i + base;
    const e = stringEnd(text, i);
    if (e < 0) return -1;
    const colon = skip(text, e);
    if (text.charCodeAt(colon) !== COLON) return -1;
    // Key and value: the value is put in place once read.
    const children: MutableNode[] = [undefined!, undefined!];
    const p: MutableNode = { type: 'property', offset: at, length: -1, parent: obj, children, colonOffset: colon + base };
    children[0] = { type: 'string', value: lastString, offset: at, length: e - i, parent: p };
    items[used++] = p;
    count++;
    return skip(text, colon + 1);
  }
}

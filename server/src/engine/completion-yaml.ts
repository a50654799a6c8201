// Where the cursor is in a YAML document being typed, for completion: the token being typed (a key on a new
// line, a value after `Key: `, an item after `- ` or inside `[…]`), and its path in the tree. A half-typed key
// does not parse (`    Eff` has no colon yet), so the line is completed with a placeholder first and the
// path is read from the real parser's tree of that text; what precedes the token is unchanged, so offsets
// before it are the same in both texts.
import type { JSONPath } from 'jsonc-parser';
import { stringify } from 'yaml';
import { parseYaml } from './formats/yaml';
import { findNodeAtOffset } from 'jsonc-parser';
import type { JsonNode } from './json';
import type { Span } from './types';

export interface YamlSlot {
  range: Span;
  typed: string;
  isKey: boolean;
  /** For a key: a colon already follows it on the line. */
  hasColon: boolean;
  /** Path of the token: for a key, the path of the mapping plus the key; for a value, its own path. */
  path: JSONPath;
  /** The text with the token completed by a placeholder, so that it parses (none when it parsed as it is). */
  patched: string | undefined;
  /** Column of the token (keys of a mapping line up here). */
  column: number;
}

const PLACEHOLDER = 'iam_role_lens_cursor';

/** A key and its colon at the start of (the rest of) a line: plain (colons inside allowed) or quoted. */
const KEY = `(?:"[^"]*"|'[^']*'|(?:[^:#'"\\s]|:(?=\\S))(?:[^:#]|:(?=\\S))*?)`;
const KEY_VALUE = new RegExp(`^${KEY}\\s*:\\s+`);
const KEY_LINE = new RegExp(`^(\\s*)((?:-\\s+)*)(${KEY})\\s*:(?:\\s|$)`);

function pathOf(node: JsonNode): JSONPath {
  const path: JSONPath = [];
  let n: JsonNode | undefined = node;
  while (n?.parent) {
    const p: JsonNode = n.parent;
    if (p.type === 'property') path.unshift(String(p.children![0]!.value));
    else if (p.type === 'array') path.unshift(p.children!.indexOf(n));
    n = p.type === 'property' ? p.parent : p;
  }
  return path;
}

/** Brackets opened and not closed in `s`, outside quoted strings. */
function openBrackets(s: string): string[] {
  const open: string[] = [];
  let quote: string | undefined;
  for (const c of s) {
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[' || c === '{') open.push(c);
    else if (c === ']' || c === '}') open.pop();
    else if (c === '#') break;
  }
  return open;
}

/** The key that owns the block sequence an item line belongs to (`Statement:` above `  - Eff`). */
function ownerKey(text: string, lineStart: number, column: number): string | undefined {
  let end = lineStart - 1;
  while (end > 0) {
    const start = text.lastIndexOf('\n', end - 1) + 1;
    const line = text.slice(start, end);
    end = start - 1;
    const m = KEY_LINE.exec(line);
    if (!m) continue;
    const col = m[1]!.length + m[2]!.length;
    if (col < column) return m[3]!.replace(/^["']|["']$/g, '');
    if (start === 0) break;
  }
  return undefined;
}

/**
 * The slot at `offset`. `root` is the tree of `text` when it parsed cleanly: a value is then found in it as it
 * is; a key being typed (or a text that does not parse) is found in the text with the line completed.
 */
export function yamlSlotAt(text: string, offset: number, root?: JsonNode): YamlSlot | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  let lineEnd = text.indexOf('\n', offset);
  if (lineEnd < 0) lineEnd = text.length;
  if (text[lineEnd - 1] === '\r') lineEnd--;
  const before = text.slice(lineStart, offset);
  if (openBrackets(before).length === 0 && /(^|\s)#/.test(before)) return undefined;
  const flow = openBrackets(before);
  let tokenStart: number;
  let isKey: boolean;
  if (flow.length) {
    const cut = Math.max(before.lastIndexOf('['), before.lastIndexOf('{'), before.lastIndexOf(','), before.lastIndexOf(': '));
    tokenStart = lineStart + cut + (before[cut] === ':' ? 2 : 1);
    while (tokenStart < offset && text[tokenStart] === ' ') tokenStart++;
    isKey = flow[flow.length - 1] === '{' && !/:\s/.test(before.slice(cut));
  } else {
    const m = /^(\s*)((?:-\s+)*)([^]*)$/.exec(before)!;
    const rest = m[3]!;
    // `key: ` (a colon and a space) ends a key; a colon the cursor stands right after is part of the value
    // being typed (`iam:`).
    const kv = KEY_VALUE.exec(rest);
    if (kv) {
      tokenStart = lineStart + m[1]!.length + m[2]!.length + kv[0].length;
      isKey = false;
    } else {
      tokenStart = lineStart + m[1]!.length + m[2]!.length;
      // `- token`: an item of a list of statements is a mapping (a key is typed); of anything else, a value.
      isKey = m[2]!.length === 0 || /^Statement$/i.test(ownerKey(text, lineStart, m[1]!.length + 1) ?? '');
    }
  }
  const typed = text.slice(tokenStart, offset);
  if (/^["']/.test(typed) && typed.length > 1 && typed.endsWith(typed[0]!)) return undefined;
  // A key ends at a colon followed by a space, the line's end or a flow indicator; other colons are part of
  // it (`token.actions.githubusercontent.com:aud`).
  const keyEnds = (i: number) => text[i] === ':' && (i + 1 >= lineEnd || /[\s,[\]{}]/.test(text[i + 1]!));
  let tokenEnd = offset;
  while (tokenEnd < lineEnd && !/[\s,\]}#]/.test(text[tokenEnd]!) && !(isKey && keyEnds(tokenEnd))) tokenEnd++;
  const afterToken = text.slice(tokenEnd, lineEnd);
  const hasColon = isKey && /^\s*:/.test(afterToken);
  const bare = typed.replace(/^["']/, '');
  const range = { offset: tokenStart, length: tokenEnd - tokenStart };
  if (!isKey && root) {
    const at = findNodeAtOffset(root, tokenStart, false);
    if (at && at.type !== 'object' && at.type !== 'array' && at.type !== 'property' && at.offset === tokenStart && !(at.parent?.type === 'property' && at.parent.children?.[0] === at)) {
      return { range, typed: bare, isKey, hasColon, path: pathOf(at), patched: undefined, column: tokenStart - lineStart };
    }
  }
  const filler = `${bare || PLACEHOLDER}${PLACEHOLDER}`;
  // The token completed so the line parses: a key gets a value, a value stays a plain scalar.
  const replacement = isKey && !hasColon ? (flow.length ? `${filler}: null` : `${filler}: null`) : filler;
  const patched = text.slice(0, tokenStart) + replacement + text.slice(isKey && !hasColon && !flow.length ? lineEnd : tokenEnd);
  const patchedRoot = parseYaml(patched).root;
  const node = patchedRoot ? findNodeAtOffset(patchedRoot, tokenStart, false) : undefined;
  let path: JSONPath | undefined;
  if (node) {
    if (isKey) {
      const prop = node.parent?.type === 'property' && node.parent.children?.[0] === node ? node.parent : node.type === 'property' ? node : undefined;
      if (prop?.children?.[1]) path = pathOf(prop.children[1]);
    } else {
      path = pathOf(node);
    }
  }
  if (!path) return undefined;
  return {
    range,
    typed: bare,
    isKey,
    hasColon,
    path,
    patched,
    column: tokenStart - lineStart,
  };
}

/** A string as a YAML scalar: plain where YAML reads it back as the same string, else single-quoted. */
export function yamlString(s: string): string {
  return stringify(s, { lineWidth: 0, singleQuote: true }).replace(/\n$/, '');
}

/** Whether a string must be quoted in YAML. */
export function yamlNeedsQuotes(s: string): boolean {
  return /^['"]/.test(yamlString(s));
}

/**
 * A JSON value text (with `${1:…}`-style tab stops inside strings and keys, for snippets) as YAML: scalars
 * in flow form, objects and arrays as block lines indented for a key at `column`. Tab stops survive as text.
 */
export function jsonValueToYaml(json: string, column: number, unit: number): string | undefined {
  const stops: string[] = [];
  const masked = json.replace(/\$\{\d+(?::[^}]*|\|[^}]*\|)?\}|\$\d+/g, (m) => {
    stops.push(m);
    return `iamrolelensstop${stops.length - 1}x`;
  });
  let value: unknown;
  try {
    value = JSON.parse(masked);
  } catch {
    return undefined;
  }
  const restore = (s: string) => s.replace(/iamrolelensstop(\d+)x/g, (_, i: string) => stops[Number(i)]!);
  if (value === '' ) return '';
  if (value === null || typeof value !== 'object') return restore(stringify(value, { lineWidth: 0, singleQuote: true }).replace(/\n$/, ''));
  if (Object.keys(value).length === 0) return Array.isArray(value) ? '[]' : '{}';
  const block = stringify(value, { lineWidth: 0, singleQuote: true, indent: unit, indentSeq: true }).replace(/\n$/, '');
  const indent = ' '.repeat(column + unit);
  return '\n' + restore(block.split('\n').map((l) => indent + l).join('\n'));
}

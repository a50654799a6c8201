// Text edits that keep the file's own layout: its indentation unit, its line ending, and whether the
// object being edited is written on one line or across several. Every fix is built from these few
// operations, so their correctness (valid JSON, same style) is tested once, here.
import type { JsonNode } from './json';
import { end, properties } from './json';
import type { TextEdit } from './types';
import { nodeValue, SourceValue, type Writer, type WriteOptions } from './writer';

export interface Layout {
  indent: string;
  eol: string;
  /** Objects written on one line get a space inside their braces (`{ "a": 1 }`). */
  pad?: boolean;
}

/** The layout to use for a one-line object written next to `sample`: padded braces if it has them. */
export function inlineLayout(text: string, sample: JsonNode, layout: Layout): Layout {
  return { ...layout, pad: sample.type === 'object' && text[sample.offset + 1] === ' ' };
}

/** The indentation unit and line ending the file already uses (two spaces and \n when it has none). */
export function detectLayout(text: string): Layout {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  let indent: string | undefined;
  const re = /\n([ \t]+)\S/g;
  let m: RegExpExecArray | null;
  let smallest = Infinity;
  let count = 0;
  while ((m = re.exec(text)) && count < 200) {
    count++;
    const ws = m[1]!;
    if (ws.startsWith('\t')) {
      indent = '\t';
      break;
    }
    if (ws.length < smallest) smallest = ws.length;
  }
  if (!indent) indent = smallest === Infinity ? '  ' : ' '.repeat(Math.min(smallest, 8));
  return { indent, eol };
}

/** Leading whitespace of the line that holds `offset`. */
export function lineIndent(text: string, offset: number): string {
  let start = offset;
  while (start > 0 && text[start - 1] !== '\n') start--;
  let i = start;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  return text.slice(start, i);
}

export function isMultiline(text: string, node: JsonNode): boolean {
  return text.slice(node.offset, end(node)).includes('\n');
}

/** A JSON value as text, in the file's layout. `inline` writes it on one line (`{"a": 1}`). */
export function stringify(value: unknown, layout: Layout, baseIndent: string, inline: boolean): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (value instanceof RawJson) return value.text;
  const isArray = Array.isArray(value);
  const entries: [string | undefined, unknown][] = isArray
    ? (value as unknown[]).map((v) => [undefined, v])
    : Object.entries(value as Record<string, unknown>);
  const [open, close] = isArray ? ['[', ']'] : ['{', '}'];
  if (entries.length === 0) return open + close;
  const scalarArray = isArray && entries.every(([, v]) => v === null || typeof v !== 'object');
  if (inline || (scalarArray && entries.length === 1)) {
    const parts = entries.map(([k, v]) => (k === undefined ? '' : `${JSON.stringify(k)}: `) + stringify(v, layout, baseIndent, true));
    const pad = layout.pad && !isArray ? ' ' : '';
    return open + pad + parts.join(', ') + pad + close;
  }
  const inner = baseIndent + layout.indent;
  const parts = entries.map(([k, v]) => inner + (k === undefined ? '' : `${JSON.stringify(k)}: `) + stringify(v, layout, inner, false));
  return open + layout.eol + parts.join(',' + layout.eol) + layout.eol + baseIndent + close;
}

/** Already formatted JSON text to embed as-is in a value given to `stringify`. */
export class RawJson {
  constructor(readonly text: string) {}
}

/** Indentation used by the members of a container, derived from the file. */
export function memberIndent(text: string, container: JsonNode, layout: Layout): string {
  const first = container.children?.[0];
  if (first && isMultiline(text, container)) {
    const ind = lineIndent(text, first.offset);
    // Only trust it when the member starts its own line.
    const lineStart = text.lastIndexOf('\n', first.offset - 1) + 1;
    if (text.slice(lineStart, first.offset).trim() === '') return ind;
  }
  return lineIndent(text, container.offset) + layout.indent;
}

/**
 * Inserts `"key": value` into an object, at the start, the end or after a given property, matching the
 * object's layout. `valueText` is already-formatted JSON; produce it with `stringify` at `memberIndent`.
 */
export function insertProperty(text: string, obj: JsonNode, key: string, valueText: string, layout: Layout, at: 'first' | 'last' | JsonNode = 'last'): TextEdit {
  return insertMembers(text, obj, [[key, valueText]], layout, at);
}

/** Inserts several properties at one place (one edit, so they never collide with each other). */
export function insertMembers(text: string, obj: JsonNode, members: readonly (readonly [string, string])[], layout: Layout, at: 'first' | 'last' | JsonNode = 'last'): TextEdit {
  const props = properties(obj);
  const closeOffset = end(obj) - 1;
  const multiline = isMultiline(text, obj);
  const written = members.map(([k, v]) => `${JSON.stringify(k)}: ${v}`);
  if (props.length === 0) {
    if (multiline) {
      const ind = lineIndent(text, obj.offset);
      return { offset: obj.offset + 1, length: closeOffset - obj.offset - 1, newText: layout.eol + written.map((m) => ind + layout.indent + m).join(',' + layout.eol) + layout.eol + ind };
    }
    return { offset: obj.offset + 1, length: closeOffset - obj.offset - 1, newText: written.join(', ') };
  }
  const ind = multiline ? memberIndent(text, obj, layout) : '';
  const sep = multiline ? ',' + layout.eol + ind : ', ';
  if (at === 'first') return { offset: props[0]!.offset, length: 0, newText: written.join(sep) + sep };
  const last = typeof at === 'object' ? at : props[props.length - 1]!;
  return { offset: end(last), length: 0, newText: sep + written.join(sep) };
}

/** Inserts an item into an array after `index` (or at the end), matching the array's layout. */
export function insertArrayItem(text: string, arr: JsonNode, itemText: string, layout: Layout, afterIndex?: number): TextEdit {
  const kids = arr.children ?? [];
  const closeOffset = end(arr) - 1;
  if (kids.length === 0) {
    if (isMultiline(text, arr)) {
      const ind = lineIndent(text, arr.offset);
      return { offset: arr.offset + 1, length: closeOffset - arr.offset - 1, newText: layout.eol + ind + layout.indent + itemText + layout.eol + ind };
    }
    return { offset: arr.offset + 1, length: closeOffset - arr.offset - 1, newText: itemText };
  }
  const after = kids[Math.min(afterIndex ?? kids.length - 1, kids.length - 1)]!;
  if (isMultiline(text, arr)) {
    const ind = memberIndent(text, arr, layout);
    return { offset: end(after), length: 0, newText: ',' + layout.eol + ind + itemText };
  }
  return { offset: end(after), length: 0, newText: ', ' + itemText };
}

/** Removes a property or array item together with the comma and line that belong to it. */
export function removeMember(_text: string, container: JsonNode, member: JsonNode): TextEdit {
  const kids = container.children ?? [];
  const i = kids.indexOf(member);
  if (kids.length === 1) {
    return { offset: container.offset + 1, length: end(container) - 1 - container.offset - 1, newText: '' };
  }
  if (i > 0) {
    const prev = kids[i - 1]!;
    return { offset: end(prev), length: end(member) - end(prev), newText: '' };
  }
  const next = kids[1]!;
  return { offset: member.offset, length: next.offset - member.offset, newText: '' };
}

export function replaceNode(node: JsonNode, newText: string): TextEdit {
  return { offset: node.offset, length: node.length, newText };
}

/** Text re-indented from its old indentation to `newIndent` (lines after the first). */
export function reindentText(raw: string, oldIndent: string, newIndent: string, layout: Layout): string {
  if (oldIndent === newIndent) return raw;
  return raw
    .split(/\r?\n/)
    .map((line, i) => (i === 0 ? line : line.startsWith(oldIndent) ? newIndent + line.slice(oldIndent.length) : line))
    .join(layout.eol);
}

/** Applies non-overlapping edits (later offsets first). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.offset - a.offset || b.length - a.length);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.offset) + e.newText + out.slice(e.offset + e.length);
  return out;
}

/** Whether two edits touch the same text: overlapping ranges, or insertions at the same point. */
export function overlaps(a: { offset: number; length: number }, b: { offset: number; length: number }): boolean {
  const aEnd = a.offset + a.length;
  const bEnd = b.offset + b.length;
  if (a.offset === b.offset) return true;
  return a.offset < bEnd && b.offset < aEnd;
}


/**
 * Turns a plain edit into a snippet: each placeholder's first occurrence becomes a tab stop.
 * Snippet syntax characters elsewhere are escaped so the inserted text stays what `newText` says.
 */
export function withSnippet(edit: TextEdit, placeholders: readonly string[]): TextEdit {
  let snippet = edit.newText.replace(/[\\$}]/g, (c) => '\\' + c);
  placeholders.forEach((ph, i) => {
    const escaped = ph.replace(/[\\$}]/g, (c) => '\\' + c);
    const at = snippet.indexOf(escaped);
    if (at >= 0) snippet = snippet.slice(0, at) + `\${${i + 1}:${escaped}}` + snippet.slice(at + escaped.length);
  });
  return { ...edit, snippet };
}

/** Values with SourceValue members turned into the raw JSON text of their nodes. */
function withRaw(text: string, value: unknown): unknown {
  if (value instanceof SourceValue) return new RawJson(text.slice(value.node.offset, end(value.node)));
  if (Array.isArray(value)) return value.map((v) => withRaw(text, v));
  if (value && typeof value === 'object' && !(value instanceof RawJson)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withRaw(text, v)]));
  return value;
}

/** The JSON writer: every edit keeps the file's indentation unit, line ending and one-line objects. */
export class JsonWriter implements Writer {
  readonly format = 'json' as const;
  constructor(
    readonly text: string,
    private readonly layoutOf: () => Layout,
  ) {}

  private get layout(): Layout {
    return this.layoutOf();
  }

  private render(value: unknown, sample: JsonNode, baseIndent: string, inline: boolean): string {
    return stringify(withRaw(this.text, value), inlineLayout(this.text, sample, this.layout), baseIndent, inline);
  }

  replace(node: JsonNode, value: unknown, options: WriteOptions = {}): TextEdit {
    const inline = options.inline ?? true;
    const container = node.parent?.type === 'property' ? node.parent.parent : node.parent;
    const indent = !inline && container ? memberIndent(this.text, container, this.layout) : '';
    return replaceNode(node, inline ? stringify(withRaw(this.text, value), this.layout, '', true) : this.render(value, container ?? node, indent, false));
  }

  renameKey(key: JsonNode, name: string): TextEdit {
    return replaceNode(key, JSON.stringify(name));
  }

  insertMembers(obj: JsonNode, members: readonly (readonly [string, unknown])[], at: 'first' | 'last' | JsonNode = 'last', options: WriteOptions = {}): TextEdit {
    const inline = options.inline ?? !isMultiline(this.text, obj);
    const ind = memberIndent(this.text, obj, this.layout);
    return insertMembers(this.text, obj, members.map(([k, v]) => [k, this.render(v, obj, ind, inline)] as const), this.layout, at);
  }

  insertItem(arr: JsonNode, value: unknown, afterIndex?: number): TextEdit {
    const kids = arr.children ?? [];
    const sibling = kids[Math.min(afterIndex ?? kids.length - 1, kids.length - 1)];
    const inline = sibling ? !isMultiline(this.text, sibling) : !isMultiline(this.text, arr);
    return insertArrayItem(this.text, arr, this.render(value, sibling ?? arr, memberIndent(this.text, arr, this.layout), inline), this.layout, afterIndex);
  }

  remove(container: JsonNode, member: JsonNode): TextEdit {
    return removeMember(this.text, container, member);
  }

  listify(node: JsonNode, inner: readonly TextEdit[], next: unknown): TextEdit {
    const { text, layout } = this;
    const prop = node.parent;
    const base = lineIndent(text, prop?.type === 'property' ? prop.offset : node.offset);
    const ind = base + layout.indent;
    const inline = !isMultiline(text, node);
    const shifted = inner.map((e) => ({ ...e, offset: e.offset - node.offset }));
    const own = applyEdits(text.slice(node.offset, end(node)), shifted);
    const first = inline ? own : reindentText(own, lineIndent(text, node.offset), ind, layout);
    const second = this.render(next, node, ind, inline);
    return replaceNode(node, inline ? `[${first}, ${second}]` : `[${layout.eol}${ind}${first},${layout.eol}${ind}${second}${layout.eol}${base}]`);
  }

  value(node: JsonNode): unknown {
    return nodeValue(node);
  }
}

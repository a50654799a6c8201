// The YAML writer: the same changes as the JSON writer, written the way the file is written. Block
// mappings and sequences get new lines at their own indentation, flow collections get `, item`; strings are
// quoted only when YAML needs it (or as the file quotes them), intrinsics are written with short-form tags
// when the file uses them, and nothing outside the changed lines is touched, so comments stay.
import { Document, Scalar, type Node as YNode, type ToStringOptions } from 'yaml';
import type { Layout } from '../edits';
import { applyEdits, removeMember, replaceNode } from '../edits';
import type { JsonNode } from '../json';
import { end } from '../json';
import type { TextEdit } from '../types';
import { nodeValue, SourceValue, type Writer, type WriteOptions } from '../writer';
import { column, SHORT_TAGS, yamlOf, yamlStyle, type YamlStyle } from './yaml';

const TAG_OF: Record<string, string> = Object.fromEntries(Object.entries(SHORT_TAGS).map(([tag, fn]) => [fn, tag]));

const info = yamlOf;

function isFlow(n: JsonNode): boolean {
  return info(n)?.flow === true;
}

/** Where the line holding `offset` ends (before its line break). */
function lineEnd(text: string, offset: number): number {
  let i = text.indexOf('\n', offset);
  if (i < 0) return text.length;
  if (i > 0 && text[i - 1] === '\r') i--;
  return i;
}

/** Where the line holding `offset` starts. */
function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** Just after the line break that ends the line holding `offset` (or the end of the text). */
function nextLine(text: string, offset: number): number {
  const i = text.indexOf('\n', offset);
  return i < 0 ? text.length : i + 1;
}

/** A placeholder that survives YAML serialisation as a plain scalar, swapped for source text afterwards. */
const RAW = (i: number) => `__iam_role_lens_raw_${i}__`;

export class YamlWriter implements Writer {
  readonly format = 'yaml' as const;
  private styleCache: YamlStyle | undefined;

  constructor(
    readonly text: string,
    private readonly root: JsonNode | undefined,
    private readonly layoutOf: () => Layout,
  ) {}

  private get style(): YamlStyle {
    return (this.styleCache ??= yamlStyle(this.text, this.root));
  }

  private get eol(): string {
    return this.layoutOf().eol;
  }

  /** The indentation unit: the file's, in spaces (YAML indents with spaces only). */
  private get unit(): number {
    const indent = this.layoutOf().indent;
    return indent.startsWith('\t') ? 2 : Math.max(1, Math.min(indent.length, 8));
  }

  private options(flow: boolean): ToStringOptions {
    const s = this.style;
    return {
      indent: this.unit,
      indentSeq: s.indentSequences,
      lineWidth: 0,
      minContentWidth: 0,
      collectionStyle: flow ? 'flow' : 'any',
      flowCollectionPadding: /[{[] \S/.test(this.text),
      defaultKeyType: 'PLAIN',
      defaultStringType: s.alwaysQuote ? (s.quote === 'single' ? 'QUOTE_SINGLE' : 'QUOTE_DOUBLE') : 'PLAIN',
      singleQuote: s.quote === 'single',
    };
  }

  /**
   * Plain data to YAML nodes: intrinsics as short-form tags (when the file uses them), existing nodes as
   * placeholders for their source text when that text is one line (else as their value).
   */
  private toNode(doc: Document, value: unknown, raws: string[], top = false): YNode {
    if (value instanceof SourceValue) {
      const n = value.node;
      const src = this.text.slice(n.offset, end(n));
      // A scalar or a flow collection keeps its text; a block collection (`- '*'` on its own line) cannot
      // stand where a value goes, so it is written again from its value.
      const block = (n.type === 'object' || n.type === 'array') && !info(n)?.flow && !info(n)?.tag;
      if (!src.includes('\n') && !info(n)?.alias && !block) {
        raws.push(src);
        return doc.createNode(RAW(raws.length - 1)) as YNode;
      }
      return this.toNode(doc, nodeValue(n), raws);
    }
    if (Array.isArray(value)) {
      const seq = doc.createNode([]) as YNode & { items: YNode[]; flow?: boolean };
      for (const v of value) seq.items.push(this.toNode(doc, v, raws));
      // One scalar is written on one line, as the JSON writer does (`[lambda.amazonaws.com]`).
      if (!top && value.length === 1 && (value[0] === null || typeof value[0] !== 'object' || value[0] instanceof SourceValue)) seq.flow = true;
      return seq;
    }
    if (value && typeof value === 'object') {
      const entries = Object.entries(value as Record<string, unknown>);
      if (!top && entries.length === 1 && this.style.shortTags) {
        const [fn, arg] = entries[0]!;
        // `Condition` is a function only with a condition's name; a policy's Condition is a mapping.
        const tag = fn === 'Condition' && typeof arg !== 'string' ? undefined : TAG_OF[fn];
        if (tag) {
          let node: YNode;
          if (fn === 'Fn::GetAtt' && Array.isArray(arg) && arg.length === 2 && arg.every((x) => typeof x === 'string')) node = new Scalar(arg.join('.')) as YNode;
          else node = this.toNode(doc, arg, raws);
          node.tag = tag;
          return node;
        }
      }
      const map = doc.createNode({}) as YNode & { items: unknown[] };
      for (const [k, v] of entries) {
        const key = new Scalar(k);
        if (k.includes(':') && !k.startsWith('Fn::') && this.style.quoteColonKeys) key.type = this.style.quote === 'single' ? 'QUOTE_SINGLE' : 'QUOTE_DOUBLE';
        (map as unknown as { add(pair: unknown): void }).add(doc.createPair(key, this.toNode(doc, v, raws)));
      }
      return map;
    }
    return doc.createNode(value);
  }

  /** YAML text for a value: one line in flow style, or block lines starting at column 0. */
  private render(value: unknown, flow: boolean, top = false): string {
    const doc = new Document(null);
    const raws: string[] = [];
    doc.contents = this.toNode(doc, value, raws, top);
    let out = doc.toString(this.options(flow)).replace(/\n$/, '');
    if (flow) out = out.replace(/\n\s*/g, ' ');
    // The placeholder may have been quoted (a file that quotes every string): the source text replaces both.
    raws.forEach((raw, i) => {
      out = out.replace(new RegExp(`(["']?)${RAW(i)}\\1`), () => raw);
    });
    return out.split('\n').join(this.eol);
  }

  /** Block text with every line after the first prefixed by `indent`. */
  private indented(block: string, indent: string): string {
    return block
      .split(this.eol)
      .map((line, i) => (i === 0 || line === '' ? line : indent + line))
      .join(this.eol);
  }

  private scalar(value: unknown): string {
    return this.render(value, true);
  }

  replace(node: JsonNode, value: unknown, options: WriteOptions = {}): TextEdit {
    const prop = node.parent?.type === 'property' && node.parent.children?.[1] === node ? node.parent : undefined;
    const container = prop?.parent;
    const collection = value !== null && typeof value === 'object' && !(value instanceof SourceValue) && Object.keys(value).length > 0;
    if (options.inline === false && collection && prop && container && !isFlow(container) && prop.colonOffset !== undefined) {
      // `Key: value` in a block mapping: the value on the lines below the key.
      const indent = ' '.repeat(column(this.text, prop.offset) + this.unit);
      const block = this.render(value, false);
      const lead = Array.isArray(value) && !this.style.indentSequences ? ' '.repeat(column(this.text, prop.offset)) : indent;
      return { offset: prop.colonOffset + 1, length: end(node) - prop.colonOffset - 1, newText: this.eol + lead + this.indented(block, lead) };
    }
    return replaceNode(node, this.scalar(value));
  }

  renameKey(key: JsonNode, name: string): TextEdit {
    // A key keeps its quotes: `"aws:PassedToService"` becomes `"iam:PassedToService"`.
    const style = info(key)?.style;
    if (style === 'single' && !name.includes("'")) return replaceNode(key, `'${name}'`);
    if (style === 'double') return replaceNode(key, JSON.stringify(name));
    return replaceNode(key, this.scalar(name));
  }

  /** A key as the file writes such keys. */
  private key(name: string): string {
    if (name.includes(':') && !name.startsWith('Fn::') && this.style.quoteColonKeys) return this.style.quote === 'single' ? `'${name.replace(/'/g, "''")}'` : JSON.stringify(name);
    return this.scalar(name);
  }

  /**
   * The column the keys of a block mapping line up at: that of a key alone at the start of its line, else the
   * first key's, before any anchor or tag written in front of it (`- &a Effect: Allow`).
   */
  private keyColumn(props: readonly JsonNode[]): number {
    for (const p of props) {
      const start = lineStart(this.text, p.offset);
      if (this.text.slice(start, p.offset).trim() === '') return p.offset - start;
    }
    let at = props[0]!.offset;
    const start = lineStart(this.text, at);
    const before = this.text.slice(start, at);
    const props0 = /((?:[&!]\S*\s+)+)$/.exec(before);
    if (props0) at -= props0[1]!.length;
    return at - start;
  }

  /** The members of an object that are written inside it (merged `<<` members live elsewhere). */
  private own(obj: JsonNode): JsonNode[] {
    return (obj.children ?? []).filter((c) => c.offset >= obj.offset && end(c) <= end(obj));
  }

  insertMembers(obj: JsonNode, members: readonly (readonly [string, unknown])[], at: 'first' | 'last' | JsonNode = 'last', options: WriteOptions = {}): TextEdit {
    const props = this.own(obj);
    if (isFlow(obj) || props.length === 0) {
      const written = members.map(([k, v]) => `${this.key(k)}: ${this.scalar(v)}`);
      if (props.length === 0) {
        const pad = this.options(true).flowCollectionPadding ? ' ' : '';
        if (obj.type !== 'object' || this.text[obj.offset] !== '{') return replaceNode(obj, `{${pad}${written.join(', ')}${pad}}`);
        return { offset: obj.offset + 1, length: end(obj) - obj.offset - 2, newText: pad + written.join(', ') + pad };
      }
      if (at === 'first') return { offset: props[0]!.offset, length: 0, newText: written.join(', ') + ', ' };
      const last = typeof at === 'object' ? at : props[props.length - 1]!;
      return { offset: end(last), length: 0, newText: ', ' + written.join(', ') };
    }
    const indent = ' '.repeat(this.keyColumn(props));
    const block = members
      .map(([k, v]) => {
        const flowValue = options.inline === true || v === null || typeof v !== 'object' || v instanceof SourceValue || Object.keys(v).length === 0;
        if (flowValue) return `${this.key(k)}: ${this.scalar(v)}`;
        return this.render({ [k]: v }, false, true);
      })
      .join(this.eol);
    const text = this.indented(block, indent);
    if (at === 'first') return { offset: props[0]!.offset, length: 0, newText: text + this.eol + indent };
    const anchor = typeof at === 'object' ? at : props[props.length - 1]!;
    return { offset: lineEnd(this.text, end(anchor)), length: 0, newText: this.eol + indent + text };
  }

  insertItem(arr: JsonNode, value: unknown, afterIndex?: number): TextEdit {
    const kids = arr.children ?? [];
    if (isFlow(arr) || kids.length === 0) {
      const item = this.scalar(value);
      if (kids.length === 0) {
        if (this.text[arr.offset] !== '[') return replaceNode(arr, `[${item}]`);
        return { offset: arr.offset + 1, length: end(arr) - arr.offset - 2, newText: item };
      }
      const after = kids[Math.min(afterIndex ?? kids.length - 1, kids.length - 1)]!;
      return { offset: end(after), length: 0, newText: ', ' + item };
    }
    const indent = ' '.repeat(column(this.text, arr.offset));
    const after = kids[Math.min(afterIndex ?? kids.length - 1, kids.length - 1)]!;
    const item = this.indented(this.render([value], false, true), indent);
    return { offset: lineEnd(this.text, end(after)), length: 0, newText: this.eol + indent + item };
  }

  remove(container: JsonNode, member: JsonNode): TextEdit {
    if (isFlow(container)) return removeMember(this.text, container, member);
    const kids = this.own(container);
    if (kids.length <= 1) return replaceNode(container, container.type === 'array' ? '[]' : '{}');
    const i = kids.indexOf(member);
    // Where the member starts: its key, or the `-` of a sequence item.
    let start = member.offset;
    if (container.type === 'array') {
      let j = member.offset - 1;
      while (j >= 0 && (this.text[j] === ' ' || this.text[j] === '\t')) j--;
      if (this.text[j] === '-') start = j;
    }
    const from = lineStart(this.text, start);
    const alone = this.text.slice(from, start).trim() === '';
    const next = kids[i + 1];
    const prev = kids[i - 1];
    // The last member goes with the line break before it, so the edit stays inside the container.
    if (alone && !next && prev) return { offset: lineEnd(this.text, end(prev)), length: lineEnd(this.text, end(member)) - lineEnd(this.text, end(prev)), newText: '' };
    if (alone) return { offset: from, length: nextLine(this.text, end(member)) - from, newText: '' };
    // The first key of a sequence item (`- Key: v`): the next key moves up to its place.
    if (next) return { offset: start, length: next.offset - start, newText: '' };
    return { offset: lineEnd(this.text, end(prev!)), length: lineEnd(this.text, end(member)) - lineEnd(this.text, end(prev!)), newText: '' };
  }

  listify(node: JsonNode, inner: readonly TextEdit[], next: unknown): TextEdit {
    const shifted = inner.map((e) => ({ ...e, offset: e.offset - node.offset }));
    const own = applyEdits(this.text.slice(node.offset, end(node)), shifted);
    if (isFlow(node)) return replaceNode(node, `[${own}, ${this.scalar(next)}]`);
    const indent = ' '.repeat(column(this.text, node.offset));
    const first = own
      .split(this.eol)
      .map((line, i) => (i === 0 || line === '' ? line : '  ' + line))
      .join(this.eol);
    const second = this.indented(this.render([next], false, true), indent);
    return replaceNode(node, `- ${first}${this.eol}${indent}${second}`);
  }

  value(node: JsonNode): unknown {
    return nodeValue(node);
  }
}

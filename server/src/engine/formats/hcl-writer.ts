// The HCL writer: each fix in the shape its policy is written in. In an `aws_iam_policy_document` a condition is
// a `condition { test variable values }` block and a statement a `statement` block, aligned as `terraform fmt`
// aligns them; in `jsonencode({…})` members are HCL object syntax (`Key = value`); heredoc JSON is JSON, written
// by the JSON writer. Nothing outside the changed lines is touched.
import type { Layout } from '../edits';
import { applyEdits, removeMember, replaceNode } from '../edits';
import type { JsonNode } from '../json';
import { end } from '../json';
import type { TextEdit } from '../types';
import { nodeValue, SourceValue, type Writer, type WriteOptions } from '../writer';
import type { HclBlock } from './hcl';
import type { HclMeta } from './terraform';
import { column } from './yaml';

const ELEMENT_ATTRIBUTES: Record<string, string> = { Sid: 'sid', Effect: 'effect', Action: 'actions', NotAction: 'not_actions', Resource: 'resources', NotResource: 'not_resources' };

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function lineEnd(text: string, offset: number): number {
  const i = text.indexOf('\n', offset);
  return i < 0 ? text.length : text[i - 1] === '\r' ? i - 1 : i;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** A string as an HCL string literal: quotes and backslashes escaped, `${` and `%{` written literally. */
export function hclString(s: string): string {
  return '"' + s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t').replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{') + '"';
}

export class HclWriter implements Writer {
  readonly format = 'hcl' as const;

  constructor(
    readonly text: string,
    private readonly meta: WeakMap<JsonNode, HclMeta>,
    private readonly json: Writer,
    private readonly layoutOf: () => Layout,
  ) {}

  private get unit(): string {
    const i = this.layoutOf().indent;
    return i.startsWith('\t') ? '  ' : i;
  }

  private get eol(): string {
    return this.layoutOf().eol;
  }

  private shapeOf(n: JsonNode): HclMeta | undefined {
    for (let x: JsonNode | undefined = n; x; x = x.parent) {
      const m = this.meta.get(x);
      if (m) return m;
    }
    return undefined;
  }

  /** A value as an HCL expression: on one line, or (objects) spread over lines at `indent`. */
  private render(value: unknown, indent = '', inline = true): string {
    if (value instanceof SourceValue) return this.text.slice(value.node.offset, end(value.node));
    if (typeof value === 'string') return hclString(value);
    if (value === null || value === undefined) return 'null';
    if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
    if (typeof value !== 'object') return 'null';
    if (Array.isArray(value)) return `[${value.map((v) => this.render(v, indent, true)).join(', ')}]`;
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) return '{}';
    const key = (k: string) => (IDENTIFIER.test(k) ? k : hclString(k));
    if (inline) return `{ ${entries.map(([k, v]) => `${key(k)} = ${this.render(v, indent, true)}`).join(', ')} }`;
    const inner = indent + this.unit;
    // `terraform fmt` lines up `=` on consecutive one-line attributes; a multi-line value stands alone.
    const multi = (v: unknown) => v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof SourceValue) && Object.keys(v).length > 0;
    const lines: string[] = [];
    let group: [string, unknown][] = [];
    const flush = () => {
      const width = Math.max(0, ...group.map(([k]) => key(k).length));
      for (const [k, v] of group) lines.push(`${inner}${key(k).padEnd(width)} = ${this.render(v, inner, true)}`);
      group = [];
    };
    for (const [k, v] of entries) {
      if (multi(v)) {
        flush();
        lines.push(`${inner}${key(k)} = ${this.render(v, inner, false)}`);
      } else group.push([k, v]);
    }
    flush();
    return `{${this.eol}${lines.join(this.eol)}${this.eol}${indent}}`;
  }

  /** Attributes aligned as `terraform fmt` aligns consecutive ones. */
  private attributes(pairs: readonly (readonly [string, unknown])[], indent: string): string[] {
    const width = Math.max(...pairs.map(([k]) => k.length));
    return pairs.map(([k, v]) => `${indent}${k.padEnd(width)} = ${this.render(v, indent, true)}`);
  }

  /** A value as a list: a list stays one, an existing list node is copied as it is. */
  private list(v: unknown): unknown {
    if (v instanceof SourceValue && v.node.type === 'array') return v;
    return Array.isArray(v) ? v : [v];
  }

  /** `condition` blocks for `{operator: {key: values}}`. */
  private conditionBlocks(conditions: Record<string, Record<string, unknown>>, indent: string): string[] {
    const out: string[] = [];
    for (const [test, keys] of Object.entries(conditions)) {
      for (const [variable, values] of Object.entries(keys)) {
        out.push([`${indent}condition {`, ...this.attributes([['test', test], ['variable', variable], ['values', this.list(values)]], indent + this.unit), `${indent}}`].join(this.eol));
      }
    }
    return out;
  }

  private principalBlocks(element: string, principal: unknown, indent: string): string[] {
    const entries = principal === '*' ? [['AWS', ['*']] as const] : Object.entries((principal ?? {}) as Record<string, unknown>);
    return entries.map(([type, ids]) => [`${indent}${element} {`, ...this.attributes([['type', type], ['identifiers', this.list(ids)]], indent + this.unit), `${indent}}`].join(this.eol));
  }

  /** A statement as a `statement` block. */
  private statementBlock(statement: Record<string, unknown>, indent: string): string {
    const inner = indent + this.unit;
    const attrs: [string, unknown][] = [];
    for (const [k, v] of Object.entries(statement)) {
      const name = ELEMENT_ATTRIBUTES[k];
      if (name) attrs.push([name, name === 'sid' || name === 'effect' ? v : this.list(v)]);
    }
    const parts = [`${indent}statement {`, ...this.attributes(attrs, inner)];
    const nested = [
      ...(statement['Principal'] !== undefined ? this.principalBlocks('principals', statement['Principal'], inner) : []),
      ...(statement['NotPrincipal'] !== undefined ? this.principalBlocks('not_principals', statement['NotPrincipal'], inner) : []),
      ...(statement['Condition'] ? this.conditionBlocks(statement['Condition'] as Record<string, Record<string, unknown>>, inner) : []),
    ];
    for (const n of nested) parts.push('', n);
    parts.push(`${indent}}`);
    return parts.join(this.eol);
  }

  /** Inserts block text before a block's closing brace, on lines of its own. */
  private beforeClose(block: HclBlock, lines: string): TextEdit {
    const at = lineStart(this.text, block.close);
    const before = this.text.slice(lineStart(this.text, at - 1), at).trim();
    const blank = before === '' || before.endsWith('{') ? '' : this.eol;
    return { offset: at, length: 0, newText: blank + lines + this.eol };
  }

  private indentOf(block: HclBlock): string {
    return ' '.repeat(column(this.text, block.span.offset));
  }

  // ---- the Writer interface ----------------------------------------------------------------------

  replace(node: JsonNode, value: unknown, options: WriteOptions = {}): TextEdit {
    const m = this.shapeOf(node);
    if (m?.shape === 'json') return this.json.replace(node, value, options);
    if (m?.shape === 'data' && m.role === 'value' && m.attribute && node.parent?.type === 'property' && (value === null || typeof value !== 'object')) {
      // A list attribute stays a list (`actions = ["x"]`), whatever a JSON policy would write.
      const attr = m.attribute;
      if (attr.value.span.offset === node.offset && attr.value.kind !== 'tuple' && /^(actions|not_actions|resources|not_resources|identifiers|values)$/.test(attr.name)) return replaceNode(node, this.render([value]));
    }
    return replaceNode(node, this.render(value, ' '.repeat(column(this.text, node.offset)), options.inline ?? true));
  }

  renameKey(key: JsonNode, name: string): TextEdit {
    const m = this.shapeOf(key);
    if (m?.shape === 'json') return this.json.renameKey(key, name);
    const raw = this.text.slice(key.offset, end(key));
    // A condition's test or variable is a string in the data source; an object key keeps its form.
    if (m?.shape === 'data' || raw.startsWith('"') || !IDENTIFIER.test(name)) return replaceNode(key, hclString(name));
    return replaceNode(key, name);
  }

  insertMembers(obj: JsonNode, members: readonly (readonly [string, unknown])[], at: 'first' | 'last' | JsonNode = 'last', options: WriteOptions = {}): TextEdit {
    const m = this.shapeOf(obj);
    if (m?.shape === 'json') return this.json.insertMembers(obj, members, at, options);
    if (m?.shape === 'data') return this.insertData(obj, m, members);
    return this.insertObject(obj, members, at);
  }

  /** Members of a jsonencode object: `Key = value` on lines of their own, or `, Key = value` on one line. */
  private insertObject(obj: JsonNode, members: readonly (readonly [string, unknown])[], at: 'first' | 'last' | JsonNode): TextEdit {
    const props = obj.children ?? [];
    const key = (k: string) => (IDENTIFIER.test(k) ? k : hclString(k));
    const multiline = this.text.slice(obj.offset, end(obj)).includes('\n');
    if (props.length === 0 || !multiline) {
      const written = members.map(([k, v]) => `${key(k)} = ${this.render(v)}`).join(', ');
      if (props.length === 0) return { offset: obj.offset + 1, length: end(obj) - obj.offset - 2, newText: ` ${written} ` };
      if (at === 'first') return { offset: props[0]!.offset, length: 0, newText: `${written}, ` };
      const last = typeof at === 'object' ? at : props[props.length - 1]!;
      return { offset: end(last), length: 0, newText: `, ${written}` };
    }
    const indent = ' '.repeat(column(this.text, props[0]!.offset));
    // `=` lines up with the members already there when the new keys are not longer.
    const eq = props.map((p) => this.text.indexOf('=', end(p.children![0]!)) - p.offset).filter((x) => x > 0 && x < 80);
    const width = Math.max(eq.length ? Math.max(...eq) - 1 : 0, ...members.map(([k]) => key(k).length));
    const lines = members.map(([k, v]) => `${indent}${key(k).padEnd(width)} = ${this.render(v, indent, !(v && typeof v === 'object' && !Array.isArray(v)))}`);
    if (at === 'first') return { offset: props[0]!.offset, length: 0, newText: lines.join(this.eol).slice(indent.length) + this.eol + indent };
    const anchor = typeof at === 'object' ? at : props[props.length - 1]!;
    const comma = this.text.slice(end(anchor), lineEnd(this.text, end(anchor))).trim().startsWith(',') ? ',' : '';
    return { offset: lineEnd(this.text, end(anchor)), length: 0, newText: this.eol + lines.join((comma ? ',' : '') + this.eol) + comma };
  }

  /** Members added to a policy-document data source: attributes and blocks. */
  private insertData(obj: JsonNode, m: Extract<HclMeta, { shape: 'data' }>, members: readonly (readonly [string, unknown])[]): TextEdit {
    if (m.role === 'statement') {
      const block = m.block;
      const indent = this.indentOf(block) + this.unit;
      const attrs = members.filter(([k]) => ELEMENT_ATTRIBUTES[k]).map(([k, v]) => [ELEMENT_ATTRIBUTES[k]!, k === 'Sid' || k === 'Effect' ? v : this.list(v)] as const);
      const blocks = members.flatMap(([k, v]) => (k === 'Condition' ? this.conditionBlocks(v as Record<string, Record<string, unknown>>, indent) : k === 'Principal' || k === 'NotPrincipal' ? this.principalBlocks(k === 'Principal' ? 'principals' : 'not_principals', v, indent) : []));
      const text = [...(attrs.length ? [this.attributes(attrs, indent).join(this.eol)] : []), ...blocks].join(this.eol + this.eol);
      return this.beforeClose(block, text);
    }
    if (m.role === 'conditions') {
      const indent = this.indentOf(m.statement) + this.unit;
      return this.beforeClose(m.statement, this.conditionBlocks(Object.fromEntries(members) as Record<string, Record<string, unknown>>, indent).join(this.eol + this.eol));
    }
    if (m.role === 'condition-test') {
      const indent = this.indentOf(m.statement) + this.unit;
      return this.beforeClose(m.statement, this.conditionBlocks({ [m.test]: Object.fromEntries(members) }, indent).join(this.eol + this.eol));
    }
    if (m.role === 'principals') {
      const indent = this.indentOf(m.statement) + this.unit;
      return this.beforeClose(m.statement, this.principalBlocks(m.element, Object.fromEntries(members), indent).join(this.eol + this.eol));
    }
    if (m.role === 'document') {
      const indent = this.indentOf(m.block) + this.unit;
      const statements = members.filter(([k]) => k === 'Statement').flatMap(([, v]) => this.list(v));
      const attrs = members.filter(([k]) => k === 'Version').map(([, v]) => ['version', v] as const);
      const text = [...(attrs.length ? [this.attributes(attrs, indent).join(this.eol)] : []), ...statements.map((s) => this.statementBlock(s as Record<string, unknown>, indent))].join(this.eol + this.eol);
      return this.beforeClose(m.block, text);
    }
    return { offset: obj.offset, length: 0, newText: '' };
  }

  insertItem(arr: JsonNode, value: unknown, afterIndex?: number): TextEdit {
    const m = this.shapeOf(arr);
    if (m?.shape === 'json') return this.json.insertItem(arr, value, afterIndex);
    if (m?.shape === 'data' && m.role === 'statements') {
      // A new statement block after the one given (or the last).
      const statements = (arr.children ?? []).map((c) => this.meta.get(c)).filter((x): x is Extract<HclMeta, { role: 'statement' }> => x?.shape === 'data' && x.role === 'statement');
      const after = statements[Math.min(afterIndex ?? statements.length - 1, statements.length - 1)]!.block;
      const indent = this.indentOf(after);
      return { offset: after.span.offset + after.span.length, length: 0, newText: this.eol + this.eol + this.statementBlock(value as Record<string, unknown>, indent).slice(indent.length).replace(/^/, indent) };
    }
    // A tuple: `[a, b]` or one item per line.
    const kids = arr.children ?? [];
    const item = this.render(value);
    if (kids.length === 0) return { offset: arr.offset + 1, length: end(arr) - arr.offset - 2, newText: item };
    const after = kids[Math.min(afterIndex ?? kids.length - 1, kids.length - 1)]!;
    if (!this.text.slice(arr.offset, end(arr)).includes('\n')) return { offset: end(after), length: 0, newText: ', ' + item };
    if (value && typeof value === 'object' && !Array.isArray(value) && !(value instanceof SourceValue)) {
      // `[{ … }, { … }]`: the new object follows the last one, at the indentation of the line it ends on.
      const base = this.text.slice(lineStart(this.text, end(after) - 1), end(after) - 1).match(/^\s*/)![0];
      return { offset: end(after), length: 0, newText: ', ' + this.render(value, base, false) };
    }
    const indent = ' '.repeat(column(this.text, kids[0]!.offset));
    const trailing = this.text.slice(end(after), lineEnd(this.text, end(after))).trim().startsWith(',');
    return trailing
      ? { offset: lineEnd(this.text, end(after)), length: 0, newText: this.eol + indent + item + ',' }
      : { offset: end(after), length: 0, newText: ',' + this.eol + indent + item };
  }

  /** Removes whole lines (an attribute, blocks), with the blank line before them when one is left over. */
  private removeLines(spans: readonly { offset: number; length: number }[]): TextEdit {
    const sorted = [...spans].sort((a, b) => a.offset - b.offset);
    const lines = (sp: { offset: number; length: number }) => {
      let from = lineStart(this.text, sp.offset);
      const to0 = this.text.indexOf('\n', sp.offset + sp.length);
      const to = to0 < 0 ? this.text.length : to0 + 1;
      // A blank line before, with a closing brace or another blank line after: it goes too.
      const prevStart = lineStart(this.text, from - 1);
      const nextLine = this.text.slice(to, this.text.indexOf('\n', to) < 0 ? this.text.length : this.text.indexOf('\n', to)).trim();
      if (from > 0 && this.text.slice(prevStart, from).trim() === '' && (nextLine === '}' || nextLine === '')) from = prevStart;
      return { from, to };
    };
    const ranges = sorted.map(lines);
    const first = ranges[0]!.from;
    const last = ranges[ranges.length - 1]!.to;
    // What lies between the removed ranges (other blocks) is kept.
    let kept = '';
    for (let i = 0; i + 1 < ranges.length; i++) kept += this.text.slice(ranges[i]!.to, Math.max(ranges[i]!.to, ranges[i + 1]!.from));
    return { offset: first, length: last - first, newText: kept };
  }

  remove(container: JsonNode, member: JsonNode): TextEdit {
    const m = this.shapeOf(container);
    if (m?.shape === 'json') return this.json.remove(container, member);
    const mm = this.meta.get(member);
    // An element of a policy-document data source is a whole attribute, or whole blocks.
    if (m?.shape === 'data' && mm?.shape === 'data') {
      if (mm.role === 'condition-entry') return this.removeLines([mm.block.span]);
      if (mm.role === 'condition-test') return this.removeLines(mm.blocks.map((b) => b.span));
      if (mm.role === 'principals') return this.removeLines(mm.blocks.map((b) => b.span));
      if (mm.role === 'conditions') {
        const blocks = mm.statement.body.blocks.filter((b) => b.type === 'condition' || (b.type === 'dynamic' && b.labels[0]?.value === 'condition'));
        return this.removeLines(blocks.map((b) => b.span));
      }
      if (mm.role === 'value' && mm.attribute && member.type === 'property') return this.removeLines([mm.attribute.span]);
    }
    // Tuples and jsonencode objects: separators as in JSON, or the item's own line.
    const kids = container.children ?? [];
    const from = lineStart(this.text, member.offset);
    const alone = this.text.slice(from, member.offset).trim() === '' && kids.length > 1;
    if (alone && container.type === 'object') {
      const to = this.text.indexOf('\n', end(member));
      return { offset: from, length: (to < 0 ? this.text.length : to + 1) - from, newText: '' };
    }
    return removeMember(this.text, container, member);
  }

  listify(node: JsonNode, inner: readonly TextEdit[], next: unknown): TextEdit {
    const m = this.shapeOf(node);
    if (m?.shape === 'json') return this.json.listify(node, inner, next);
    const shifted = inner.map((e) => ({ ...e, offset: e.offset - node.offset }));
    const own = applyEdits(this.text.slice(node.offset, end(node)), shifted);
    return replaceNode(node, `[${own}, ${this.render(next)}]`);
  }

  value(node: JsonNode): unknown {
    return nodeValue(node);
  }
}

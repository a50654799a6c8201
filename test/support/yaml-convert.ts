// JSON fixtures written as block YAML, the way people write CloudFormation YAML (indented sequences,
// plain scalars where YAML allows them, short-form tags for intrinsics), with every JSON node's place in
// the YAML text recorded, so a range marked in a JSON fixture can be found in its YAML twin.
import { parseTree, type Node } from 'jsonc-parser';
import { stringify } from 'yaml';

export interface Span {
  offset: number;
  length: number;
}

interface Placed {
  start: number;
  end: number;
  /** For strings: where the characters of the value start, and whether they are written as they are. */
  content?: number;
  exact?: boolean;
}

export interface Converted {
  text: string;
  /** The YAML span of a JSON span (a whole node, a node's first character, or characters inside a string). */
  map(span: Span): Span | undefined;
}

const TAGS: Record<string, string> = { Ref: '!Ref', Condition: '!Condition' };
for (const n of ['Base64', 'Cidr', 'FindInMap', 'GetAtt', 'GetAZs', 'ImportValue', 'Join', 'Select', 'Split', 'Sub', 'Transform', 'And', 'Equals', 'If', 'Not', 'Or']) TAGS[`Fn::${n}`] = `!${n}`;

function scalarText(v: unknown): { text: string; quoted: boolean } {
  if (typeof v === 'string' && v.includes('\n')) return { text: JSON.stringify(v), quoted: true };
  const text = stringify(v, { lineWidth: 0, singleQuote: true }).replace(/\n$/, '');
  return { text, quoted: text.startsWith("'") || text.startsWith('"') };
}

function isIntrinsic(n: Node): boolean {
  return n.type === 'object' && n.children?.length === 1 && TAGS[String(n.children[0]!.children![0]!.value)] !== undefined;
}

export function jsonToYaml(json: string): Converted {
  const root = parseTree(json, [], { disallowComments: false });
  const placed = new Map<Node, Placed>();
  let out = '';
  const nodes: Node[] = [];

  const place = (n: Node, start: number, extra: Partial<Placed> = {}) => {
    placed.set(n, { start, end: out.length, ...extra });
    nodes.push(n);
  };

  function scalar(n: Node): void {
    const start = out.length;
    const value: unknown = n.value;
    if (n.type === 'string') {
      // A string with escapes keeps them: a JSON string is a valid YAML double-quoted scalar.
      const raw = json.slice(n.offset, n.offset + n.length);
      const { text, quoted } = raw.includes('\\') ? { text: raw, quoted: true } : scalarText(value);
      out += text;
      const inner = quoted ? text.slice(1, -1) : text;
      place(n, start, { content: start + (quoted ? 1 : 0), exact: inner === value });
      return;
    }
    out += n.type === 'null' ? 'null' : String(value);
    place(n, start);
  }

  function key(k: Node): void {
    const start = out.length;
    const { text, quoted } = scalarText(String(k.value));
    out += text;
    place(k, start, { content: start + (quoted ? 1 : 0), exact: (quoted ? text.slice(1, -1) : text) === k.value });
  }

  /** An intrinsic as a short-form tag: `!Ref X`, `!GetAtt A.B`, `!Sub str`, or the tag over a block below. */
  function intrinsic(n: Node, indent: number): void {
    const start = out.length;
    const prop = n.children![0]!;
    const [k, v] = prop.children! as [Node, Node];
    const tag = TAGS[String(k.value)]!;
    out += tag;
    place(k, start);
    if (tag === '!GetAtt' && v.type === 'array' && v.children?.length === 2 && v.children.every((c) => c.type === 'string' && /^[A-Za-z0-9.]+$/.test(String(c.value)))) {
      out += ' ';
      const s = out.length;
      const [a, b] = v.children as [Node, Node];
      out += String(a.value);
      place(a, s, { content: s, exact: true });
      out += '.';
      const sb = out.length;
      out += String(b.value);
      place(b, sb, { content: sb, exact: true });
      place(v, s);
    } else if (v.type === 'object' || v.type === 'array') {
      if ((v.children ?? []).length === 0) {
        out += v.type === 'object' ? ' {}' : ' []';
        place(v, out.length - 2);
      } else {
        out += '\n' + ' '.repeat(indent + 2);
        value(v, indent + 2, true);
      }
    } else {
      out += ' ';
      scalar(v);
    }
    place(prop, start);
    place(n, start);
  }

  /** A value at the current position; `fresh`: a new line at `indent` has just been started. */
  function value(n: Node, indent: number, fresh: boolean): void {
    if (isIntrinsic(n)) return intrinsic(n, indent);
    if ((n.type === 'object' || n.type === 'array') && (n.children ?? []).length === 0) {
      const start = out.length;
      out += n.type === 'object' ? '{}' : '[]';
      place(n, start);
      return;
    }
    if (n.type === 'object') {
      const start = out.length;
      (n.children ?? []).forEach((p, i) => {
        if (i > 0 || !fresh) out += '\n' + ' '.repeat(indent);
        member(p, indent);
      });
      placed.set(n, { start, end: out.length });
      nodes.push(n);
      return;
    }
    if (n.type === 'array') {
      const start = out.length;
      (n.children ?? []).forEach((c, i) => {
        if (i > 0 || !fresh) out += '\n' + ' '.repeat(indent);
        out += '- ';
        value(c, indent + 2, true);
      });
      placed.set(n, { start, end: out.length });
      nodes.push(n);
      return;
    }
    scalar(n);
  }

  function member(p: Node, indent: number): void {
    const start = out.length;
    const [k, v] = p.children! as [Node, Node | undefined];
    key(k);
    out += ':';
    if (!v) {
      place(p, start);
      return;
    }
    const block = (v.type === 'object' || v.type === 'array') && (v.children ?? []).length > 0 && !isIntrinsic(v);
    if (block) {
      out += '\n' + ' '.repeat(indent + 2);
      value(v, indent + 2, true);
    } else {
      out += ' ';
      value(v, indent, true);
    }
    place(p, start);
  }

  if (root) value(root, 0, true);
  out += '\n';
  const text = out;

  return {
    text,
    map(span: Span): Span | undefined {
      if (span.offset === 0 && span.length === 0) return { offset: 0, length: 0 };
      for (const n of nodes) {
        const p = placed.get(n)!;
        if (n.offset === span.offset && n.length === span.length) return { offset: p.start, length: p.end - p.start };
      }
      // The first character of a node (a finding anchored at a statement's or a policy's `{`).
      if (span.length === 1) {
        for (const n of nodes) if (n.offset === span.offset && (n.type === 'object' || n.type === 'array')) return { offset: placed.get(n)!.start, length: 1 };
      }
      // Characters inside a string written as it is.
      for (const n of nodes) {
        const p = placed.get(n)!;
        if (n.type !== 'string' || !p.exact || p.content === undefined) continue;
        if (span.offset > n.offset && span.offset + span.length < n.offset + n.length) return { offset: p.content + span.offset - n.offset - 1, length: span.length };
      }
      return undefined;
    },
  };
}

// JSON policies written as Terraform, in the three shapes IAM takes there: `jsonencode({…})`, heredoc JSON and
// an `aws_iam_policy_document` data source. For `jsonencode` and heredoc every JSON node's place in the HCL text
// is recorded, so a range marked in a JSON fixture can be found in its Terraform twin.
import { parseTree, type Node } from 'jsonc-parser';

export interface Span {
  offset: number;
  length: number;
}

export interface Converted {
  text: string;
  /** The HCL span of a JSON span, when the shape keeps it (none for the data source). */
  map(span: Span): Span | undefined;
}

export type Shape = 'jsonencode' | 'heredoc' | 'data';
export type Kind = 'identity' | 'trust' | 'resource';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

function hclString(s: string): string {
  return '"' + s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{') + '"';
}

function wrapper(kind: Kind): { open: string; attribute: string; close: string } {
  if (kind === 'trust') return { open: 'resource "aws_iam_role" "role" {\n  name               = "role"\n  assume_role_policy = ', attribute: 'assume_role_policy', close: '\n}\n' };
  if (kind === 'resource') return { open: 'resource "aws_s3_bucket_policy" "bucket" {\n  bucket = "reports"\n  policy = ', attribute: 'policy', close: '\n}\n' };
  return { open: 'resource "aws_iam_policy" "policy" {\n  name   = "policy"\n  policy = ', attribute: 'policy', close: '\n}\n' };
}

/** `jsonencode({…})`: the JSON value as HCL object syntax, one member per line. */
function jsonencode(json: string, kind: Kind): Converted {
  const root = parseTree(json)!;
  const placed = new Map<Node, Span>();
  const w = wrapper(kind);
  let out = w.open + 'jsonencode(';
  const value = (n: Node, indent: string): void => {
    const start = out.length;
    if (n.type === 'object') {
      const kids = n.children ?? [];
      if (kids.length === 0) out += '{}';
      else {
        out += '{\n';
        const width = Math.max(...kids.map((p) => key(String(p.children![0]!.value)).length));
        for (const p of kids) {
          const [k, v] = p.children! as [Node, Node];
          out += indent + '  ';
          const ps = out.length;
          const ks = out.length;
          out += key(String(k.value));
          placed.set(k, { offset: ks, length: out.length - ks });
          out += ' '.repeat(width - key(String(k.value)).length) + ' = ';
          value(v, indent + '  ');
          placed.set(p, { offset: ps, length: out.length - ps });
          out += '\n';
        }
        out += indent + '}';
      }
    } else if (n.type === 'array') {
      const kids = n.children ?? [];
      out += '[';
      kids.forEach((c, i) => {
        if (i) out += ', ';
        value(c, indent);
      });
      out += ']';
    } else if (n.type === 'string') {
      // A string with escapes keeps them: JSON's escapes are HCL's too.
      const raw = json.slice(n.offset, n.offset + n.length);
      out += raw.includes('\\') && !raw.includes('${') ? raw : hclString(String(n.value));
      if (hclString(String(n.value)) === JSON.stringify(n.value)) exact.add(n);
    }
    else out += n.type === 'null' ? 'null' : String(n.value);
    placed.set(n, { offset: start, length: out.length - start });
  };
  const key = (k: string) => (IDENTIFIER.test(k) ? k : hclString(k));
  const exact = new Set<Node>();
  value(root, '  ');
  out += ')' + w.close;
  return {
    text: out,
    map: (s) => {
      const whole = mapBy(placed, s);
      if (whole) return whole;
      // Characters inside a string written the same in HCL as in JSON.
      for (const n of exact) {
        if (s.offset > n.offset && s.offset + s.length < n.offset + n.length) return { offset: placed.get(n)!.offset + s.offset - n.offset, length: s.length };
      }
      return undefined;
    },
  };
}

/** Heredoc JSON: the JSON text as it is, inside `<<-EOF`. */
function heredoc(json: string, kind: Kind): Converted {
  const w = wrapper(kind);
  const head = w.open + '<<-EOF\n';
  // `${` starts an interpolation in a heredoc: a policy variable is written `$${aws:username}`.
  const body = json.replace(/\n$/, '');
  const escaped = body.replace(/\$\{/g, () => '$${');
  const text = head + escaped + '\nEOF' + w.close;
  // Offsets move by one for each `$` added before them.
  const shift = (offset: number) => head.length + offset + (body.slice(0, offset).match(/\$\{/g)?.length ?? 0);
  return { text, map: (s) => ({ offset: shift(s.offset), length: shift(s.offset + s.length) - shift(s.offset) }) };
}

/** The statements as an `aws_iam_policy_document` data source; undefined when the JSON has no such form. */
function dataSource(json: string, kind: Kind): Converted | undefined {
  let policy: { Version?: unknown; Statement?: unknown };
  try {
    policy = JSON.parse(json) as typeof policy;
  } catch {
    return undefined;
  }
  if (!policy || typeof policy !== 'object' || Array.isArray(policy)) return undefined;
  if (Object.keys(policy).some((k) => k !== 'Version' && k !== 'Statement' && k !== 'Id')) return undefined;
  const statements = Array.isArray(policy.Statement) ? policy.Statement : policy.Statement ? [policy.Statement] : [];
  if (statements.length === 0 || typeof policy.Version !== 'string') return undefined;
  const list = (v: unknown) => (Array.isArray(v) ? v : [v]);
  const strings = (v: unknown) => list(v).every((x) => typeof x === 'string');
  const names: Record<string, string> = { Sid: 'sid', Effect: 'effect', Action: 'actions', NotAction: 'not_actions', Resource: 'resources', NotResource: 'not_resources' };
  const lines = [`data "aws_iam_policy_document" "policy" {`, `  version = ${hclString(policy.Version)}`];
  for (const s of statements as Record<string, unknown>[]) {
    if (!s || typeof s !== 'object' || Array.isArray(s)) return undefined;
    lines.push('', '  statement {');
    const attrs: [string, string][] = [];
    for (const [k, v] of Object.entries(s)) {
      if (k === 'Principal' || k === 'NotPrincipal' || k === 'Condition') continue;
      const name = names[k];
      if (!name) return undefined;
      if (k === 'Sid' || k === 'Effect') {
        if (typeof v !== 'string') return undefined;
        attrs.push([name, hclString(v)]);
      } else {
        if (!strings(v)) return undefined;
        attrs.push([name, `[${list(v).map((x) => hclString(x as string)).join(', ')}]`]);
      }
    }
    const width = Math.max(0, ...attrs.map(([k]) => k.length));
    for (const [k, v] of attrs) lines.push(`    ${k.padEnd(width)} = ${v}`);
    for (const element of ['Principal', 'NotPrincipal'] as const) {
      const p = s[element];
      if (p === undefined) continue;
      const entries = p === '*' ? [['*', ['*']] as const] : typeof p === 'object' && p && !Array.isArray(p) ? Object.entries(p) : undefined;
      if (!entries || !entries.every(([, ids]) => strings(ids))) return undefined;
      for (const [type, ids] of entries) {
        lines.push('', `    ${element === 'Principal' ? 'principals' : 'not_principals'} {`, `      type        = ${hclString(type)}`, `      identifiers = [${list(ids).map((x) => hclString(x as string)).join(', ')}]`, '    }');
      }
    }
    const c = s['Condition'];
    if (c !== undefined) {
      if (!c || typeof c !== 'object' || Array.isArray(c)) return undefined;
      for (const [test, keys] of Object.entries(c)) {
        if (!keys || typeof keys !== 'object' || Array.isArray(keys)) return undefined;
        for (const [variable, values] of Object.entries(keys as Record<string, unknown>)) {
          if (!list(values).every((x) => typeof x === 'string' || typeof x === 'boolean' || typeof x === 'number')) return undefined;
          lines.push('', '    condition {', `      test     = ${hclString(test)}`, `      variable = ${hclString(variable)}`, `      values   = [${list(values).map((x) => hclString(String(x))).join(', ')}]`, '    }');
        }
      }
    }
    lines.push('  }');
  }
  lines.push('}', '');
  const w = wrapper(kind);
  const text = lines.join('\n') + '\n' + w.open + 'data.aws_iam_policy_document.policy.json' + w.close;
  return { text, map: () => undefined };
}

export function jsonToHcl(json: string, shape: Shape, kind: Kind): Converted | undefined {
  if (shape === 'jsonencode') return jsonencode(json, kind);
  if (shape === 'heredoc') return heredoc(json, kind);
  return dataSource(json, kind);
}

function mapBy(placed: Map<Node, Span>, span: Span): Span | undefined {
  for (const [n, p] of placed) if (n.offset === span.offset && n.length === span.length) return p;
  if (span.length === 1) for (const [n, p] of placed) if (n.offset === span.offset && (n.type === 'object' || n.type === 'array')) return { offset: p.offset, length: 1 };
  return undefined;
}

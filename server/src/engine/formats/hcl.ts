// The HCL front end's first half: Terraform text into a plain syntax tree (blocks, attributes, expressions
// with their offsets), read with tree-sitter's Terraform grammar compiled to WebAssembly. The tree-sitter tree
// is freed at once: nothing the engine keeps points into WebAssembly memory. The second half
// (formats/terraform.ts) turns the policies in it into the node tree the rules read.
//
// web-tree-sitter and its grammar load asynchronously, once (`initHcl`); parsing is synchronous afterwards, so
// the engine stays synchronous. Before the grammar is loaded, a Terraform file is reported as not analysed.
import type { Span } from '../types';
import { defaultHclFiles, type HclFiles } from './hcl-files';

/** web-tree-sitter's runtime, loaded once (its module is imported lazily: most runs read no Terraform). */
interface TsNode {
  type: string;
  startIndex: number;
  endIndex: number;
  text: string;
  isNamed: boolean;
  isMissing: boolean;
  hasError: boolean;
  childCount: number;
  children: TsNode[];
  namedChildren: TsNode[];
  childForFieldName(name: string): TsNode | null;
}
interface TsTree {
  rootNode: TsNode;
  delete(): void;
}
interface TsParser {
  parse(text: string): TsTree | null;
}

let parser: TsParser | undefined;
let loading: Promise<void> | undefined;

export { defaultHclFiles, type HclFiles } from './hcl-files';

/** Loads the Terraform grammar (once; later calls wait for the first). */
export function initHcl(files: HclFiles = defaultHclFiles()): Promise<void> {
  loading ??= (async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ts = require('web-tree-sitter') as { Parser: { init(o?: object): Promise<void>; new (): TsParser & { setLanguage(l: unknown): void } }; Language: { load(p: string | Uint8Array): Promise<unknown> } };
    // A path (Node) or the bytes themselves (the browser, where the server is given them at start).
    await ts.Parser.init(typeof files.runtime === 'string' ? { locateFile: () => files.runtime } : { wasmBinary: files.runtime });
    const language = await ts.Language.load(files.grammar);
    const p = new ts.Parser();
    p.setLanguage(language);
    parser = p;
  })();
  return loading;
}

export function hclReady(): boolean {
  return parser !== undefined;
}

// ---- The plain syntax tree --------------------------------------------------------------------------

export type HclExpr =
  /** A string written out (no interpolation): `"x"`. */
  | { kind: 'string'; value: string; span: Span; content: Span }
  /** A template with interpolations (`"${var.x}/y"`): its text, `${…}` and all. */
  | { kind: 'template'; text: string; span: Span }
  | { kind: 'number'; value: number; span: Span }
  | { kind: 'bool'; value: boolean; span: Span }
  | { kind: 'null'; span: Span }
  | { kind: 'tuple'; items: HclExpr[]; span: Span }
  | { kind: 'object'; elems: HclObjectElem[]; span: Span }
  | { kind: 'call'; name: string; args: HclExpr[]; span: Span }
  /** A reference: `aws_iam_role.r.arn`, `var.x`, `data.aws_iam_policy_document.p.json`, `local.a[0]`. */
  | { kind: 'ref'; text: string; span: Span }
  /** A heredoc: its content is the text between its first line and its end marker. */
  | { kind: 'heredoc'; content: Span; indented: boolean; interpolated: boolean; span: Span }
  | { kind: 'other'; text: string; span: Span };

export interface HclObjectElem {
  /** The key as written: an identifier (`Effect`) or a string (`"iam:PassedToService"`). */
  key: string;
  keySpan: Span;
  quotedKey: boolean;
  value: HclExpr;
  span: Span;
}

export interface HclAttribute {
  name: string;
  nameSpan: Span;
  value: HclExpr;
  span: Span;
}

export interface HclBlock {
  type: string;
  typeSpan: Span;
  labels: { value: string; span: Span }[];
  body: HclBody;
  span: Span;
  /** Offsets of `{` and `}`. */
  open: number;
  close: number;
}

export interface HclBody {
  attributes: HclAttribute[];
  blocks: HclBlock[];
}

export interface HclProblem {
  offset: number;
  length: number;
  missing?: string;
  /** A heredoc with no line closing it: its opening (`<<EOF`, `<<-EOF`) and its marker (`EOF`). */
  heredoc?: { offset: number; length: number; marker: string };
}

export interface ParsedHclSyntax {
  body: HclBody;
  problems: HclProblem[];
  /** Nesting past the limit: nothing was read. */
  tooDeep?: { offset: number };
  /** The grammar was not loaded. */
  notReady?: true;
}

const MAX_DEPTH = 512;

/** The grammar's names of tokens that can be missing, as written. */
const MISSING_NAMES: Record<string, string> = {
  quoted_template_end: '"',
  block_end: '}',
  object_end: '}',
  tuple_end: ']',
  template_interpolation_end: '}',
  heredoc_identifier: 'heredoc end marker',
  function_call: ')',
};

class TooDeep extends Error {
  constructor(readonly offset: number) {
    super('too deep');
  }
}

const spanOf = (n: TsNode): Span => ({ offset: n.startIndex, length: n.endIndex - n.startIndex });

function unquote(raw: string): string {
  // HCL escapes are JSON's plus `$${` and `%%{`, which stand for the literal characters.
  return raw.replace(/\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)/g, (_m, e: string) => {
    switch (e[0]) {
      case 'n':
        return '\n';
      case 't':
        return '\t';
      case 'r':
        return '\r';
      case 'u':
      case 'U':
        return String.fromCodePoint(parseInt(e.slice(1), 16));
      default:
        return e;
    }
  }).replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{');
}

class Reader {
  problems: HclProblem[] = [];
  constructor(private readonly text: string) {}

  body(n: TsNode | undefined, depth: number): HclBody {
    const body: HclBody = { attributes: [], blocks: [] };
    for (const c of n?.namedChildren ?? []) {
      if (c.type === 'attribute') body.attributes.push(this.attribute(c, depth));
      else if (c.type === 'block') body.blocks.push(this.block(c, depth));
    }
    return body;
  }

  attribute(n: TsNode, depth: number): HclAttribute {
    const id = n.namedChildren.find((c) => c.type === 'identifier')!;
    const value = n.namedChildren.find((c) => c.type === 'expression');
    return { name: id.text, nameSpan: spanOf(id), value: value ? this.expr(value, depth + 1) : { kind: 'null', span: { offset: n.endIndex, length: 0 } }, span: spanOf(n) };
  }

  block(n: TsNode, depth: number): HclBlock {
    if (depth > MAX_DEPTH) throw new TooDeep(n.startIndex);
    const kids = n.namedChildren;
    const id = kids.find((c) => c.type === 'identifier')!;
    const labels = kids.filter((c) => c.type === 'string_lit' || (c.type === 'identifier' && c !== id)).map((c) => ({ value: c.type === 'string_lit' ? this.stringValue(c) : c.text, span: spanOf(c) }));
    const open = kids.find((c) => c.type === 'block_start');
    const close = kids.find((c) => c.type === 'block_end');
    return {
      type: id?.text ?? '',
      typeSpan: id ? spanOf(id) : spanOf(n),
      labels,
      body: this.body(kids.find((c) => c.type === 'body'), depth + 1),
      span: spanOf(n),
      open: open?.startIndex ?? n.startIndex,
      close: close && !close.isMissing ? close.startIndex : n.endIndex,
    };
  }

  private stringValue(n: TsNode): string {
    const lit = n.namedChildren.filter((c) => c.type === 'template_literal');
    return lit.map((c) => unquote(c.text)).join('');
  }

  expr(n: TsNode, depth: number): HclExpr {
    if (depth > MAX_DEPTH) throw new TooDeep(n.startIndex);
    const span = spanOf(n);
    if (n.type === 'expression' && n.namedChildren.length === 1 && n.namedChildren[0]!.endIndex === n.endIndex && n.namedChildren[0]!.startIndex === n.startIndex) return this.expr(n.namedChildren[0]!, depth);
    switch (n.type) {
      case 'expression':
        // variable_expr followed by get_attr / index: a reference.
        if (n.namedChildren[0]?.type === 'variable_expr') return { kind: 'ref', text: n.text, span };
        return { kind: 'other', text: n.text, span };
      case 'literal_value':
      case 'collection_value':
      case 'template_expr':
        // A wrapper node of the grammar, not a level of nesting: depth counts the levels as written.
        return this.expr(n.namedChildren[0]!, depth);
      case 'string_lit': {
        const parts = n.namedChildren.filter((c) => c.type === 'template_literal');
        const start = n.namedChildren.find((c) => c.type === 'quoted_template_start');
        const contentStart = start ? start.endIndex : n.startIndex;
        const contentEnd = parts.length ? parts[parts.length - 1]!.endIndex : contentStart;
        return { kind: 'string', value: parts.map((c) => unquote(c.text)).join(''), span, content: { offset: contentStart, length: contentEnd - contentStart } };
      }
      case 'quoted_template':
        if (!n.namedChildren.some((c) => c.type === 'template_interpolation' || c.type === 'template_directive')) {
          const parts = n.namedChildren.filter((c) => c.type === 'template_literal');
          const start = n.namedChildren.find((c) => c.type === 'quoted_template_start');
          const contentStart = start ? start.endIndex : n.startIndex;
          return { kind: 'string', value: parts.map((c) => unquote(c.text)).join(''), span, content: { offset: contentStart, length: Math.max(0, n.endIndex - 1 - contentStart) } };
        }
        return { kind: 'template', text: this.text.slice(n.startIndex + 1, Math.max(n.startIndex + 1, n.endIndex - 1)), span };
      case 'heredoc_template': {
        const start = n.namedChildren.find((c) => c.type === 'heredoc_identifier');
        const ids = n.namedChildren.filter((c) => c.type === 'heredoc_identifier');
        const end = ids.length > 1 ? ids[ids.length - 1]! : undefined;
        const firstLine = this.text.indexOf('\n', start?.endIndex ?? n.startIndex) + 1;
        const contentEnd = end ? this.text.lastIndexOf('\n', end.startIndex - 1) + 1 : n.endIndex;
        return {
          kind: 'heredoc',
          content: { offset: firstLine, length: Math.max(0, contentEnd - firstLine) },
          indented: this.text.slice(n.startIndex, n.startIndex + 3) === '<<-',
          interpolated: n.namedChildren.some((c) => c.type === 'template_interpolation' || c.type === 'template_directive'),
          span,
        };
      }
      case 'numeric_lit':
        return { kind: 'number', value: Number(n.text), span };
      case 'bool_lit':
        return { kind: 'bool', value: n.text === 'true', span };
      case 'null_lit':
        return { kind: 'null', span };
      case 'tuple':
        return { kind: 'tuple', items: n.namedChildren.filter((c) => c.type === 'expression').map((c) => this.expr(c, depth + 1)), span };
      case 'object':
        return { kind: 'object', elems: n.namedChildren.filter((c) => c.type === 'object_elem').map((c) => this.elem(c, depth + 1)), span };
      case 'function_call': {
        const id = n.namedChildren.find((c) => c.type === 'identifier');
        const args = n.namedChildren.find((c) => c.type === 'function_arguments');
        return { kind: 'call', name: id?.text ?? '', args: (args?.namedChildren ?? []).filter((c) => c.type === 'expression').map((c) => this.expr(c, depth + 1)), span };
      }
      case 'variable_expr':
        return { kind: 'ref', text: n.text, span };
      default:
        return { kind: 'other', text: n.text, span };
    }
  }

  private elem(n: TsNode, depth: number): HclObjectElem {
    const [k, v] = n.namedChildren.filter((c) => c.type === 'expression');
    const key = k ? this.expr(k, depth) : undefined;
    const value = v ? this.expr(v, depth) : ({ kind: 'null', span: { offset: n.endIndex, length: 0 } } as HclExpr);
    const name = key?.kind === 'string' ? key.value : key?.kind === 'ref' ? key.text : key?.kind === 'other' || key?.kind === 'template' ? key.text : '';
    return { key: name, keySpan: key?.span ?? spanOf(n), quotedKey: key?.kind === 'string', value, span: spanOf(n) };
  }

  collectProblems(n: TsNode): void {
    const stack = [n];
    while (stack.length && this.problems.length < 1000) {
      const x = stack.pop()!;
      if (!x.hasError && !x.isMissing) continue;
      if (x.type === 'ERROR') {
        // The region tree-sitter could not read: underlined on its first line, where the trouble starts.
        const eol = this.text.indexOf('\n', x.startIndex);
        const stop = eol < 0 || eol > x.endIndex ? x.endIndex : eol;
        this.problems.push({ offset: x.startIndex, length: Math.max(0, stop - x.startIndex) });
        continue;
      }
      const opening = x.type === 'heredoc_template' ? unclosedHeredoc(x) : undefined;
      if (opening) {
        // The heredoc read the rest of the file as its text: what else is missing there follows from that.
        this.problems.push({ offset: opening.offset, length: opening.length, heredoc: opening });
        return;
      }
      if (x.isMissing) {
        this.problems.push({ offset: x.startIndex, length: 0, missing: MISSING_NAMES[x.type] ?? x.type });
        continue;
      }
      for (let i = x.children.length - 1; i >= 0; i--) stack.push(x.children[i]!);
    }
  }
}

/** A heredoc whose closing marker is missing: its `<<EOF` (or `<<-EOF`) and the marker. */
function unclosedHeredoc(template: TsNode): { offset: number; length: number; marker: string } | undefined {
  if (!template.children.some((c) => c.type === 'heredoc_identifier' && c.isMissing)) return undefined;
  const start = template.children.find((c) => c.type === 'heredoc_start');
  const marker = template.children.find((c) => c.type === 'heredoc_identifier' && !c.isMissing);
  if (!start || !marker) return undefined;
  return { offset: start.startIndex, length: marker.endIndex - start.startIndex, marker: marker.text };
}

/** Reads Terraform text; the grammar must be loaded (`initHcl`). */
export function parseHclSyntax(text: string): ParsedHclSyntax {
  if (!parser) return { body: { attributes: [], blocks: [] }, problems: [], notReady: true };
  const tree = parser.parse(text);
  if (!tree) return { body: { attributes: [], blocks: [] }, problems: [{ offset: 0, length: 0 }] };
  try {
    const reader = new Reader(text);
    const root = tree.rootNode;
    if (root.hasError) reader.collectProblems(root);
    const body = reader.body(root.namedChildren.find((c) => c.type === 'body'), 0);
    return { body, problems: reader.problems.sort((a, b) => a.offset - b.offset) };
  } catch (e) {
    if (e instanceof TooDeep || e instanceof RangeError) return { body: { attributes: [], blocks: [] }, problems: [], tooDeep: { offset: e instanceof TooDeep ? e.offset : 0 } };
    throw e;
  } finally {
    tree.delete();
  }
}

// The HCL front end's second half: the policies of a Terraform file as the node tree the rules read. IAM hides
// in three shapes there, and each becomes the same tree with offsets into the .tf text:
// - `data "aws_iam_policy_document"` blocks: `statement` blocks become statements (`actions` → Action,
//   `principals { type identifiers }` → Principal, `condition { test variable values }` → Condition …);
// - `jsonencode({...})`: HCL object syntax, read as the JSON it encodes;
// - heredoc JSON (`<<EOF`, `<<-EOF`): read with the JSON front end, its offsets moved to the heredoc's place.
// An interpolation or a reference (`${var.x}`, `aws_iam_role.x.arn`) is a known-unknown value: a string of
// its text in `${…}`, which no rule reports on its own. Every node made here records which shape it came from,
// for the HCL writer.
import type { JsonNode, ParsedJson } from '../json';
import { parseJson } from '../json';
import type { PolicyKind, Span } from '../types';
import { parseHclSyntax, type HclAttribute, type HclBlock, type HclBody, type HclExpr, type HclProblem } from './hcl';

type Mutable = { -readonly [K in keyof JsonNode]: JsonNode[K] };

/** Which of the three shapes a node belongs to, and the HCL it was made from. */
export type HclMeta =
  | { shape: 'data'; role: 'document'; block: HclBlock }
  | { shape: 'data'; role: 'statements'; block: HclBlock }
  | { shape: 'data'; role: 'statement'; block: HclBlock }
  | { shape: 'data'; role: 'principals'; blocks: HclBlock[]; statement: HclBlock; element: 'principals' | 'not_principals' }
  | { shape: 'data'; role: 'conditions'; statement: HclBlock }
  | { shape: 'data'; role: 'condition-test'; blocks: HclBlock[]; statement: HclBlock; test: string }
  /** One `condition` block: a key of an operator's object. */
  | { shape: 'data'; role: 'condition-entry'; block: HclBlock; values: HclAttribute }
  | { shape: 'data'; role: 'value'; attribute?: HclAttribute; synthetic?: true }
  | { shape: 'jsonencode' }
  | { shape: 'json' }
  | { shape: 'body' };

export interface TfResource {
  /** `aws_iam_role.deployer`, `data.aws_iam_policy_document.assume`. */
  address: string;
  mode: 'resource' | 'data';
  type: string;
  name: string;
  block: HclBlock;
  /** The block's body as a node tree (attributes, nested blocks as lists of objects). */
  node: JsonNode;
}

export interface TfDocument {
  root: JsonNode;
  /** The kind where the place says it (`assume_role_policy` → trust, `policy` of an IAM policy → identity). */
  kind: PolicyKind | undefined;
  shape: 'data' | 'jsonencode' | 'json';
  owner: TfResource;
  /** `aws_iam_role.deployer.assume_role_policy`. */
  location: string;
  /** Where findings about a missing element go. */
  anchor: Span;
}

export interface TerraformModel {
  resources: Map<string, TfResource>;
  documents: TfDocument[];
  /** `module "x" { source = "./y" }` calls with a local source. */
  modules: { name: string; source: string; span: Span }[];
  /** The file's top-level blocks (module calls, outputs), for what links files together. */
  blocks: HclBlock[];
  meta: WeakMap<JsonNode, HclMeta>;
}

export interface ParsedHcl extends ParsedJson {
  hclProblems: HclProblem[];
  terraform: TerraformModel;
  notReady?: true;
}

/** Attributes that hold a policy, by resource type, and the kind they imply. */
export const POLICY_ATTRIBUTES: Record<string, Record<string, PolicyKind | undefined>> = {
  aws_iam_role: { assume_role_policy: 'trust' },
  aws_iam_policy: { policy: 'identity' },
  aws_iam_role_policy: { policy: 'identity' },
  aws_iam_user_policy: { policy: 'identity' },
  aws_iam_group_policy: { policy: 'identity' },
  aws_ssoadmin_permission_set_inline_policy: { inline_policy: 'identity' },
};
/** Attributes of any other resource that hold a resource policy. */
export const RESOURCE_POLICY_ATTRIBUTES = new Set(['policy', 'access_policies', 'key_policy']);

class Builder {
  readonly meta = new WeakMap<JsonNode, HclMeta>();
  /** The first heredoc whose JSON is nested past the JSON front end's limit (the file is not analysed). */
  tooDeep: { depth: number; offset: number } | undefined;
  constructor(private readonly text: string) {}

  private node(type: JsonNode['type'], span: Span, parent: Mutable | undefined, meta?: HclMeta): Mutable {
    const n: Mutable = { type, offset: span.offset, length: span.length };
    if (parent) n.parent = parent;
    if (meta) this.meta.set(n, meta);
    return n;
  }

  private prop(key: string, keySpan: Span, span: Span, parent: Mutable, value: (p: Mutable) => Mutable, meta?: HclMeta): Mutable {
    const p = this.node('property', span, parent, meta);
    const k = this.node('string', keySpan, p, meta);
    k.value = key;
    p.children = [k, value(p)];
    return p;
  }

  /** An HCL expression as a node; `meta` is recorded on every node made (the shape a writer needs). */
  expr(e: HclExpr, parent: Mutable | undefined, meta: HclMeta): Mutable {
    switch (e.kind) {
      case 'string': {
        const n = this.node('string', e.span, parent, meta);
        n.value = e.value;
        return n;
      }
      case 'number': {
        const n = this.node('number', e.span, parent, meta);
        n.value = e.value;
        return n;
      }
      case 'bool': {
        const n = this.node('boolean', e.span, parent, meta);
        n.value = e.value;
        return n;
      }
      case 'null':
        return this.node('null', e.span, parent, meta);
      case 'tuple': {
        const n = this.node('array', e.span, parent, meta);
        n.children = e.items.map((i) => this.expr(i, n, meta));
        return n;
      }
      case 'object': {
        const n = this.node('object', e.span, parent, meta);
        n.children = e.elems.map((el) => this.prop(el.key, el.keySpan, el.span, n, (p) => this.expr(el.value, p, meta), meta));
        return n;
      }
      case 'call': {
        // jsonencode(x) is x; any other function's result is not known here, and may be null or empty.
        if (e.name === 'jsonencode' && e.args.length === 1) return this.expr(e.args[0]!, parent, meta);
        const n = this.unknown(e.span, this.text.slice(e.span.offset, e.span.offset + e.span.length), parent, meta);
        (n as { unknown?: boolean }).unknown = true;
        return n;
      }
      case 'template':
        return this.unknown(e.span, e.text, parent, meta, true);
      case 'ref':
        return this.unknown(e.span, e.text, parent, meta);
      case 'heredoc': {
        const n = this.node('string', e.span, parent, meta);
        n.value = this.text.slice(e.content.offset, e.content.offset + e.content.length);
        return n;
      }
      default:
        return this.unknown(e.span, e.text, parent, meta);
    }
  }

  /**
   * A value known only at plan time: its text as a `${…}` string, which rules read as a variable (an ARN with
   * `${var.account}` in it) and never report on its own. A reference names something that is there; a function
   * call or a `dynamic` block's content may give nothing at all, so those are marked unknown (possibly absent).
   */
  private unknown(span: Span, text: string, parent: Mutable | undefined, meta: HclMeta, template = false): Mutable {
    const n = this.node('string', span, parent, meta);
    n.value = template ? text : `\${${text}}`;
    if (this.dynamic > 0) (n as { unknown?: boolean }).unknown = true;
    return n;
  }

  /** Inside a `dynamic` block's content: every value there is the iterator's. */
  private dynamic = 0;

  /** A block body: attributes, and nested blocks as a list of objects per block type. */
  body(b: HclBody, span: Span, parent: Mutable | undefined): Mutable {
    const obj = this.node('object', span, parent, { shape: 'body' });
    const members: [number, Mutable][] = [];
    for (const a of b.attributes) members.push([a.span.offset, this.prop(a.name, a.nameSpan, a.span, obj, (p) => this.expr(a.value, p, { shape: 'body' }), { shape: 'body' })]);
    const byType = new Map<string, HclBlock[]>();
    for (const blk of b.blocks) byType.set(blk.type, [...(byType.get(blk.type) ?? []), blk]);
    for (const [type, blocks] of byType) {
      const first = blocks[0]!;
      const last = blocks[blocks.length - 1]!;
      const span: Span = { offset: first.span.offset, length: last.span.offset + last.span.length - first.span.offset };
      members.push([first.span.offset, this.prop(type, first.typeSpan, span, obj, (p) => {
        const arr = this.node('array', span, p, { shape: 'body' });
        arr.children = blocks.map((blk) => this.body(blk.body, blk.span, arr));
        return arr;
      }, { shape: 'body' })]);
    }
    obj.children = members.sort((x, y) => x[0] - y[0]).map(([, m]) => m);
    return obj;
  }

  /** An `aws_iam_policy_document` block as a policy. */
  dataDocument(block: HclBlock): Mutable {
    const root = this.node('object', block.span, undefined, { shape: 'data', role: 'document', block });
    const members: Mutable[] = [];
    const attr = (b: HclBody, name: string) => b.attributes.find((a) => a.name === name);
    const version = attr(block.body, 'version');
    const value = (a: HclAttribute, p: Mutable) => this.expr(a.value, p, { shape: 'data', role: 'value', attribute: a });
    // The data source writes Version 2012-10-17 unless told otherwise.
    if (version) members.push(this.prop('Version', version.nameSpan, version.span, root, (p) => value(version, p), { shape: 'data', role: 'value', attribute: version }));
    else members.push(this.synthetic('Version', '2012-10-17', block.typeSpan, root));
    const statements = blocksOf(block.body, 'statement');
    if (statements.length) {
      const first = statements[0]!;
      const last = statements[statements.length - 1]!;
      const span: Span = { offset: first.span.offset, length: last.span.offset + last.span.length - first.span.offset };
      members.push(this.prop('Statement', first.typeSpan, span, root, (p) => {
        const arr = this.node('array', span, p, { shape: 'data', role: 'statements', block });
        arr.children = statements.map((s) => this.statement(s, arr));
        return arr;
      }, { shape: 'data', role: 'statements', block }));
    }
    root.children = members;
    return root;
  }

  private synthetic(key: string, v: string, at: Span, parent: Mutable): Mutable {
    const span = { offset: at.offset, length: 0 };
    return this.prop(key, span, span, parent, (p) => {
      const n = this.node('string', span, p, { shape: 'data', role: 'value', synthetic: true });
      n.value = v;
      return n;
    }, { shape: 'data', role: 'value', synthetic: true });
  }

  private statement(s: HclBlock, parent: Mutable): Mutable {
    if (DYNAMIC.has(s)) this.dynamic++;
    try {
      return this.statementOf(s, parent);
    } finally {
      if (DYNAMIC.has(s)) this.dynamic--;
    }
  }

  private statementOf(s: HclBlock, parent: Mutable): Mutable {
    const obj = this.node('object', s.span, parent, { shape: 'data', role: 'statement', block: s });
    const members: [number, Mutable][] = [];
    const names: Record<string, string> = { sid: 'Sid', effect: 'Effect', actions: 'Action', not_actions: 'NotAction', resources: 'Resource', not_resources: 'NotResource' };
    for (const a of s.body.attributes) {
      const key = names[a.name];
      if (!key) continue;
      members.push([a.span.offset, this.prop(key, a.nameSpan, a.span, obj, (p) => this.expr(a.value, p, { shape: 'data', role: 'value', attribute: a }), { shape: 'data', role: 'value', attribute: a })]);
    }
    // The data source's default Effect is Allow.
    if (!s.body.attributes.some((a) => a.name === 'effect')) members.push([s.typeSpan.offset, this.synthetic('Effect', 'Allow', s.typeSpan, obj)]);
    for (const element of ['principals', 'not_principals'] as const) {
      const blocks = blocksOf(s.body, element);
      if (!blocks.length) continue;
      const prop = this.principals(element, blocks, s, obj);
      // Principals a `dynamic` block writes may not be there at all: the element is not known.
      if (blocks.some((b) => DYNAMIC.has(b))) (prop.children![1] as { unknown?: boolean }).unknown = true;
      members.push([blocks[0]!.span.offset, prop]);
    }
    // Conditions a `dynamic` block writes, or whose operator or key is not written out, are not known.
    const known = (b: HclBlock) => !DYNAMIC.has(b) && ['test', 'variable'].every((n) => b.body.attributes.find((a) => a.name === n)?.value.kind === 'string');
    const conditions = blocksOf(s.body, 'condition').filter(known);
    if (conditions.length) members.push([conditions[0]!.span.offset, this.conditions(conditions, s, obj)]);
    obj.children = members.sort((x, y) => x[0] - y[0]).map(([, m]) => m);
    return obj;
  }

  private principals(element: 'principals' | 'not_principals', blocks: HclBlock[], statement: HclBlock, parent: Mutable): Mutable {
    const span = spanOver(blocks);
    const meta: HclMeta = { shape: 'data', role: 'principals', blocks, statement, element };
    return this.prop(element === 'principals' ? 'Principal' : 'NotPrincipal', blocks[0]!.typeSpan, span, parent, (p) => {
      const obj = this.node('object', span, p, meta);
      const byType = new Map<string, { type: HclAttribute; ids: HclAttribute[] }>();
      for (const b of blocks) {
        const type = b.body.attributes.find((a) => a.name === 'type');
        const ids = b.body.attributes.find((a) => a.name === 'identifiers');
        if (!type || !ids) continue;
        const name = type.value.kind === 'string' ? type.value.value : `\${${this.text.slice(type.value.span.offset, type.value.span.offset + type.value.span.length)}}`;
        const entry = byType.get(name) ?? { type, ids: [] };
        entry.ids.push(ids);
        byType.set(name, entry);
      }
      // `type = "*"` with `identifiers = ["*"]` is how the data source writes `"Principal": "*"`.
      const star = byType.get('*');
      if (star && byType.size === 1) {
        const ids = star.ids[0]!.value;
        const n = this.node('string', ids.kind === 'tuple' && ids.items[0] ? ids.items[0].span : ids.span, p, { shape: 'data', role: 'value', attribute: star.ids[0]! });
        n.value = '*';
        return n;
      }
      obj.children = [...byType].map(([name, e]) =>
        this.prop(name, e.type.value.span, { offset: e.type.span.offset, length: e.ids[e.ids.length - 1]!.span.offset + e.ids[e.ids.length - 1]!.span.length - e.type.span.offset }, obj, (pp) => {
          if (e.ids.length === 1) return this.expr(e.ids[0]!.value, pp, { shape: 'data', role: 'value', attribute: e.ids[0]! });
          // The same type in several blocks: one list of all their identifiers.
          const arr = this.node('array', e.ids[0]!.value.span, pp, { shape: 'data', role: 'value', attribute: e.ids[0]! });
          arr.children = e.ids.flatMap((a) => (a.value.kind === 'tuple' ? a.value.items : [a.value]).map((i) => this.expr(i, arr, { shape: 'data', role: 'value', attribute: a })));
          return arr;
        }, { shape: 'data', role: 'value', attribute: e.type }),
      );
      return obj;
    }, meta);
  }

  private conditions(blocks: HclBlock[], statement: HclBlock, parent: Mutable): Mutable {
    const span = spanOver(blocks);
    const meta: HclMeta = { shape: 'data', role: 'conditions', statement };
    return this.prop('Condition', blocks[0]!.typeSpan, span, parent, (p) => {
      const obj = this.node('object', span, p, meta);
      const byTest = new Map<string, { test: HclAttribute; blocks: HclBlock[] }>();
      for (const b of blocks) {
        const test = b.body.attributes.find((a) => a.name === 'test');
        if (!test) continue;
        const name = test.value.kind === 'string' ? test.value.value : `\${${this.text.slice(test.value.span.offset, test.value.span.offset + test.value.span.length)}}`;
        const entry = byTest.get(name) ?? { test, blocks: [] };
        entry.blocks.push(b);
        byTest.set(name, entry);
      }
      obj.children = [...byTest].map(([name, e]) => {
        const testMeta: HclMeta = { shape: 'data', role: 'condition-test', blocks: e.blocks, statement, test: name };
        return this.prop(name, e.test.value.span, spanOver(e.blocks), obj, (pp) => {
          const keys = this.node('object', spanOver(e.blocks), pp, testMeta);
          keys.children = e.blocks.flatMap((b) => {
            const variable = b.body.attributes.find((a) => a.name === 'variable');
            const values = b.body.attributes.find((a) => a.name === 'values');
            if (!variable || !values) return [];
            const key = variable.value.kind === 'string' ? variable.value.value : `\${${this.text.slice(variable.value.span.offset, variable.value.span.offset + variable.value.span.length)}}`;
            return [this.prop(key, variable.value.span, b.span, keys, (v) => this.expr(values.value, v, { shape: 'data', role: 'value', attribute: values }), { shape: 'data', role: 'condition-entry', block: b, values })];
          });
          return keys;
        }, testMeta);
      });
      return obj;
    }, meta);
  }

  /** Heredoc JSON: the JSON front end's tree, moved to where the heredoc's content is. */
  heredocJson(start: number, content: string): Mutable | undefined {
    const parsed = parseJson(content);
    if (parsed.tooDeep) this.tooDeep ??= { depth: parsed.tooDeep.depth, offset: parsed.tooDeep.offset + start };
    if (!parsed.root || parsed.errors.length) return undefined;
    const move = (n: Mutable, parent: Mutable | undefined): Mutable => {
      const m: Mutable = { type: n.type, offset: n.offset + start, length: n.length };
      // `$${` and `%%{` in a heredoc are the literal `${` and `%{` (a policy variable written `$${aws:username}`).
      if (n.value !== undefined) m.value = typeof n.value === 'string' ? n.value.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{') : (n.value as unknown);
      if (n.colonOffset !== undefined) m.colonOffset = n.colonOffset + start;
      if (parent) m.parent = parent;
      this.meta.set(m, { shape: 'json' });
      if (n.children) m.children = n.children.map((c) => move(c as Mutable, m));
      return m;
    };
    return move(parsed.root, undefined);
  }
}

/**
 * The blocks of a type in a body, `dynamic "TYPE" { content { … } }` included: each is read as the block its
 * content writes (its iterator's values, `statement.value.x`, are known-unknown).
 */
function blocksOf(body: HclBody, type: string): HclBlock[] {
  return body.blocks.flatMap((b) => {
    if (b.type === type) return [b];
    if (b.type === 'dynamic' && b.labels[0]?.value === type) return b.body.blocks.filter((c) => c.type === 'content').map((c) => (DYNAMIC.add(c), c));
    return [];
  });
}

/** Content blocks of `dynamic` blocks: there may be none of them when the policy is deployed. */
const DYNAMIC = new WeakSet<HclBlock>();

function spanOver(blocks: readonly HclBlock[]): Span {
  const first = blocks[0]!;
  const last = blocks[blocks.length - 1]!;
  return { offset: first.span.offset, length: last.span.offset + last.span.length - first.span.offset };
}

/**
 * The policy-document data sources an expression uses: `data.aws_iam_policy_document.x.json`, with an index
 * (`[0]`) or inside a function (`try(…, "")`).
 */
export function dataDocumentsIn(expression: string): string[] {
  return [...expression.matchAll(/\bdata\.aws_iam_policy_document\.([A-Za-z0-9_-]+)(?:\[[^\]]*\])?\.json\b/g)].map((m) => `data.aws_iam_policy_document.${m[1]}`);
}

/** The policy an attribute holds, in whichever shape, as a node tree. */
function policyOf(b: Builder, text: string, value: HclExpr): { root: Mutable; shape: TfDocument['shape'] } | undefined {
  if (value.kind === 'call' && value.name === 'jsonencode' && value.args[0]?.kind === 'object') return { root: b.expr(value.args[0], undefined, { shape: 'jsonencode' }), shape: 'jsonencode' };
  if (value.kind === 'heredoc' && !value.interpolated) {
    const root = b.heredocJson(value.content.offset, text.slice(value.content.offset, value.content.offset + value.content.length));
    return root?.type === 'object' ? { root, shape: 'json' } : undefined;
  }
  if (value.kind === 'heredoc') {
    // Interpolations inside strings (`"${aws_s3_bucket.b.arn}/*"`) leave the JSON valid: read it as it is.
    const root = b.heredocJson(value.content.offset, text.slice(value.content.offset, value.content.offset + value.content.length));
    return root?.type === 'object' ? { root, shape: 'json' } : undefined;
  }
  return undefined;
}

/** Reads a Terraform file: its resources and data sources, and every policy in it. */
export function parseTerraform(text: string): ParsedHcl {
  const syntax = parseHclSyntax(text);
  const b = new Builder(text);
  const model: TerraformModel = { resources: new Map(), documents: [], modules: [], blocks: syntax.body.blocks, meta: b.meta };
  const errors = syntax.problems.map((p) => ({ error: 0, offset: p.offset, length: p.length, startLine: 0, startCharacter: 0 }));
  const out: ParsedHcl = { text, root: undefined, errors, errorCount: errors.length, hclProblems: syntax.problems, terraform: model };
  if (syntax.notReady) out.notReady = true;
  if (syntax.tooDeep) {
    out.tooDeep = { depth: 513, offset: syntax.tooDeep.offset };
    return out;
  }
  const dataDocs = new Map<string, TfDocument>();
  for (const block of syntax.body.blocks) {
    if ((block.type === 'resource' || block.type === 'data') && block.labels.length === 2) {
      const [type, name] = [block.labels[0]!.value, block.labels[1]!.value];
      const address = block.type === 'data' ? `data.${type}.${name}` : `${type}.${name}`;
      const r: TfResource = { address, mode: block.type, type, name, block, node: b.body(block.body, block.span, undefined) };
      model.resources.set(address, r);
      if (block.type === 'data' && type === 'aws_iam_policy_document') {
        // A document made from others (source or override documents) with no statement of its own is theirs.
        const merged = block.body.attributes.some((a) => a.name === 'source_policy_documents' || a.name === 'override_policy_documents' || a.name === 'source_json' || a.name === 'override_json');
        if (merged && blocksOf(block.body, 'statement').length === 0) continue;
        const doc: TfDocument = { root: b.dataDocument(block), kind: undefined, shape: 'data', owner: r, location: address, anchor: block.labels[1]!.span };
        dataDocs.set(address, doc);
        model.documents.push(doc);
        continue;
      }
      if (block.type !== 'resource') continue;
      const known = POLICY_ATTRIBUTES[type];
      const add = (a: HclAttribute, kind: PolicyKind | undefined, location: string) => {
        const found = policyOf(b, text, a.value);
        if (found) model.documents.push({ root: found.root, kind, shape: found.shape, owner: r, location, anchor: a.nameSpan });
      };
      for (const a of block.body.attributes) {
        if (known && a.name in known) add(a, known[a.name], `${address}.${a.name}`);
        else if (!known && RESOURCE_POLICY_ATTRIBUTES.has(a.name)) add(a, undefined, `${address}.${a.name}`);
      }
      // aws_iam_role's inline_policy { policy = … } blocks.
      for (const inner of block.body.blocks) {
        if (type === 'aws_iam_role' && inner.type === 'inline_policy') {
          const p = inner.body.attributes.find((a) => a.name === 'policy');
          if (p) add(p, 'identity', `${address}.inline_policy.policy`);
        }
      }
    } else if (block.type === 'module' && block.labels.length === 1) {
      const source = block.body.attributes.find((a) => a.name === 'source');
      if (source?.value.kind === 'string' && /^\.\.?\//.test(source.value.value)) model.modules.push({ name: block.labels[0]!.value, source: source.value.value, span: block.span });
    }
  }
  // A data document's kind is what it is used as: `assume_role_policy = data.aws_iam_policy_document.x.json`.
  for (const r of model.resources.values()) {
    const kinds = POLICY_ATTRIBUTES[r.type];
    for (const a of r.block.body.attributes) {
      for (const address of dataDocumentsIn(text.slice(a.value.span.offset, a.value.span.offset + a.value.span.length))) {
        const doc = dataDocs.get(address);
        if (doc && !doc.kind) doc.kind = kinds?.[a.name] ?? (a.name === 'assume_role_policy' ? 'trust' : undefined);
      }
    }
  }
  // The file's root: an object holding every policy, so any offset finds its document.
  const root: Mutable = { type: 'object', offset: 0, length: text.length };
  root.children = model.documents
    .slice()
    .sort((x, y) => x.root.offset - y.root.offset)
    .map((d) => {
      const p: Mutable = { type: 'property', offset: d.root.offset, length: d.root.length, parent: root };
      const k: Mutable = { type: 'string', value: d.location, offset: d.root.offset, length: 0, parent: p };
      (d.root as Mutable).parent = p;
      p.children = [k, d.root];
      return p;
    });
  out.root = root;
  if (b.tooDeep) out.tooDeep = b.tooDeep;
  return out;
}

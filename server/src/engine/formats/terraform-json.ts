// Terraform written as JSON, read by the JSON front end: `.tf.json` files (Terraform's JSON syntax) and plans
// (`terraform show -json`). This module finds the IAM in them and gives it the node tree the rules read:
// - a policy written as a JSON string (`"assume_role_policy": "{\"Version\": …}"`, a plan's `values.policy`):
//   the string's content is parsed as JSON and every node is moved to where its characters are in the file,
//   through the string's escapes (`\"`, `\n`, `\u003c`), so a finding underlines the exact characters;
// - (`.tf.json`) `data "aws_iam_policy_document"` written as a JSON object: its `statement` objects read as the
//   HCL front end reads the blocks (`actions` → Action, `principals` → Principal, `condition` → Condition).
// Resources keep their attribute objects, for roles and hand-offs (roles/facts.ts).
import type { JsonNode } from '../json';
import { isObject, keyOf, keyText, parseJson, properties, propValue, stringOf, valueOf } from '../json';
import type { PolicyKind, Span } from '../types';
import { dataDocumentsIn, POLICY_ATTRIBUTES, RESOURCE_POLICY_ATTRIBUTES } from './terraform';

type Mutable = { -readonly [K in keyof JsonNode]: JsonNode[K] };

export interface TfJsonResource {
  /** `aws_iam_role.app`; in a plan, the full address (`module.m.aws_iam_role.app[0]`). */
  address: string;
  mode: 'resource' | 'data';
  type: string;
  name: string;
  /** The attributes: a plan's `values`, a `.tf.json` block's object. */
  node: JsonNode;
  /** Where a role defined here is named in the file: the block's name key, a plan's `address` value. */
  anchor: JsonNode;
  /** The module instance's address and a dot (`module.m[0].`); empty at the root and in `.tf.json`. */
  module: string;
  /** A plan's configuration expressions of the resource (`expressions.role.references`). */
  expressions?: JsonNode;
}

export interface TfJsonDocument {
  root: JsonNode;
  kind: PolicyKind | undefined;
  owner: TfJsonResource;
  /** `aws_iam_role.app.assume_role_policy`. */
  location: string;
  /** The string (or object) that holds the policy. */
  anchor: Span;
}

export interface TfJsonModel {
  source: 'plan' | 'tf-json';
  resources: Map<string, TfJsonResource>;
  documents: TfJsonDocument[];
}

// ---- A JSON document inside a JSON string ------------------------------------------------------------

const ESCAPES: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/**
 * A JSON string node's value, with the offset in `text` of each of its UTF-16 code units (and, last, of the
 * closing quote): `offsets[i]` is where the escape or character that wrote unit `i` starts.
 */
export function decodeJsonString(text: string, node: JsonNode): { value: string; offsets: number[] } | undefined {
  if (node.type !== 'string' || text[node.offset] !== '"') return undefined;
  const end = node.offset + node.length - 1;
  const offsets: number[] = [];
  let value = '';
  for (let i = node.offset + 1; i < end; ) {
    offsets.push(i);
    const c = text[i]!;
    if (c !== '\\') {
      value += c;
      i++;
      continue;
    }
    const e = text[i + 1];
    if (e === 'u') {
      value += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
      i += 6;
    } else {
      value += e === undefined ? '' : (ESCAPES[e] ?? e);
      i += 2;
    }
  }
  offsets.push(end);
  return { value, offsets };
}

/**
 * The JSON document a string value holds, its nodes placed where their characters are in `text`; none when the
 * string is no JSON object. `template`: the string is a Terraform template (`.tf.json`), where `$${` and `%%{`
 * are the literal `${` and `%{`.
 */
export function embeddedJson(text: string, node: JsonNode, template: boolean): JsonNode | undefined {
  const decoded = decodeJsonString(text, node);
  if (!decoded || !/^\s*\{/.test(decoded.value)) return undefined;
  const parsed = parseJson(decoded.value);
  if (!parsed.root || parsed.errors.length || parsed.tooDeep) return undefined;
  const at = decoded.offsets;
  const move = (n: JsonNode, parent: Mutable | undefined): Mutable => {
    const start = at[n.offset]!;
    const m: Mutable = { type: n.type, offset: start, length: at[n.offset + n.length]! - start };
    if (n.value !== undefined) m.value = template && typeof n.value === 'string' ? n.value.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{') : (n.value as unknown);
    if (n.colonOffset !== undefined) m.colonOffset = at[n.colonOffset];
    if (parent) m.parent = parent;
    if (n.children) m.children = n.children.map((c) => move(c, m));
    return m;
  };
  return move(parsed.root, undefined);
}

// ---- Which JSON is Terraform ---------------------------------------------------------------------------

/** `terraform show -json` output: a plan (or a state): `format_version` with planned or current values. */
export function looksLikePlan(root: JsonNode | undefined): boolean {
  if (!isObject(root) || stringOf(propValue(root, 'format_version')) === undefined) return false;
  return ['planned_values', 'resource_changes', 'values', 'prior_state'].some((k) => isObject(propValue(root, k)) || propValue(root, k)?.type === 'array');
}

/** A `.tf.json` file: Terraform reads JSON configuration by that name only. */
export function isTfJsonName(fileName: string | undefined): boolean {
  return fileName !== undefined && /\.tf\.json$/i.test(fileName);
}

// ---- Plans -------------------------------------------------------------------------------------------

const items = (n: JsonNode | undefined): JsonNode[] => (n?.type === 'array' ? (n.children ?? []) : []);
const stripIndexes = (address: string) => address.replace(/\[(?:"(?:[^"\\]|\\.)*"|[^\]])*\]/g, '');

/** Configuration expressions by resource address without instance keys (`module.m.aws_lambda_function.f`). */
function configurationOf(root: JsonNode): Map<string, JsonNode> {
  const out = new Map<string, JsonNode>();
  const walk = (mod: JsonNode | undefined, prefix: string, depth: number) => {
    if (!isObject(mod) || depth > 32) return;
    for (const r of items(propValue(mod, 'resources'))) {
      const address = stringOf(propValue(r, 'address'));
      const expressions = propValue(r, 'expressions');
      if (address && isObject(expressions)) out.set(prefix + address, expressions);
    }
    for (const call of properties(propValue(mod, 'module_calls'))) walk(propValue(valueOf(call), 'module'), `${prefix}module.${keyText(call)}.`, depth + 1);
  };
  walk(propValue(propValue(root, 'configuration'), 'root_module'), '', 0);
  return out;
}

function planResources(root: JsonNode): Map<string, TfJsonResource> {
  const out = new Map<string, TfJsonResource>();
  const expressions = configurationOf(root);
  const add = (r: JsonNode, values: JsonNode | undefined, module: string, onlyData: boolean) => {
    const addressNode = propValue(r, 'address');
    const address = stringOf(addressNode);
    const type = stringOf(propValue(r, 'type'));
    const name = stringOf(propValue(r, 'name'));
    const mode = stringOf(propValue(r, 'mode')) === 'data' ? 'data' : 'resource';
    if (!address || !type || !name || !isObject(values) || out.has(address) || (onlyData && mode !== 'data')) return;
    const res: TfJsonResource = { address, mode, type, name, node: values, anchor: addressNode!, module };
    const config = expressions.get(stripIndexes(address));
    if (config) res.expressions = config;
    out.set(address, res);
  };
  const walk = (mod: JsonNode | undefined, onlyData: boolean, depth: number) => {
    if (!isObject(mod) || depth > 32) return;
    const own = stringOf(propValue(mod, 'address'));
    for (const r of items(propValue(mod, 'resources'))) add(r, propValue(r, 'values'), own ? `${own}.` : '', onlyData);
    for (const c of items(propValue(mod, 'child_modules'))) walk(c, onlyData, depth + 1);
  };
  // What the plan says will be; then the changes' `after` of what that leaves out; a state's values; and the
  // data sources read while planning (policy documents), which the prior state holds.
  walk(propValue(propValue(root, 'planned_values'), 'root_module'), false, 0);
  for (const rc of items(propValue(root, 'resource_changes'))) {
    const module = stringOf(propValue(rc, 'module_address'));
    add(rc, propValue(propValue(rc, 'change'), 'after'), module ? `${module}.` : '', false);
  }
  walk(propValue(propValue(root, 'values'), 'root_module'), false, 0);
  walk(propValue(propValue(propValue(root, 'prior_state'), 'values'), 'root_module'), true, 0);
  return out;
}

// ---- .tf.json ------------------------------------------------------------------------------------------

/** `{"TYPE": {"NAME": {…}}}`, in the object form or as lists of such objects. */
function tfJsonBlocks(section: JsonNode | undefined, each: (type: JsonNode, name: JsonNode, body: JsonNode) => void): void {
  const objects = (n: JsonNode | undefined) => (n?.type === 'array' ? items(n).filter(isObject) : isObject(n) ? [n] : []);
  for (const types of objects(section)) {
    for (const t of properties(types)) {
      for (const names of objects(valueOf(t))) {
        for (const n of properties(names)) for (const body of objects(valueOf(n))) each(keyOf(t), keyOf(n), body);
      }
    }
  }
}

function tfJsonResources(root: JsonNode): Map<string, TfJsonResource> {
  const out = new Map<string, TfJsonResource>();
  for (const mode of ['resource', 'data'] as const) {
    tfJsonBlocks(propValue(root, mode), (typeKey, nameKey, body) => {
      const type = String(typeKey.value);
      const name = String(nameKey.value);
      const address = mode === 'data' ? `data.${type}.${name}` : `${type}.${name}`;
      if (!out.has(address)) out.set(address, { address, mode, type, name, node: body, anchor: nameKey, module: '' });
    });
  }
  return out;
}

/** Copies a value node (for a document made of a data source's JSON object); `$${` read as `${`. */
function copy(n: JsonNode, parent: Mutable | undefined, depth = 0): Mutable {
  const m: Mutable = { type: n.type, offset: n.offset, length: n.length };
  if (n.value !== undefined) m.value = typeof n.value === 'string' ? n.value.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{') : (n.value as unknown);
  if (n.colonOffset !== undefined) m.colonOffset = n.colonOffset;
  if (parent) m.parent = parent;
  if (n.children && depth < 64) m.children = n.children.map((c) => copy(c, m, depth + 1));
  return m;
}

function prop(key: string, keySpan: Span, span: Span, parent: Mutable, value: (p: Mutable) => Mutable): Mutable {
  const p: Mutable = { type: 'property', offset: span.offset, length: span.length, parent };
  const k: Mutable = { type: 'string', value: key, offset: keySpan.offset, length: keySpan.length, parent: p };
  p.children = [k, value(p)];
  return p;
}

const spanOf = (n: JsonNode): Span => ({ offset: n.offset, length: n.length });

/** The blocks of one type in a `.tf.json` block body: an object, or a list of objects. */
function blocks(body: JsonNode, name: string): JsonNode[] {
  const v = propValue(body, name);
  return v?.type === 'array' ? items(v).filter(isObject) : isObject(v) ? [v] : [];
}

const ELEMENTS: Record<string, string> = { sid: 'Sid', effect: 'Effect', actions: 'Action', not_actions: 'NotAction', resources: 'Resource', not_resources: 'NotResource' };

/** A `data "aws_iam_policy_document"` written as JSON, as the policy it writes. */
function dataDocument(body: JsonNode): Mutable {
  const root: Mutable = { type: 'object', offset: body.offset, length: body.length };
  const members: Mutable[] = [];
  const version = properties(body).find((p) => keyText(p) === 'version');
  const synthetic = (parent: Mutable, key: string, value: string, at: JsonNode) =>
    prop(key, { offset: at.offset, length: 0 }, { offset: at.offset, length: 0 }, parent, (p) => ({ type: 'string', value, offset: at.offset, length: 0, parent: p }));
  members.push(version ? prop('Version', spanOf(keyOf(version)), spanOf(version), root, (p) => copy(valueOf(version)!, p)) : synthetic(root, 'Version', '2012-10-17', body));
  const statementProp = properties(body).find((p) => keyText(p) === 'statement');
  const statements = blocks(body, 'statement');
  if (statementProp && statements.length) {
    members.push(
      prop('Statement', spanOf(keyOf(statementProp)), spanOf(statementProp), root, (p) => {
        const arr: Mutable = { type: 'array', offset: valueOf(statementProp)!.offset, length: valueOf(statementProp)!.length, parent: p };
        arr.children = statements.map((s) => statement(s, arr));
        return arr;
      }),
    );
  }
  root.children = members;
  return root;
}

function statement(s: JsonNode, parent: Mutable): Mutable {
  const obj: Mutable = { type: 'object', offset: s.offset, length: s.length, parent };
  const members: Mutable[] = [];
  for (const p of properties(s)) {
    const key = ELEMENTS[keyText(p)];
    if (key && valueOf(p)) members.push(prop(key, spanOf(keyOf(p)), spanOf(p), obj, (pp) => copy(valueOf(p)!, pp)));
  }
  if (!properties(s).some((p) => keyText(p) === 'effect')) members.push(prop('Effect', { offset: s.offset, length: 0 }, { offset: s.offset, length: 0 }, obj, (pp) => ({ type: 'string', value: 'Allow', offset: s.offset, length: 0, parent: pp })));
  for (const [element, key] of [['principals', 'Principal'], ['not_principals', 'NotPrincipal']] as const) {
    const p = properties(s).find((x) => keyText(x) === element);
    const list = blocks(s, element);
    if (!p || list.length === 0) continue;
    members.push(
      prop(key, spanOf(keyOf(p)), spanOf(p), obj, (pp) => {
        const types = list.map((b) => ({ type: propValue(b, 'type'), ids: propValue(b, 'identifiers') })).filter((x) => x.type?.type === 'string' && x.ids);
        // `type = "*"` with `identifiers = ["*"]` is how the data source writes `"Principal": "*"`.
        if (types.length === 1 && types[0]!.type!.value === '*') return { ...copy(types[0]!.ids!.type === 'array' ? (types[0]!.ids!.children?.[0] ?? types[0]!.ids!) : types[0]!.ids!, pp), value: '*' };
        const o: Mutable = { type: 'object', offset: valueOf(p)!.offset, length: valueOf(p)!.length, parent: pp };
        const byType = new Map<string, JsonNode[]>();
        for (const t of types) byType.set(String(t.type!.value), [...(byType.get(String(t.type!.value)) ?? []), t.ids!]);
        o.children = [...byType].map(([type, ids]) => {
          const typeNode = types.find((t) => t.type!.value === type)!.type!;
          return prop(type, spanOf(typeNode), spanOf(typeNode), o, (v) => {
            if (ids.length === 1) return copy(ids[0]!, v);
            const arr: Mutable = { type: 'array', offset: ids[0]!.offset, length: ids[0]!.length, parent: v };
            arr.children = ids.flatMap((i) => (i.type === 'array' ? (i.children ?? []) : [i])).map((i) => copy(i, arr));
            return arr;
          });
        });
        return o;
      }),
    );
  }
  const conditionProp = properties(s).find((x) => keyText(x) === 'condition');
  const conditions = blocks(s, 'condition').filter((b) => propValue(b, 'test')?.type === 'string' && propValue(b, 'variable')?.type === 'string' && propValue(b, 'values'));
  if (conditionProp && conditions.length) {
    members.push(
      prop('Condition', spanOf(keyOf(conditionProp)), spanOf(conditionProp), obj, (pp) => {
        const o: Mutable = { type: 'object', offset: valueOf(conditionProp)!.offset, length: valueOf(conditionProp)!.length, parent: pp };
        const byTest = new Map<string, JsonNode[]>();
        for (const b of conditions) byTest.set(String(propValue(b, 'test')!.value), [...(byTest.get(String(propValue(b, 'test')!.value)) ?? []), b]);
        o.children = [...byTest].map(([test, list]) => {
          const testNode = propValue(list[0], 'test')!;
          return prop(test, spanOf(testNode), spanOf(list[0]!), o, (v) => {
            const keys: Mutable = { type: 'object', offset: list[0]!.offset, length: list[0]!.length, parent: v };
            keys.children = list.map((b) => {
              const variable = propValue(b, 'variable')!;
              return prop(String(variable.value), spanOf(variable), spanOf(b), keys, (vv) => copy(propValue(b, 'values')!, vv));
            });
            return keys;
          });
        });
        return o;
      }),
    );
  }
  obj.children = members.sort((a, b) => a.offset - b.offset);
  return obj;
}

// ---- The model -----------------------------------------------------------------------------------------

/** Reads the IAM of a plan or a `.tf.json` file; undefined for other JSON. */
export function readTerraformJson(text: string, root: JsonNode | undefined, fileName: string | undefined): TfJsonModel | undefined {
  if (!isObject(root)) return undefined;
  const plan = looksLikePlan(root);
  if (!plan && !isTfJsonName(fileName)) return undefined;
  const model: TfJsonModel = { source: plan ? 'plan' : 'tf-json', resources: plan ? planResources(root) : tfJsonResources(root), documents: [] };
  const seen = new Set<string>();
  const dataDocs = new Map<string, TfJsonDocument>();
  const fromString = (owner: TfJsonResource, node: JsonNode | undefined, kind: PolicyKind | undefined, location: string) => {
    if (node?.type !== 'string') return;
    const docRoot = embeddedJson(text, node, !plan);
    if (!docRoot) return;
    const doc: TfJsonDocument = { root: docRoot, kind, owner, location, anchor: spanOf(node) };
    model.documents.push(doc);
    seen.add(String(node.value));
  };
  for (const r of model.resources.values()) {
    if (r.mode === 'data') continue;
    const known = POLICY_ATTRIBUTES[r.type];
    for (const p of properties(r.node)) {
      const name = keyText(p);
      if (known ? name in known : RESOURCE_POLICY_ATTRIBUTES.has(name)) fromString(r, valueOf(p), known?.[name], `${r.address}.${name}`);
    }
    if (r.type === 'aws_iam_role') {
      blocks(r.node, 'inline_policy').forEach((b, i) => fromString(r, propValue(b, 'policy'), 'identity', `${r.address}.inline_policy[${i}].policy`));
    }
  }
  for (const r of model.resources.values()) {
    if (r.mode !== 'data' || r.type !== 'aws_iam_policy_document') continue;
    if (plan) {
      // The document's JSON, unless a resource holds the same text (reported there, with its place's kind).
      const json = propValue(r.node, 'json');
      if (json?.type === 'string' && !seen.has(String(json.value))) fromString(r, json, undefined, `${r.address}.json`);
      continue;
    }
    const merged = properties(r.node).some((p) => /^(?:source|override)_(?:policy_documents|json)$/.test(keyText(p)));
    if (merged && blocks(r.node, 'statement').length === 0) continue;
    const doc: TfJsonDocument = { root: dataDocument(r.node), kind: undefined, owner: r, location: r.address, anchor: spanOf(r.anchor) };
    dataDocs.set(r.address, doc);
    model.documents.push(doc);
  }
  // `.tf.json`: a data document's kind is what it is used as (`"assume_role_policy": "${data.….json}"`).
  if (!plan) {
    for (const r of model.resources.values()) {
      for (const p of properties(r.node)) {
        const v = valueOf(p);
        if (v?.type !== 'string') continue;
        for (const address of dataDocumentsIn(String(v.value))) {
          const doc = dataDocs.get(address);
          if (doc && !doc.kind) doc.kind = POLICY_ATTRIBUTES[r.type]?.[keyText(p)] ?? (keyText(p) === 'assume_role_policy' ? 'trust' : undefined);
        }
      }
    }
  }
  return model;
}

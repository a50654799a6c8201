// The three places of a role in one file: the roles defined here (with their trust policies), the hand-offs
// (a resource property that gives a role to a service) and the PassRole grants (who may hand a role over).
// Read once per analysis; the workspace index keeps a copy of the same facts without the tree (spans only).
import type { Analysis } from '../analyze';
import { actionMatches, ASSUME_ROLE } from '../iam/actions';
import { PASS_ROLE } from '../iam/actions';
import { liveGrants, type GateGrant } from '../iam/effective';
import { handoffsFor, parseHandoffPath, terraformHandoffsFor, valuesAtHandoffPath, type HandoffSpec } from '../iam/handoffs';
import { principalsOf } from '../iam/principal';
import { canonicalPrincipal } from '../iam/principals';
import { hasWildcard, wildcardMatch } from '../iam/wildcard';
import type { JsonNode } from '../json';
import { isObject, isUnknown, keyOf, keyText, prop, properties, propValue, stringOf, valueOf } from '../json';
import { resolveText, type CfnResource, type PolicyDocument, type Statement, type StatementElement, type ValueItem } from '../model';
import { findNodeAtLocation } from 'jsonc-parser';
import type { Span } from '../types';
import { nodeValue } from '../writer';
import { dataDocumentsIn } from '../formats/terraform';
import type { TfJsonResource } from '../formats/terraform-json';
import { roleRefOf, type RoleRef } from './refs';
import { trustFileOf } from './tf-modules';
import { memo, Slot } from '../util';

/** Who a trust policy lets assume the role, as far as services go. */
export interface TrustFacts {
  /** The trust policy (none for the role SAM creates for a function). */
  doc?: PolicyDocument;
  /** Service principals an Allow statement lets assume the role, as written. */
  services: { text: string; node?: JsonNode }[];
  /** An Allow statement with `"Principal": "*"`: every principal, services included. */
  everyone: boolean;
  /** Services an unconditional Deny takes away. */
  denied: string[];
  /** The other principals an Allow statement names (accounts, roles, identity providers), for display. */
  others?: string[];
  /**
   * An Allow statement that may let principals assume the role cannot be read whole: its principals, actions
   * or effect are known only at deploy time (a parameter, a Terraform variable, a `dynamic` block). Any service
   * may then be trusted, and no hand-off or grant is a mismatch.
   */
  unknown?: true;
}

export interface LocalRole {
  /** The logical id; for a trust-policy file, the role's name. */
  key: string;
  /** `plan`: an `aws_iam_role` of a Terraform plan (`terraform show -json`). */
  kind: 'cfn' | 'sam' | 'trust-file' | 'terraform' | 'plan';
  /** Its trust policy is text no fix edits (a plan's, or a policy inside a JSON string of a `.tf.json` file). */
  readOnly?: true;
  /** `RoleName` when written out (or, for a trust-policy file, its role's name). */
  name?: string;
  /** The logical id's key node (none for a whole file). */
  node?: JsonNode;
  span: Span;
  trust?: TrustFacts;
  /** A Terraform role whose `assume_role_policy` is a JSON file of its module (`file()`, `templatefile()`). */
  trustFile?: { file: string; template: boolean };
  /** In a trust-policy file: the Terraform role that reads it, as the workspace says (not the file's own fact). */
  heldFor?: true;
}

export interface LocalProfile {
  key: string;
  node: JsonNode;
  roles: { ref: RoleRef; node: JsonNode }[];
}

export interface LocalHandoff {
  resource: CfnResource;
  spec: HandoffSpec;
  /** The value that names the role (or instance profile). */
  node: JsonNode;
  ref: RoleRef;
  /** `MyFunction.Role`: where, for messages. */
  label: string;
}

export interface LocalGrant {
  doc: PolicyDocument;
  /** A grant no Deny of its document takes away (iam/effective.ts). */
  grant: GateGrant;
  /** The Resource value that names the role. */
  item: ValueItem;
  ref: RoleRef;
}

export interface LocalFacts {
  roles: Map<string, LocalRole>;
  /** The roles by the name they are written with (`RoleName`, a trust-policy file's role). */
  byName: Map<string, LocalRole>;
  profiles: Map<string, LocalProfile>;
  /** Resource types by logical id (to tell a Ref of a role from a Ref of a profile or a parameter). */
  types: Map<string, string>;
  handoffs: LocalHandoff[];
  grants: LocalGrant[];
  /** Export names and what their value names. */
  exports: Map<string, { ref: RoleRef; node: JsonNode }>;
}

/**
 * Whether a trust policy is a service-linked role's: the role's path is `/aws-service-role/` (a template's
 * `Path`, a file under such a folder as `aws iam` exports write them) or its name is `AWSServiceRoleFor…`. AWS
 * writes and owns these trust policies; nobody can add a condition to them.
 */
export function isServiceLinkedRoleTrust(analysis: Pick<Analysis, 'options'>, doc: PolicyDocument): boolean {
  if (doc.kind !== 'trust') return false;
  const { fileName, roleName } = analysis.options;
  const terraform = doc.cfn?.resource.type.startsWith('aws_') ?? false;
  if (doc.cfn && (!terraform || doc.cfn.resource.type === 'aws_iam_role')) {
    // A template's role (`Path`, `RoleName`), or a Terraform `aws_iam_role` (`path`, `name`).
    const props = doc.cfn.resource.properties;
    const path = terraform ? stringOf(propValue(props, 'path')) : resolveText(propValue(props, 'Path'));
    const name = stringOf(propValue(props, terraform ? 'name' : 'RoleName'));
    if ((path !== undefined && path.startsWith('/aws-service-role/')) || (name !== undefined && /^AWSServiceRoleFor/.test(name))) return true;
    if (!terraform) return false;
  }
  // A trust-policy file, or a Terraform file: the file's name or folder.
  const name = roleName ?? trustFileRoleName(fileName);
  return (name !== undefined && /^AWSServiceRoleFor/.test(name)) || (fileName !== undefined && /(^|[\\/])aws-service-role[\\/]/.test(fileName));
}

const SAM_IMPLICIT: Record<string, string> = { 'AWS::Serverless::Function': 'lambda.amazonaws.com', 'AWS::Serverless::StateMachine': 'states.amazonaws.com' };

/** The role a trust-policy file stands for, by its name: `ROLE.trust.json`, `ROLE-trust-policy.json`, `ROLE/trust-policy.json`, `ROLE/trust.json`. */
export function trustFileRoleName(fileName: string | undefined): string | undefined {
  if (!fileName) return undefined;
  const parts = fileName.split(/[\\/]/);
  const base = parts[parts.length - 1] ?? '';
  const m = /^(.+?)(?:\.trust|-trust-policy)\.(?:json|ya?ml)$/i.exec(base);
  if (m) return m[1];
  if (/^trust(?:-policy)?\.(?:json|ya?ml)$/i.test(base) && parts.length > 1) return parts[parts.length - 2] || undefined;
  return undefined;
}

function assumes(stmt: Statement): boolean {
  return (stmt.actions ?? []).some((a) => a.text !== undefined && actionMatches(a.text, ASSUME_ROLE)) || (stmt.notActions !== undefined && !stmt.notActions.some((a) => a.text !== undefined && actionMatches(a.text, ASSUME_ROLE)));
}

/** A value known only at deploy time: an unresolved intrinsic, a Terraform reference or interpolation. */
const uncertain = (item: ValueItem) => item.text === undefined || item.text.includes('${') || isUnknown(item.node);

/** An Allow statement that may let someone assume the role, but whose principals, actions or effect are not known. */
function uncertainTrust(stmt: Statement): boolean {
  const unknown = (e: StatementElement) => stmt.unknown?.has(e) === true;
  const maybeAllow = stmt.effect === 'Allow' || (stmt.effect === undefined && (unknown('Effect') || stmt.elements.has('Effect')));
  if (!maybeAllow) return false;
  const maybeAssumes = assumes(stmt) || unknown('Action') || unknown('NotAction') || [...(stmt.actions ?? []), ...(stmt.notActions ?? [])].some(uncertain);
  if (!maybeAssumes) return false;
  if (stmt.effect === undefined || (!assumes(stmt) && maybeAssumes)) return true;
  if (unknown('Principal') || isUnknown(stmt.principal) || (stmt.principal && stmt.principal.type !== 'object' && stmt.principal.type !== 'string')) return true;
  const set = principalsOf(stmt.principal);
  // An account, a role or an identity provider is never a service, whatever it turns out to be.
  return set.service.some(uncertain) || set.unknownTypes.some((p) => keyText(p).includes('${'));
}

/** The services a trust policy lets assume the role. */
export function trustFacts(doc: PolicyDocument): TrustFacts {
  return { doc, ...trustOf(doc.statements) };
}

/**
 * The same, but the document: they read nothing but its statements, so they are kept by statements (a caller
 * that keeps a document's statements across versions keeps them too). Never changed once made.
 */
const trustOf = memo((statements: readonly Statement[]): Omit<TrustFacts, 'doc'> => {
  const facts: Omit<TrustFacts, 'doc'> = { services: [], everyone: false, denied: [] };
  for (const stmt of statements) {
    if (uncertainTrust(stmt)) facts.unknown = true;
    if (!assumes(stmt)) continue;
    const set = principalsOf(stmt.principal);
    if (stmt.effect === 'Allow') {
      if (set.star) facts.everyone = true;
      for (const s of set.service) {
        if (s.text !== undefined) facts.services.push({ text: s.text, node: s.node });
        else facts.unknown = true;
      }
      if (set.unknownTypes.some((p) => /^Fn::|^Ref$/.test(keyText(p) ?? ''))) facts.unknown = true;
      for (const o of [...set.aws, ...set.federated]) (facts.others ??= []).push(o.text ?? '…');
    } else if (stmt.effect === 'Deny' && !stmt.condition) {
      for (const s of set.service) if (s.text !== undefined) facts.denied.push(s.text);
      if (set.star) facts.denied.push('*');
    }
  }
  return facts;
});

/**
 * Whether a trust policy lets one of `principals` assume the role: named (a Regional or China form counts),
 * matched by a wildcard, or everyone; and not taken away by a Deny.
 */
export function trustsAny(trust: Pick<TrustFacts, 'services' | 'everyone' | 'denied' | 'unknown'>, principals: readonly string[]): boolean {
  return principals.some((p) => {
    const want = canonicalPrincipal(p);
    if (trust.denied.some((d) => d === '*' || wildcardMatch(canonicalPrincipal(d), want, true))) return false;
    if (trust.everyone || trust.unknown) return true;
    return trust.services.some((s) => (hasWildcard(s.text) ? wildcardMatch(canonicalPrincipal(s.text), want, true) : canonicalPrincipal(s.text) === want));
  });
}

/** The principals a hand-off needs trusted: its own, the Regional forms it may be written in, documented alternatives. */
export function handoffPrincipals(spec: HandoffSpec): string[] {
  return [...(spec.principals ?? []), ...(spec.alternatives ?? [])];
}

const cache = new Slot<Analysis, LocalFacts>('localFacts');

const firstKeys = new Map<string, string>();

/**
 * What a hand-off path reads of a resource's properties, as plain data: the property its path starts with (and,
 * for a path of one step, those its `when` names), not the whole properties. A managed policy's `Roles[]` need
 * not copy its policy document.
 */
function handoffData(props: JsonNode, path: string, when: Readonly<Record<string, string>> | undefined): Record<string, unknown> {
  let first = firstKeys.get(path);
  if (first === undefined) firstKeys.set(path, (first = parseHandoffPath(path)[0]!.name));
  const oneStep = !path.includes('.');
  const out: Record<string, unknown> = {};
  for (const p of props.children ?? []) {
    const [k, v] = p.children ?? [];
    if (!k) continue;
    const key = String(k.value);
    if (key === first || (oneStep && when !== undefined && Object.hasOwn(when, key))) out[key] = nodeValue(v, 1);
  }
  return out;
}

/** The roles, profiles, hand-offs, grants and exports of one analysed file. */
export function localFacts(analysis: Analysis): LocalFacts {
  const hit = cache.get(analysis);
  if (hit) return hit;
  const facts: LocalFacts = { roles: new Map(), byName: new Map(), profiles: new Map(), types: new Map(), handoffs: [], grants: [], exports: new Map() };
  cache.set(analysis, facts);
  const template = analysis.template;
  if (template) {
    const trustOf = new Map<CfnResource, PolicyDocument>();
    for (const d of analysis.documents) if (d.cfn && d.kind === 'trust' && !trustOf.has(d.cfn.resource)) trustOf.set(d.cfn.resource, d);
    for (const r of template.resources.values()) {
      facts.types.set(r.logicalId, r.type);
      const keyNode = r.node.parent?.type === 'property' ? keyOf(r.node.parent) : r.node;
      if (r.type === 'AWS::IAM::Role') {
        const doc = trustOf.get(r);
        const role: LocalRole = { key: r.logicalId, kind: 'cfn', node: keyNode, span: { offset: keyNode.offset, length: keyNode.length } };
        const name = stringOf(propValue(r.properties, 'RoleName'));
        if (name) role.name = name;
        if (doc) role.trust = trustFacts(doc);
        facts.roles.set(r.logicalId, role);
      } else if (SAM_IMPLICIT[r.type] && !prop(r.properties, 'Role')) {
        // The role SAM creates for the function: `<Id>Role`, trusted by the function's service.
        const key = `${r.logicalId}Role`;
        facts.roles.set(key, { key, kind: 'sam', node: keyNode, span: { offset: keyNode.offset, length: keyNode.length }, trust: { services: [{ text: SAM_IMPLICIT[r.type]! }], everyone: false, denied: [] } });
      } else if (r.type === 'AWS::IAM::InstanceProfile') {
        const roles = (propValue(r.properties, 'Roles')?.children ?? []).map((n) => ({ ref: roleRefOf(n), node: n }));
        facts.profiles.set(r.logicalId, { key: r.logicalId, node: keyNode, roles });
      }
    }
    for (const r of template.resources.values()) {
      const specs = handoffsFor(r.type);
      if (specs.length === 0 || !isObject(r.properties)) continue;
      for (const spec of specs) {
        if (spec.path.includes('@json')) continue;
        for (const found of valuesAtHandoffPath(handoffData(r.properties, spec.path, spec.when), spec.path, spec.when ? { when: spec.when } : {})) {
          const node = findNodeAtLocation(r.properties, found.location);
          if (!node) continue;
          facts.handoffs.push({ resource: r, spec, node, ref: roleRefOf(node), label: `${r.logicalId}.${found.location.map((s) => (typeof s === 'number' ? `[${s}]` : s)).join('.').replace(/\.\[/g, '[')}` });
        }
      }
    }
    for (const p of properties(propValue(template.root, 'Outputs'))) {
      const output = valueOf(p);
      const name = stringOf(propValue(propValue(output, 'Export'), 'Name'));
      const value = propValue(output, 'Value');
      if (name && value) facts.exports.set(name, { ref: roleRefOf(value), node: value });
    }
  } else if (analysis.terraform) {
    terraformFacts(analysis, facts);
  } else if (analysis.terraformJson) {
    terraformJsonFacts(analysis, facts);
  } else if (analysis.fileKind === 'trust' && analysis.documents.length === 1) {
    // A trust-policy file stands for the role its name (or the iamRoleLens.roles setting) says.
    // A Terraform role that reads this file as its assume_role_policy makes it that role's (and no other's).
    const doc = analysis.documents[0]!;
    const claimed = analysis.options.fileName ? analysis.options.workspace?.trustFileRoles?.(analysis.options.fileName) : undefined;
    for (const c of claimed ?? []) facts.roles.set(c.key, { key: c.key, kind: 'terraform', ...(c.name ? { name: c.name } : {}), span: doc.anchor, trust: trustFacts(doc), heldFor: true });
    const name = claimed?.length ? undefined : (analysis.options.roleName ?? trustFileRoleName(analysis.options.fileName));
    if (name) {
      facts.roles.set(name, { key: name, kind: 'trust-file', name, span: doc.anchor, trust: trustFacts(doc) });
    }
  }
  for (const role of facts.roles.values()) if (role.name && !facts.byName.has(role.name)) facts.byName.set(role.name, role);
  for (const doc of analysis.documents) {
    if (doc.kind !== 'identity') continue;
    for (const grant of liveGrants(doc, PASS_ROLE)) {
      for (const item of grant.stmt.resources ?? []) facts.grants.push({ doc, grant, item, ref: roleRefOf(item.node) });
    }
  }
  return facts;
}

/**
 * A Terraform file's roles (`aws_iam_role`, trusted by its `assume_role_policy`, written there or as a policy
 * document data source), instance profiles, and hand-offs (the arguments of the shipped Terraform table).
 */
function terraformFacts(analysis: Analysis, facts: LocalFacts): void {
  const tf = analysis.terraform!;
  const byLocation = new Map(analysis.documents.map((d) => [d.cfn?.location, d] as const));
  for (const r of tf.resources.values()) {
    facts.types.set(r.address, r.type);
    if (r.mode !== 'resource') continue;
    const attr = (name: string) => r.block.body.attributes.find((a) => a.name === name);
    const keyNode: JsonNode = { type: 'string', value: r.address, offset: r.block.labels[1]?.span.offset ?? r.block.span.offset, length: r.block.labels[1]?.span.length ?? 0 };
    if (r.type === 'aws_iam_role') {
      const role: LocalRole = { key: r.address, kind: 'terraform', node: keyNode, span: { offset: keyNode.offset, length: keyNode.length } };
      const name = attr('name');
      if (name?.value.kind === 'string') role.name = name.value.value;
      const assume = attr('assume_role_policy');
      const viaData = assume ? dataDocumentsIn(analysis.text.slice(assume.value.span.offset, assume.value.span.offset + assume.value.span.length))[0] : undefined;
      const doc = byLocation.get(`${r.address}.assume_role_policy`) ?? (viaData ? byLocation.get(viaData) : undefined);
      if (doc) role.trust = trustFacts(doc);
      const file = !doc && assume ? trustFileOf(assume.value, analysis.options.fileName) : undefined;
      if (file) role.trustFile = file;
      facts.roles.set(r.address, role);
    } else if (r.type === 'aws_iam_instance_profile') {
      const node = propValue(r.node, 'role');
      facts.profiles.set(r.address, { key: r.address, node: keyNode, roles: node ? [{ ref: roleRefOf(node), node }] : [] });
    }
    const specs = terraformHandoffsFor(r.type);
    if (specs.length === 0) continue;
    const data = nodeValue(r.node);
    for (const spec of specs) {
      if (spec.argument.includes('@json')) continue;
      for (const found of valuesAtHandoffPath(data, spec.argument, { terraform: true, ...(spec.when ? { when: spec.when } : {}) })) {
        const node = findNodeAtLocation(r.node, found.location);
        if (!node) continue;
        const resource: CfnResource = { logicalId: r.address, type: r.type, node: r.node, properties: r.node };
        facts.handoffs.push({ resource, spec: { ...spec, path: spec.argument, refs: [], origin: 'table' }, node, ref: roleRefOf(node), label: `${r.address}.${spec.argument.replace(/\[\]|\{\}/g, '')}` });
      }
    }
  }
}

/** The key of the Outputs entry a node belongs to (for messages). */
export function outputName(node: JsonNode): string | undefined {
  let n: JsonNode | undefined = node;
  while (n?.parent) {
    if (n.parent.type === 'property' && n.parent.parent?.parent?.type === 'property' && keyText(n.parent.parent.parent) === 'Outputs') return keyText(n.parent);
    n = n.parent;
  }
  return undefined;
}

/**
 * A `.tf.json` file's or a plan's roles, instance profiles and hand-offs. In a `.tf.json` file a reference is
 * written as a template (`"${aws_iam_role.app.arn}"`). In a plan, a value is known (a role's ARN or name,
 * joined with the roles of the plan by name) or left out until apply; then the configuration's expression
 * says what it refers to, and is followed when it names one role or instance profile of the plan and nothing
 * else (`aws_iam_role.app.arn`; not `var.create ? aws_iam_role.app[0].arn : var.arn`).
 */
function terraformJsonFacts(analysis: Analysis, facts: LocalFacts): void {
  const model = analysis.terraformJson!;
  const plan = model.source === 'plan';
  const byLocation = new Map(analysis.documents.map((d) => [d.cfn?.location, d] as const));
  const addresses = [...model.resources.keys()];
  /** The resource of the plan a configuration reference names, from a resource in module instance `module`. */
  const referenced = (module: string, reference: string): { id: string; attribute: string } | undefined => {
    const m = /^(aws_iam_role|aws_iam_instance_profile)\.([A-Za-z_][\w-]*)(\[[^\]]*\])?\.(arn|name|id)$/.exec(reference);
    if (!m) return undefined;
    const base = `${module}${m[1]}.${m[2]}`;
    const id = m[3] ? `${base}${m[3]}` : model.resources.has(base) ? base : (() => {
      const instances = addresses.filter((a) => a.startsWith(`${base}[`));
      return instances.length === 1 ? instances[0] : undefined;
    })();
    return id && model.resources.has(id) ? { id, attribute: m[4] === 'arn' ? 'Arn' : 'Ref' } : undefined;
  };
  /** The one resource an expression's references name (their shorter forms are the same resource). */
  const fromExpression = (r: TfJsonResource, expression: unknown): { ref: RoleRef; index: number } | undefined => {
    const refs = (expression as { references?: unknown })?.references;
    if (!Array.isArray(refs) || !refs.every((x) => typeof x === 'string')) return undefined;
    const list = refs;
    const full = list.map((x, index) => ({ index, found: referenced(r.module, x) })).filter((x) => x.found);
    if (full.length !== 1) return undefined;
    const id = full[0]!.found!.id.replace(/\[[^\]]*\]$/, '');
    const bare = id.slice(r.module.length);
    // Every other reference must be a shorter form of the same one: `aws_iam_role.app[0]`, `aws_iam_role.app`.
    if (!list.every((x, i) => i === full[0]!.index || x.replace(/\[[^\]]*\]/g, '') === bare)) return undefined;
    return { ref: { kind: 'local', id: full[0]!.found!.id, attribute: full[0]!.found!.attribute }, index: full[0]!.index };
  };
  for (const r of model.resources.values()) {
    facts.types.set(r.address, r.type);
    if (r.mode !== 'resource') continue;
    const keyNode = r.anchor;
    if (r.type === 'aws_iam_role') {
      const role: LocalRole = { key: r.address, kind: plan ? 'plan' : 'terraform', node: keyNode, span: { offset: keyNode.offset, length: keyNode.length }, readOnly: true };
      const name = stringOf(propValue(r.node, 'name'));
      if (name && !name.includes('${')) role.name = name;
      const assume = stringOf(propValue(r.node, 'assume_role_policy'));
      const viaData = assume && !plan ? dataDocumentsIn(assume)[0] : undefined;
      const doc = byLocation.get(`${r.address}.assume_role_policy`) ?? (viaData ? byLocation.get(viaData) : undefined);
      if (doc) role.trust = trustFacts(doc);
      facts.roles.set(r.address, role);
    } else if (r.type === 'aws_iam_instance_profile') {
      const node = propValue(r.node, 'role');
      const known = node && node.type !== 'null' ? { ref: plan ? { kind: 'name' as const, name: String(node.value) } : roleRefOf(node), node } : undefined;
      const configured = !known && plan ? expressionNode(r, 'role', fromExpression) : undefined;
      facts.profiles.set(r.address, { key: r.address, node: keyNode, roles: known ? [known] : configured ? [configured] : [] });
    }
    const specs = terraformHandoffsFor(r.type);
    if (specs.length === 0) continue;
    const data = nodeValue(r.node);
    for (const spec of specs) {
      if (spec.argument.includes('@json')) continue;
      const resource: CfnResource = { logicalId: r.address, type: r.type, node: r.node, properties: r.node };
      const add = (node: JsonNode, ref: RoleRef) => facts.handoffs.push({ resource, spec: { ...spec, path: spec.argument, refs: [], origin: 'table' }, node, ref, label: `${r.address}.${spec.argument.replace(/\[\]|\{\}/g, '')}` });
      const found = valuesAtHandoffPath(data, spec.argument, { terraform: true, ...(spec.when ? { when: spec.when } : {}) }).filter((f) => f.value !== null);
      for (const f of found) {
        const node = findNodeAtLocation(r.node, f.location);
        if (node) add(node, roleRefOf(node));
      }
      // A plan leaves out what is known only after apply: the configuration says what it refers to.
      if (found.length || !plan || !r.expressions) continue;
      for (const f of valuesAtHandoffPath(nodeValue(r.expressions), spec.argument, { terraform: true })) {
        const e = fromExpression(r, f.value);
        const node = e ? findNodeAtLocation(r.expressions, [...f.location, 'references', e.index]) : undefined;
        if (e && node) add(node, e.ref);
      }
    }
  }
}

/** An instance profile's `role` in a plan's configuration, when it names one role of the plan. */
function expressionNode(r: TfJsonResource, argument: string, fromExpression: (r: TfJsonResource, e: unknown) => { ref: RoleRef; index: number } | undefined): { ref: RoleRef; node: JsonNode } | undefined {
  const expression = r.expressions ? propValue(r.expressions, argument) : undefined;
  const e = expression ? fromExpression(r, nodeValue(expression)) : undefined;
  const node = e && expression ? findNodeAtLocation(expression, ['references', e.index]) : undefined;
  return e && node ? { ref: e.ref, node } : undefined;
}

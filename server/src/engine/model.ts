// The policy model: which policy documents a file holds (one at the root, or many embedded in a
// CloudFormation JSON template), and each statement's elements with their JSON nodes kept for ranges.
import type { JsonNode } from './json';
import { isObject, isUnknown, items, keyOf, keyText, prop, properties, propValue, stringOf, valueOf } from './json';
import type { PolicyKind } from './types';

export const ROOT_ELEMENTS = ['Version', 'Id', 'Statement'] as const;
export const STATEMENT_ELEMENTS = ['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition'] as const;
export type StatementElement = (typeof STATEMENT_ELEMENTS)[number];

/**
 * A value in an Action/Resource/Principal list. `text` is the string IAM will see, with CloudFormation
 * references written as `${Name}` / `${Name.Attr}` so ARNs stay readable; `ref` names the resource a
 * `Ref`/`Fn::GetAtt` points at.
 */
export interface ValueItem {
  node: JsonNode;
  text: string | undefined;
  ref?: { logicalId: string; attribute?: string; kind: 'Ref' | 'GetAtt' };
}

export interface CfnResource {
  logicalId: string;
  type: string;
  node: JsonNode;
  properties: JsonNode | undefined;
}

export interface TemplateModel {
  root: JsonNode;
  resources: Map<string, CfnResource>;
}

export interface CfnContext {
  resource: CfnResource;
  /** The property that holds the document (`AssumeRolePolicyDocument`, `PolicyDocument` …). */
  property: JsonNode;
  /** Human-readable location: `MyRole.Properties.Policies[0].PolicyDocument`. */
  location: string;
}

export type KindSource = 'forced' | 'context' | 'file-name' | 'content';

export interface PolicyDocument {
  root: JsonNode;
  kind: PolicyKind;
  kindSource: KindSource;
  /** Why this kind, in a few words (hover, status item). */
  cfn?: CfnContext;
  statementProp: JsonNode | undefined;
  statements: Statement[];
  /** Where findings about a missing root element go: the `{` of the root, or the CFN property key. */
  anchor: { offset: number; length: number };
  /**
   * Statements of the other policies its holder has (the same role's other policies, its managed policies,
   * a SAM function's policy templates): they count for combinations of actions, and are never reported on.
   */
  attached?: Statement[];
}

export interface Statement {
  node: JsonNode;
  index: number;
  /** Property nodes by canonical element name; keys that differ only in case are mapped too. */
  elements: Map<StatementElement, JsonNode>;
  effect: 'Allow' | 'Deny' | undefined;
  actions: ValueItem[] | undefined;
  notActions: ValueItem[] | undefined;
  resources: ValueItem[] | undefined;
  notResources: ValueItem[] | undefined;
  principal: JsonNode | undefined;
  notPrincipal: JsonNode | undefined;
  condition: JsonNode | undefined;
  /** The Statement value is a single object rather than an array. */
  single: boolean;
  /** Elements whose whole value is known only at deploy time (Terraform): read as absent, never reported as missing. */
  unknown?: Set<StatementElement>;
  /**
   * What the rules ask of the statement, found once and kept with it (iam/grants.ts, iam/conditions.ts): a
   * field of the statement rather than a WeakMap keyed by it, which costs the collector on every statement.
   */
  readonly facts: StatementFacts;
}

/** Answers about one statement, filled on first use. */
export interface StatementFacts {
  /** How Action/NotAction covers each action asked about (`null`: it does not). */
  grants?: Map<string, import('./iam/grants').ActionGrant | null>;
  /** The Condition block's entries. */
  conditions?: import('./iam/conditions').ConditionEntry[];
}

const INTRINSICS = new Set(['Ref', 'Fn::GetAtt', 'Fn::Sub', 'Fn::Join', 'Fn::If', 'Fn::ImportValue', 'Fn::Select', 'Fn::Split', 'Fn::FindInMap', 'Fn::Base64', 'Fn::GetAZs', 'Fn::Cidr', 'Fn::Transform', 'Fn::ToJsonString', 'Fn::Length']);

/** Whether a node is a CloudFormation intrinsic function call (`{"Ref": …}`, `{"Fn::Sub": …}`). */
export function isIntrinsic(n: JsonNode | undefined): boolean {
  const ps = properties(n);
  return ps.length === 1 && INTRINSICS.has(keyText(ps[0]!));
}

/** The string a value will have at deploy time, as far as it can be known. */
export function resolveText(n: JsonNode | undefined, depth = 0): string | undefined {
  if (!n || depth > 8) return undefined;
  if (n.type === 'string') return n.value as string;
  if (!isIntrinsic(n)) return undefined;
  const p = properties(n)[0]!;
  const fn = keyText(p);
  const arg = valueOf(p);
  switch (fn) {
    case 'Ref': {
      const name = stringOf(arg);
      return name === undefined ? undefined : `\${${name}}`;
    }
    case 'Fn::GetAtt': {
      if (arg?.type === 'array') {
        const [a, b] = (arg.children ?? []).map((c) => stringOf(c));
        return a && b ? `\${${a}.${b}}` : undefined;
      }
      const s = stringOf(arg);
      return s === undefined ? undefined : `\${${s}}`;
    }
    case 'Fn::Sub':
      return arg?.type === 'array' ? stringOf(arg.children?.[0]) : stringOf(arg);
    case 'Fn::Join': {
      if (arg?.type !== 'array') return undefined;
      const sep = stringOf(arg.children?.[0]);
      const list = arg.children?.[1];
      if (sep === undefined || list?.type !== 'array') return undefined;
      const parts = (list.children ?? []).map((c) => resolveText(c, depth + 1));
      return parts.every((x) => x !== undefined) ? parts.join(sep) : undefined;
    }
    default:
      return undefined;
  }
}

function refOf(n: JsonNode): ValueItem['ref'] {
  if (!isIntrinsic(n)) return undefined;
  const p = properties(n)[0]!;
  const fn = keyText(p);
  const arg = valueOf(p);
  if (fn === 'Ref') {
    const id = stringOf(arg);
    return id && !id.startsWith('AWS::') ? { logicalId: id, kind: 'Ref' } : undefined;
  }
  if (fn === 'Fn::GetAtt') {
    const [a, b] = arg?.type === 'array' ? (arg.children ?? []).map((c) => stringOf(c)) : (stringOf(arg) ?? '').split('.');
    return a ? { logicalId: a, attribute: b, kind: 'GetAtt' } : undefined;
  }
  if (fn === 'Fn::Sub') {
    const s = resolveText(n);
    const m = s ? /^\$\{([A-Za-z0-9]+)\.Arn\}$/.exec(s) : null;
    if (m) return { logicalId: m[1]!, attribute: 'Arn', kind: 'GetAtt' };
  }
  return undefined;
}

export function valueItems(n: JsonNode | undefined): ValueItem[] {
  if (!n) return [];
  const list = n.type === 'array' ? (n.children ?? []) : [n];
  return list.map((node) => {
    // Most values are plain strings: no intrinsic to resolve.
    if (node.type === 'string') return { node, text: node.value as string };
    const item: ValueItem = { node, text: resolveText(node) };
    const ref = refOf(node);
    if (ref) item.ref = ref;
    return item;
  });
}

const EXACT_ELEMENTS = new Map<string, StatementElement>(STATEMENT_ELEMENTS.map((e) => [e, e]));
const LOWER_ELEMENTS = new Map(STATEMENT_ELEMENTS.map((e) => [e.toLowerCase(), e]));

/**
 * Finds a statement element by canonical name, falling back to a key that differs only in case. Elements
 * whose whole value is known only at deploy time go to `unknown` instead.
 */
function elementMap(stmt: JsonNode, unknown: { set?: Set<StatementElement> }): Map<StatementElement, JsonNode> {
  const map = new Map<StatementElement, JsonNode>();
  let deployTime = false;
  for (const p of properties(stmt)) {
    if (!deployTime && isUnknown(valueOf(p))) deployTime = true;
    const k = keyText(p);
    // Keys are nearly always spelled exactly: looked up as written before lower-casing.
    const canonical = EXACT_ELEMENTS.get(k) ?? LOWER_ELEMENTS.get(k.toLowerCase());
    if (!canonical) continue;
    const existing = map.get(canonical);
    // An exactly spelled key wins over a case variant.
    if (!existing || keyText(existing) !== canonical || k === canonical) map.set(canonical, p);
  }
  if (deployTime) {
    for (const [name, p] of map) {
      if (!isUnknown(valueOf(p))) continue;
      (unknown.set ??= new Set()).add(name);
      map.delete(name);
    }
  }
  return map;
}

function statementOf(node: JsonNode, index: number, single: boolean): Statement {
  const unknown: { set?: Set<StatementElement> } = {};
  const elements = elementMap(node, unknown);
  const val = (e: StatementElement) => {
    const p = elements.get(e);
    return p ? valueOf(p) : undefined;
  };
  const listOrUndefined = (e: StatementElement) => (elements.has(e) ? valueItems(val(e)) : undefined);
  const effectText = stringOf(val('Effect'));
  const statement: Statement = {
    node,
    index,
    elements,
    effect: effectText === 'Allow' || effectText === 'Deny' ? effectText : undefined,
    actions: listOrUndefined('Action'),
    notActions: listOrUndefined('NotAction'),
    resources: listOrUndefined('Resource'),
    notResources: listOrUndefined('NotResource'),
    principal: val('Principal'),
    notPrincipal: val('NotPrincipal'),
    condition: val('Condition'),
    single,
    facts: {},
  };
  if (unknown.set) statement.unknown = unknown.set;
  return statement;
}

/** Root property matched case-insensitively (so `statement` is still read, and reported). */
export function rootElement(root: JsonNode, name: (typeof ROOT_ELEMENTS)[number]): JsonNode | undefined {
  const exact = prop(root, name);
  if (exact) return exact;
  return properties(root).find((p) => keyText(p).toLowerCase() === name.toLowerCase());
}

export function statementsOf(root: JsonNode): { statementProp: JsonNode | undefined; statements: Statement[] } {
  const statementProp = rootElement(root, 'Statement');
  const value = statementProp ? valueOf(statementProp) : undefined;
  const statements: Statement[] = [];
  if (value?.type === 'object' && !isIntrinsic(value)) statements.push(statementOf(value, 0, true));
  else if (value?.type === 'array') {
    (value.children ?? []).forEach((s, i) => {
      if (s.type === 'object' && !isIntrinsic(s)) statements.push(statementOf(s, i, false));
    });
  }
  return { statementProp, statements };
}

/** A root object that is an IAM policy: it has a Statement (any case) or a policy-language Version. */
export function looksLikePolicy(root: JsonNode | undefined): boolean {
  if (!isObject(root)) return false;
  if (rootElement(root, 'Statement')) return true;
  const v = rootElement(root, 'Version');
  const vs = v ? stringOf(valueOf(v)) : undefined;
  return vs !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(vs);
}

export function looksLikeTemplate(root: JsonNode | undefined): boolean {
  if (!isObject(root)) return false;
  const resources = propValue(root, 'Resources');
  if (!isObject(resources)) return false;
  if (prop(root, 'AWSTemplateFormatVersion') || prop(root, 'Transform')) return true;
  return properties(resources).some((r) => /^(AWS|Alexa|Custom)::/.test(stringOf(propValue(valueOf(r), 'Type')) ?? ''));
}

export function templateOf(root: JsonNode): TemplateModel {
  const resources = new Map<string, CfnResource>();
  for (const p of properties(propValue(root, 'Resources'))) {
    const node = valueOf(p);
    if (!isObject(node)) continue;
    resources.set(keyText(p), { logicalId: keyText(p), type: stringOf(propValue(node, 'Type')) ?? '', node, properties: propValue(node, 'Properties') });
  }
  return { root, resources };
}

/** Where each resource type keeps its policy documents, and of which kind they are. */
const CFN_POLICY_PROPERTIES: Record<string, { property: string; kind: PolicyKind; list?: 'Policies' }[]> = {
  'AWS::IAM::Role': [
    { property: 'AssumeRolePolicyDocument', kind: 'trust' },
    { property: 'Policies', kind: 'identity', list: 'Policies' },
  ],
  'AWS::IAM::User': [{ property: 'Policies', kind: 'identity', list: 'Policies' }],
  'AWS::IAM::Group': [{ property: 'Policies', kind: 'identity', list: 'Policies' }],
  'AWS::IAM::Policy': [{ property: 'PolicyDocument', kind: 'identity' }],
  'AWS::IAM::ManagedPolicy': [{ property: 'PolicyDocument', kind: 'identity' }],
  'AWS::IAM::RolePolicy': [{ property: 'PolicyDocument', kind: 'identity' }],
  'AWS::IAM::UserPolicy': [{ property: 'PolicyDocument', kind: 'identity' }],
  'AWS::IAM::GroupPolicy': [{ property: 'PolicyDocument', kind: 'identity' }],
  'AWS::SSO::PermissionSet': [{ property: 'InlinePolicy', kind: 'identity' }],
  'AWS::Serverless::Function': [{ property: 'Policies', kind: 'identity', list: 'Policies' }],
  'AWS::Serverless::StateMachine': [{ property: 'Policies', kind: 'identity', list: 'Policies' }],
  'AWS::S3::BucketPolicy': [{ property: 'PolicyDocument', kind: 'resource' }],
  'AWS::SQS::QueuePolicy': [{ property: 'PolicyDocument', kind: 'resource' }],
  'AWS::SNS::TopicPolicy': [{ property: 'PolicyDocument', kind: 'resource' }],
  'AWS::KMS::Key': [{ property: 'KeyPolicy', kind: 'resource' }],
  'AWS::SecretsManager::ResourcePolicy': [{ property: 'ResourcePolicy', kind: 'resource' }],
  'AWS::ECR::Repository': [{ property: 'RepositoryPolicyText', kind: 'resource' }],
  'AWS::OpenSearchService::Domain': [{ property: 'AccessPolicies', kind: 'resource' }],
  'AWS::Elasticsearch::Domain': [{ property: 'AccessPolicies', kind: 'resource' }],
  'AWS::Backup::BackupVault': [{ property: 'AccessPolicy', kind: 'resource' }],
  'AWS::EFS::FileSystem': [{ property: 'FileSystemPolicy', kind: 'resource' }],
  'AWS::ApiGateway::RestApi': [{ property: 'Policy', kind: 'resource' }],
  'AWS::S3Express::BucketPolicy': [{ property: 'PolicyDocument', kind: 'resource' }],
  'AWS::EC2::VPCEndpoint': [{ property: 'PolicyDocument', kind: 'resource' }],
  'AWS::Lambda::LayerVersionPermission': [],
};

export interface EmbeddedDocument {
  root: JsonNode;
  kind: PolicyKind | undefined;
  cfn: CfnContext;
}

/** Every policy document in a template, with the kind its property implies. */
export function embeddedDocuments(template: TemplateModel): EmbeddedDocument[] {
  const out: EmbeddedDocument[] = [];
  for (const resource of template.resources.values()) {
    const propsNode = resource.properties;
    if (!isObject(propsNode)) continue;
    const known = CFN_POLICY_PROPERTIES[resource.type];
    const seen = new Set<JsonNode>();
    const add = (root: JsonNode | undefined, kind: PolicyKind | undefined, property: JsonNode, location: string) => {
      if (!isObject(root) || isIntrinsic(root) || seen.has(root)) return;
      seen.add(root);
      out.push({ root, kind, cfn: { resource, property, location } });
    };
    for (const spec of known ?? []) {
      const p = prop(propsNode, spec.property);
      if (!p) continue;
      if (spec.list) {
        items(valueOf(p)).forEach((entry, i) => {
          // IAM Policies entries are {PolicyName, PolicyDocument}; SAM Policies entries may be documents.
          const docProp = prop(entry, 'PolicyDocument');
          if (docProp) add(valueOf(docProp), spec.kind, keyOf(docProp), `${resource.logicalId}.Properties.${spec.property}[${i}].PolicyDocument`);
          else if (rootElement(entry, 'Statement')) add(entry, spec.kind, keyOf(p), `${resource.logicalId}.Properties.${spec.property}[${i}]`);
        });
      } else {
        add(valueOf(p), spec.kind, keyOf(p), `${resource.logicalId}.Properties.${spec.property}`);
      }
    }
    // Any other property that holds a policy document (resource types not in the table).
    if (!known) {
      for (const p of properties(propsNode)) {
        const v = valueOf(p);
        if (isObject(v) && rootElement(v, 'Statement')) add(v, undefined, keyOf(p), `${resource.logicalId}.Properties.${keyText(p)}`);
      }
    }
  }
  return out;
}

// Who holds each policy of a template. A role's permissions are its inline policies, the AWS::IAM::Policy and
// ManagedPolicy resources attached to it, the AWS managed policies named in ManagedPolicyArns, and for a SAM
// function or state machine every entry of its `Policies` (inline documents, SAM policy templates, managed
// policy names). Rules that look for a combination of actions (an escalation path split over two policies of
// one role) read the other policies of the same holder as `attached` statements; those are never reported
// on, and never edited: they stand at the place in the text that names them (the template name, the ARN).
import { readDataFile } from './iam/data-files';
import { managedPolicyByArn, managedPolicyByName, type ManagedPolicy } from './iam/managed-policies';
import type { JsonNode } from './json';
import { isObject, items, keyText, properties, propValue, stringOf, valueOf } from './json';
import type { CfnResource, PolicyDocument, Statement, TemplateModel } from './model';
import { isIntrinsic, resolveText, statementsOf } from './model';
import type { Span } from './types';

const HOLDERS = new Set(['AWS::IAM::Role', 'AWS::IAM::User', 'AWS::IAM::Group', 'AWS::Serverless::Function', 'AWS::Serverless::StateMachine']);
/** Policy resources and the properties that name who they are attached to. */
const ATTACHMENTS: Record<string, string[]> = {
  'AWS::IAM::Policy': ['Roles', 'Users', 'Groups'],
  'AWS::IAM::ManagedPolicy': ['Roles', 'Users', 'Groups'],
  'AWS::IAM::RolePolicy': ['RoleName'],
  'AWS::IAM::UserPolicy': ['UserName'],
  'AWS::IAM::GroupPolicy': ['GroupName'],
};

interface SamTemplate {
  parameters: string[];
  statements: unknown[];
}

let samTemplates: Map<string, SamTemplate> | undefined;

/** SAM's policy templates (server/data/sam-policy-templates.json; source and licence inside). */
export function samPolicyTemplate(name: string): SamTemplate | undefined {
  samTemplates ??= new Map(Object.entries(readDataFile<{ templates: Record<string, SamTemplate> }>('sam-policy-templates.json').templates));
  return samTemplates.get(name);
}

type Mutable = { -readonly [K in keyof JsonNode]: JsonNode[K] };

/** A tree for data that is not in the text: every node stands at `span` (the name that brings it in). */
function synthetic(value: unknown, span: Span, parent?: Mutable): Mutable {
  const n: Mutable = { type: 'null', offset: span.offset, length: span.length };
  if (parent) n.parent = parent;
  if (Array.isArray(value)) {
    n.type = 'array';
    n.children = value.map((v) => synthetic(v, span, n));
  } else if (value && typeof value === 'object') {
    n.type = 'object';
    n.children = Object.entries(value as Record<string, unknown>).map(([k, v]) => {
      const p: Mutable = { type: 'property', offset: span.offset, length: span.length, parent: n };
      p.children = [{ type: 'string', value: k, offset: span.offset, length: span.length, parent: p }, synthetic(v, span, p)];
      return p;
    });
  } else {
    n.type = typeof value === 'string' ? 'string' : typeof value === 'number' ? 'number' : typeof value === 'boolean' ? 'boolean' : 'null';
    n.value = value;
  }
  return n;
}

function syntheticStatements(statements: readonly unknown[], span: Span): Statement[] {
  return statementsOf(synthetic({ Statement: statements }, span)).statements;
}

/**
 * An AWS managed policy's PassRole and AssumeRole statements (Allow and Deny) as a policy document of its own,
 * for the view of what it lets its holder pass or assume (iam/effective.ts).
 */
export function managedGateDocument(policy: ManagedPolicy, span: Span): PolicyDocument {
  const root = synthetic({ Version: '2012-10-17', Statement: policy.statements.map((s) => s.statement) }, span);
  const { statementProp, statements } = statementsOf(root);
  return { root, kind: 'identity', kindSource: 'context', statementProp, statements, anchor: span };
}

/** What a managed policy grants, as statements: its PassRole/AssumeRole statements and the actions it allows. */
function managedStatements(policy: ManagedPolicy, span: Span): Statement[] {
  const list: unknown[] = policy.statements.map((s) => s.statement);
  if (policy.actions.length) list.push({ Effect: 'Allow', Action: policy.actions, Resource: '*' });
  for (const n of policy.notActions ?? []) list.push({ Effect: 'Allow', NotAction: n, Resource: '*' });
  return syntheticStatements(list, span);
}

function managedByReference(n: JsonNode, byName: boolean): ManagedPolicy | undefined {
  const text = resolveText(n);
  if (text === undefined) return undefined;
  return text.startsWith('arn:') ? managedPolicyByArn(text) : byName ? managedPolicyByName(text) : undefined;
}

/** `{"Ref": X}` of a template parameter replaced by the value the function gives it. */
function substitute(value: unknown, params: ReadonlyMap<string, unknown>): unknown {
  if (Array.isArray(value)) return value.map((v) => substitute(v, params));
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 1 && entries[0]![0] === 'Ref' && typeof entries[0]![1] === 'string' && params.has(entries[0]![1])) return params.get(entries[0]![1]);
    return Object.fromEntries(entries.map(([k, v]) => [k, substitute(v, params)]));
  }
  return value;
}

function plain(n: JsonNode | undefined): unknown {
  if (!n) return null;
  if (n.type === 'object') return Object.fromEntries(properties(n).map((p) => [keyText(p), plain(valueOf(p))]));
  if (n.type === 'array') return (n.children ?? []).map(plain);
  return n.value ?? null;
}

/** The statements a SAM `Policies` entry brings that are not a document in the text. */
function samEntryStatements(entry: JsonNode): Statement[] {
  if (entry.type === 'string' || isIntrinsic(entry)) {
    const policy = managedByReference(entry, true);
    return policy ? managedStatements(policy, entry) : [];
  }
  const ps = properties(entry);
  if (ps.length !== 1 || isIntrinsic(entry)) return [];
  const name = keyText(ps[0]!);
  const template = samPolicyTemplate(name);
  if (!template) return [];
  const given = valueOf(ps[0]!);
  const params = new Map(properties(given).map((p) => [keyText(p), plain(valueOf(p))] as const));
  const key = ps[0]!.children![0]!;
  return syntheticStatements(substitute(template.statements, params) as unknown[], key);
}

/** The logical ids a `Roles`/`RoleName`… value names with `Ref` (or as a literal name of a template role). */
function holdersNamed(value: JsonNode | undefined, byName: ReadonlyMap<string, string>): string[] {
  const out: string[] = [];
  for (const item of items(value)) {
    const ref = isObject(item) && properties(item).length === 1 && keyText(properties(item)[0]!) === 'Ref' ? stringOf(valueOf(properties(item)[0]!)) : undefined;
    if (ref) out.push(ref);
    else if (item.type === 'string' && byName.has(String(item.value))) out.push(byName.get(String(item.value))!);
  }
  return out;
}

interface Holder {
  resource: CfnResource;
  documents: PolicyDocument[];
  extra: Statement[];
}

/** Groups the template's identity documents by who holds them and gives each the others as `attached`. */
export function attachByHolder(template: TemplateModel, documents: readonly PolicyDocument[]): void {
  const holders = new Map<string, Holder>();
  const byName = new Map<string, string>();
  for (const r of template.resources.values()) {
    if (!HOLDERS.has(r.type)) continue;
    holders.set(r.logicalId, { resource: r, documents: [], extra: [] });
    const name = stringOf(propValue(r.properties, 'RoleName') ?? propValue(r.properties, 'UserName') ?? propValue(r.properties, 'GroupName'));
    if (name) byName.set(name, r.logicalId);
  }
  if (holders.size === 0) return;
  const docsOf = new Map<CfnResource, PolicyDocument[]>();
  for (const d of documents) {
    if (d.kind !== 'identity' || !d.cfn) continue;
    const list = docsOf.get(d.cfn.resource) ?? [];
    list.push(d);
    docsOf.set(d.cfn.resource, list);
  }
  for (const [resource, docs] of docsOf) {
    const own = holders.get(resource.logicalId);
    if (own && own.resource === resource) own.documents.push(...docs);
    for (const prop of ATTACHMENTS[resource.type] ?? []) {
      for (const id of holdersNamed(propValue(resource.properties, prop), byName)) holders.get(id)?.documents.push(...docs);
    }
  }
  for (const h of holders.values()) {
    const props = h.resource.properties;
    // Managed policies named by ARN, or customer managed policies of the template by Ref.
    for (const item of items(propValue(props, 'ManagedPolicyArns'))) {
      const ref = isObject(item) && properties(item).length === 1 && keyText(properties(item)[0]!) === 'Ref' ? stringOf(valueOf(properties(item)[0]!)) : undefined;
      const local = ref ? template.resources.get(ref) : undefined;
      if (local) h.documents.push(...(docsOf.get(local) ?? []));
      else {
        const policy = managedByReference(item, false);
        if (policy) h.extra.push(...managedStatements(policy, item));
      }
    }
    if (h.resource.type.startsWith('AWS::Serverless::')) {
      const policies = propValue(props, 'Policies');
      for (const entry of policies?.type === 'array' ? (policies.children ?? []) : policies ? [policies] : []) h.extra.push(...samEntryStatements(entry));
    }
  }
  for (const h of holders.values()) {
    const docs = [...new Set(h.documents)];
    if (docs.length + (h.extra.length ? 1 : 0) < 2 && h.extra.length === 0) continue;
    for (const d of docs) {
      const others = docs.filter((o) => o !== d).flatMap((o) => o.statements);
      d.attached = [...(d.attached ?? []), ...others, ...h.extra];
    }
  }
}

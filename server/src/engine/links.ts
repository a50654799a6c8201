// Both sides of a role in one CloudFormation template: the role's trust policy (who may become it) and
// the policies that let someone pass it (to which services). A PassRole resource is tied to a role by
// `Fn::GetAtt [Role, Arn]`, `Fn::Sub "${Role.Arn}"`, a `Ref` to the role inside an ARN (the role name),
// or a literal ARN ending in the role's `RoleName`.
import type { Analysis } from './analyze';
import { parseArn } from './iam/arn';
import { passRoleGrants, type PassRoleGrant } from './iam/grants';
import { principalsOf } from './iam/principal';
import { canonicalPrincipal } from './iam/principals';
import { hasWildcard } from './iam/wildcard';
import { propValue, stringOf } from './json';
import type { CfnResource, PolicyDocument, ValueItem } from './model';

export interface TemplateRole {
  logicalId: string;
  resource: CfnResource;
  /** `Properties.RoleName` when it is a literal. */
  roleName: string | undefined;
  trust: PolicyDocument | undefined;
  /** Service principals its trust policy allows to assume it (Allow statements). */
  services: ValueItem[];
}

export interface PassLink {
  doc: PolicyDocument;
  grant: PassRoleGrant;
  resource: ValueItem;
  role: TemplateRole;
}

export interface TemplateLinks {
  roles: Map<string, TemplateRole>;
  links: PassLink[];
}

const cache = new WeakMap<Analysis, TemplateLinks>();

function rolesOf(analysis: Analysis): Map<string, TemplateRole> {
  const roles = new Map<string, TemplateRole>();
  // Each resource's first trust policy, found in one pass over the documents.
  const trustOf = new Map<CfnResource, PolicyDocument>();
  for (const d of analysis.documents) if (d.cfn && d.kind === 'trust' && !trustOf.has(d.cfn.resource)) trustOf.set(d.cfn.resource, d);
  for (const r of analysis.template?.resources.values() ?? []) {
    if (r.type !== 'AWS::IAM::Role') continue;
    const trust = trustOf.get(r);
    const services = (trust?.statements ?? []).filter((s) => s.effect === 'Allow').flatMap((s) => principalsOf(s.principal).service);
    roles.set(r.logicalId, { logicalId: r.logicalId, resource: r, roleName: stringOf(propValue(r.properties, 'RoleName')), trust, services });
  }
  return roles;
}

/** The template role a PassRole resource names, if it names one. */
export function roleOf(item: ValueItem, roles: Map<string, TemplateRole>): TemplateRole | undefined {
  if (item.ref && item.ref.kind === 'GetAtt' && (item.ref.attribute ?? 'Arn') === 'Arn') return roles.get(item.ref.logicalId);
  const arn = item.text !== undefined ? parseArn(item.text) : undefined;
  if (!arn || !/^role\//.test(arn.resource)) return undefined;
  const name = arn.resource.slice(arn.resource.lastIndexOf('/') + 1);
  const ref = /^\$\{([A-Za-z0-9]+)\}$/.exec(name)?.[1];
  if (ref) return roles.get(ref);
  if (hasWildcard(name)) return undefined;
  return byRoleName(roles).get(name);
}

/** The template's roles by literal `RoleName` (the first role of a name), built once per template. */
const roleNames = new WeakMap<Map<string, TemplateRole>, Map<string, TemplateRole>>();
function byRoleName(roles: Map<string, TemplateRole>): Map<string, TemplateRole> {
  let names = roleNames.get(roles);
  if (!names) {
    names = new Map();
    for (const r of roles.values()) if (r.roleName !== undefined && !names.has(r.roleName)) names.set(r.roleName, r);
    roleNames.set(roles, names);
  }
  return names;
}

export function templateLinks(analysis: Analysis): TemplateLinks {
  let t = cache.get(analysis);
  if (t) return t;
  const roles = rolesOf(analysis);
  const links: PassLink[] = [];
  if (roles.size) {
    for (const doc of analysis.documents) {
      if (doc.kind !== 'identity') continue;
      for (const grant of passRoleGrants(doc)) {
        for (const resource of grant.stmt.resources ?? []) {
          const role = roleOf(resource, roles);
          if (role) links.push({ doc, grant, resource, role });
        }
      }
    }
  }
  t = { roles, links };
  cache.set(analysis, t);
  return t;
}

/** Whether the role's trust policy trusts the service (regional and China forms count). */
export function trusts(role: TemplateRole, service: string): boolean {
  const want = canonicalPrincipal(service);
  return role.services.some((s) => s.text !== undefined && canonicalPrincipal(s.text) === want);
}

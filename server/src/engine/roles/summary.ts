// One role seen from all three places: who may become it (its trust policy), who it is handed to (hand-offs)
// and who may pass it (PassRole grants), from this file and from the rest of the workspace. What the hover on a
// role reference, the explainer and the role map show.
import type { Analysis } from '../analyze';
import { passableServices } from '../iam/effective';
import { hasWildcard } from '../iam/wildcard';
import type { JsonNode } from '../json';
import { contains } from '../json';
import type { Span } from '../types';
import { handoffPrincipals, localFacts, trustsAny } from './facts';
import { resolveRef, roleLabel, targetsOf, type RoleTarget } from './resolve';

export interface RoleUseSummary {
  /** `MyFunction.Role`, or the policy's location. */
  label: string;
  /** Another file (none: this one). */
  file?: string;
  span: Span;
  /** The services it hands the role to, or may pass it to (none: any service, for a grant). */
  principals: string[];
  /** Whether the role's trust policy trusts them (always true when the trust policy is unseen). */
  trusted: boolean;
}

export interface RoleSummary {
  target: RoleTarget;
  name: string;
  /** Trust principals: services, `*`; undefined when the trust policy cannot be seen. */
  assumedBy: string[] | undefined;
  handedTo: RoleUseSummary[];
  passedBy: RoleUseSummary[];
}

function trustOf(target: RoleTarget) {
  return target.role.trust;
}

function sameRole(a: RoleTarget, b: RoleTarget): boolean {
  if (a.where !== b.where) return false;
  return a.where === 'local' ? a.role === b.role : a.role.file === (b.role as typeof a.role).file && a.role.key === b.role.key;
}

/**
 * The role a node of this document names or defines (a grant's resource, a hand-off value, a role's logical
 * id), and the span of that node.
 */
export function roleAt(analysis: Analysis, offset: number): { target: RoleTarget; span: Span } | undefined {
  const facts = localFacts(analysis);
  const found = (n: JsonNode, target: RoleTarget | undefined) => (target ? { target, span: { offset: n.offset, length: n.length } } : undefined);
  for (const g of facts.grants) if (contains(g.item.node, offset)) return found(g.item.node, targetsOf(resolveRef(g.ref, facts, analysis))[0]);
  for (const h of facts.handoffs) if (contains(h.node, offset)) return found(h.node, targetsOf(resolveRef(h.ref, facts, analysis))[0]);
  for (const role of facts.roles.values()) if (role.node && contains(role.node, offset)) return found(role.node, { where: 'local', role });
  return undefined;
}

/** Everything known of a role, from this analysis and its workspace. */
export function summarizeRole(analysis: Analysis, target: RoleTarget): RoleSummary {
  const facts = localFacts(analysis);
  const trust = trustOf(target);
  const trusted = (principals: readonly string[]) => !trust || principals.length === 0 || principals.some((p) => hasWildcard(p)) || trustsAny(trust, principals);
  const handedTo: RoleUseSummary[] = [];
  const passedBy: RoleUseSummary[] = [];
  for (const h of facts.handoffs) {
    if (!h.spec.principals?.length) continue;
    if (!targetsOf(resolveRef(h.ref, facts, analysis)).some((t) => sameRole(t, target))) continue;
    const principals = [...h.spec.principals];
    handedTo.push({ label: h.label, span: { offset: h.node.offset, length: h.node.length }, principals, trusted: trusted(handoffPrincipals(h.spec)) });
  }
  for (const g of facts.grants) {
    const r = resolveRef(g.ref, facts, analysis);
    if (r.type !== 'role' || !sameRole(r.target, target)) continue;
    const principals = passableServices(g.grant);
    passedBy.push({ label: g.doc.cfn?.location ?? 'iam:PassRole', span: { offset: g.item.node.offset, length: g.item.node.length }, principals, trusted: trusted(principals) });
  }
  // Uses in other files: of a role of this file, or of the remote role itself.
  const ws = analysis.options.workspace;
  const file = target.where === 'remote' ? target.role.file : analysis.options.fileName;
  if (ws && file) {
    for (const u of ws.usesOf(file)) {
      if (u.roleKey !== target.role.key) continue;
      if (target.where === 'remote' && u.file === analysis.options.fileName) continue;
      const entry: RoleUseSummary = { label: u.label, file: u.file, span: u.span, principals: [...u.principals], trusted: trusted(u.principals) };
      (u.kind === 'handoff' ? handedTo : passedBy).push(entry);
    }
  }
  const assumedBy = trust ? [...new Set([...(trust.everyone ? ['*'] : []), ...trust.services.map((s) => s.text), ...(trust.others ?? [])])] : undefined;
  return { target, name: roleLabel(target), assumedBy, handedTo, passedBy };
}

import { passableServices } from '../iam/effective';
import { hasWildcard } from '../iam/wildcard';
import { trustEditable, trustTargetEdits } from '../roles/edits';
import { localFacts, trustsAny, type LocalFacts, type LocalRole } from '../roles/facts';
import { resolveRef, roleLabel, type RoleTarget } from '../roles/resolve';
import type { Fix, RelatedInfo, Span } from '../types';
import type { Rule, RuleContext } from './rule';

/** The places of a role's trusted services (or its trust policy), for related information. */
function trustPlaces(ctx: RuleContext, target: RoleTarget): RelatedInfo[] {
  const message = ctx.t.passRoleTrustMismatchRelated(roleLabel(target));
  if (target.where === 'local') {
    const nodes = (target.role.trust?.services ?? []).flatMap((s) => (s.node ? [s.node] : []));
    if (nodes.length) return nodes.map((n) => ({ offset: n.offset, length: n.length, message }));
    return [{ ...(target.role.trust?.doc?.anchor ?? target.role.span), message }];
  }
  const trust = target.role.trust!;
  const spans = trust.services.flatMap((s) => (s.span ? [s.span] : []));
  return (spans.length ? spans : [trust.anchor]).map((s) => ({ ...s, message, file: target.role.file }));
}

function trustSpot(role: LocalRole): Span {
  const first = role.trust?.services.find((s) => s.node)?.node;
  return first ? { offset: first.offset, length: first.length } : (role.trust?.doc?.anchor ?? role.span);
}

/** PassRole grants whose iam:PassedToService names a service the role's trust policy does not trust. */
function checkGrants(ctx: RuleContext, facts: LocalFacts): void {
  const { t } = ctx;
  for (const g of facts.grants) {
    if (g.grant.passedToService.length === 0) continue;
    const resolved = resolveRef(g.ref, facts, ctx.analysis);
    if (resolved.type !== 'role') continue;
    const target = resolved.target;
    const trust = target.role.trust;
    if (!trust) continue;
    const trustedNames = trust.services.map((s) => s.text);
    const related = trustPlaces(ctx, target);
    for (const entry of g.grant.passedToService) {
      for (const v of entry.values) {
        const service = v.text;
        if (service === undefined || hasWildcard(service) || service.includes('${') || trustsAny(trust, [service])) continue;
        const file = target.where === 'remote' ? target.role.file.split(/[\\/]/).pop() : undefined;
        const fixes: Fix[] = trustEditable(target) ? [{ title: file ? t.fixTrustIn(roleLabel(target), service, file) : t.fixTrustService(roleLabel(target), service), edits: () => trustTargetEdits(ctx.analysis, target, service) }] : [];
        const listed = entry.values.map((x) => x.text);
        const list = entry.valueNode?.type === 'array' ? entry.valueNode : undefined;
        for (const s of trustedNames) {
          if (hasWildcard(s)) continue;
          // Already a passable service: dropping the untrusted one aligns the two sides without a duplicate.
          if (listed.includes(s)) {
            if (list) fixes.push({ title: t.fixPassTo(s), edits: () => [ctx.writer.remove(list, v.node)] });
          } else fixes.push({ title: t.fixPassTo(s), edits: () => [ctx.writer.replace(v.node, s)] });
        }
        ctx.report({ node: v.node, message: t.passRoleTrustMismatch(roleLabel(target), [service], trustedNames), related, fixes });
      }
    }
  }
}

/**
 * The trust side, for the roles of this file: a trusted service that no PassRole on the role (in this file or
 * elsewhere) may pass it to (info), and a grant in another file that passes it to a service it does not trust.
 */
function checkTrustSide(ctx: RuleContext, facts: LocalFacts): void {
  const { t } = ctx;
  const byRole = new Map<LocalRole, { services: string[]; unnarrowed: boolean; related: RelatedInfo[] }>();
  const note = (role: LocalRole) => {
    let e = byRole.get(role);
    if (!e) byRole.set(role, (e = { services: [], unnarrowed: false, related: [] }));
    return e;
  };
  for (const g of facts.grants) {
    const resolved = resolveRef(g.ref, facts, ctx.analysis);
    if (resolved.type !== 'role' || resolved.target.where !== 'local') continue;
    const e = note(resolved.target.role);
    // A Deny guard limits the services as the grant's own condition does (iam/effective.ts).
    if (!g.grant.passedTo) e.unnarrowed = true;
    e.services.push(...passableServices(g.grant));
    for (const entry of g.grant.passedToService) e.related.push({ offset: entry.valueNode!.offset, length: entry.valueNode!.length, message: t.passRoleTrustUnusedRelated });
  }
  const ws = ctx.analysis.options.workspace;
  const file = ctx.analysis.options.fileName;
  for (const use of ws && file ? ws.usesOf(file) : []) {
    if (use.kind !== 'grant') continue;
    const role = facts.roles.get(use.roleKey);
    if (!role?.trust) continue;
    const e = note(role);
    if (use.principals.length === 0) e.unnarrowed = true;
    e.services.push(...use.principals);
    e.related.push({ ...use.span, message: t.grantRelated, file: use.file });
    const untrusted = use.principals.filter((p) => !hasWildcard(p) && !p.includes('${') && !trustsAny(role.trust!, [p]));
    if (untrusted.length && role.trust.doc) {
      ctx.report({ span: trustSpot(role), severity: 'info', message: t.passRoleTrustMismatchInfo(role.name ?? role.key, untrusted, use.label, use.file.split(/[\\/]/).pop()), related: [{ ...use.span, message: t.grantRelated, file: use.file }] });
    }
  }
  for (const [role, e] of byRole) {
    if (e.unnarrowed || e.services.some((p) => hasWildcard(p)) || !role.trust?.doc) continue;
    for (const s of role.trust.services) {
      if (!s.node || hasWildcard(s.text)) continue;
      if (e.services.some((p) => trustsAny({ services: [{ text: p }], everyone: false, denied: [] }, [s.text]))) continue;
      ctx.report({ node: s.node, severity: 'info', message: t.passRoleTrustUnused(role.name ?? role.key, s.text), related: e.related });
    }
  }
}

export const passroleTrustMismatch: Rule = {
  id: 'passrole-trust-mismatch',
  defaultSeverity: 'warning',
  fixable: true,
  summary: {
    en: 'A role passed to a service its trust policy does not trust (in the same template or across the workspace); info for the converse.',
    ja: '信頼ポリシーが信頼していないサービスにロールを渡せます（同じテンプレート内、またはワークスペースのファイル間）。逆の場合は情報。',
  },
  check(ctx) {
    const facts = localFacts(ctx.analysis);
    checkGrants(ctx, facts);
    checkTrustSide(ctx, facts);
  },
};

import { handoffPrincipals, localFacts, trustsAny, type LocalFacts, type LocalRole } from '../roles/facts';
import { trustEditable, trustTargetEdits } from '../roles/edits';
import { resolveRef, roleLabel, targetsOf, type RoleTarget } from '../roles/resolve';
import type { Fix, RelatedInfo, Span } from '../types';
import type { Rule, RuleContext } from './rule';

/** Where a role's trust policy is, for related information: its trusted services, else the policy itself. */
function trustPlaces(ctx: RuleContext, target: RoleTarget): RelatedInfo[] {
  const message = ctx.t.handoffTrustRelated(roleLabel(target));
  if (target.where === 'local') {
    const trust = target.role.trust;
    const nodes = (trust?.services ?? []).flatMap((s) => (s.node ? [s.node] : []));
    if (nodes.length) return nodes.map((n) => ({ offset: n.offset, length: n.length, message }));
    const at: Span = trust?.doc?.anchor ?? target.role.span;
    return [{ ...at, message }];
  }
  const trust = target.role.trust!;
  const spans = trust.services.flatMap((s) => (s.span ? [s.span] : []));
  return (spans.length ? spans : [trust.anchor]).map((s) => ({ ...s, message, file: target.role.file }));
}

/** Where the info on a role's own trust policy goes: its first trusted service, else the policy. */
function trustSpot(role: LocalRole): Span {
  const first = role.trust?.services.find((s) => s.node)?.node;
  return first ? { offset: first.offset, length: first.length } : (role.trust?.doc?.anchor ?? role.span);
}

function fixes(ctx: RuleContext, target: RoleTarget, principals: readonly string[]): Fix[] {
  if (!trustEditable(target)) return [];
  const file = target.where === 'remote' ? target.role.file.split(/[\\/]/).pop() : undefined;
  // Trusting one more service widens who may become the role: offered, never applied on its own.
  return principals.map((p) => ({ title: ctx.t.fixTrustIn(roleLabel(target), p, file), edits: () => trustTargetEdits(ctx.analysis, target, p) }));
}

function checkHandoffs(ctx: RuleContext, facts: LocalFacts): void {
  const { t } = ctx;
  // One info per role and set of services on its trust policy, naming every hand-off that needs them.
  const infos = new Map<LocalRole, Map<string, { principals: readonly string[]; labels: string[]; related: RelatedInfo[] }>>();
  for (const h of facts.handoffs) {
    const principals = h.spec.principals;
    if (!principals?.length) continue;
    const wanted = handoffPrincipals(h.spec);
    for (const target of targetsOf(resolveRef(h.ref, facts, ctx.analysis))) {
      const trust = target.role.trust;
      if (!trust || trustsAny(trust, wanted)) continue;
      ctx.report({
        node: h.node,
        message: t.handoffTrustMismatch(roleLabel(target), principals, h.label, trust.services.map((s) => s.text)),
        related: trustPlaces(ctx, target),
        fixes: fixes(ctx, target, principals),
      });
      if (target.where === 'local' && target.role.trust?.doc) {
        const byRole = infos.get(target.role) ?? new Map<string, { principals: readonly string[]; labels: string[]; related: RelatedInfo[] }>();
        infos.set(target.role, byRole);
        const key = principals.join(' ');
        const entry = byRole.get(key) ?? { principals, labels: [], related: [] };
        byRole.set(key, entry);
        entry.labels.push(h.label);
        entry.related.push({ offset: h.node.offset, length: h.node.length, message: t.handoffRelated(h.label) });
      }
    }
  }
  for (const [role, byRole] of infos) {
    for (const e of byRole.values()) ctx.report({ span: trustSpot(role), severity: 'info', message: t.handoffTrustMismatchInfo(role.name ?? role.key, e.principals, e.labels.join(', '), undefined), related: e.related });
  }
}

/** Hand-offs in other files of the workspace to the roles of this one. */
function checkIncoming(ctx: RuleContext, facts: LocalFacts): void {
  const ws = ctx.analysis.options.workspace;
  const file = ctx.analysis.options.fileName;
  if (!ws || !file) return;
  for (const use of ws.usesOf(file)) {
    if (use.kind !== 'handoff' || use.principals.length === 0) continue;
    const role = facts.roles.get(use.roleKey);
    if (!role?.trust?.doc || trustsAny(role.trust, use.principals)) continue;
    ctx.report({
      span: trustSpot(role),
      severity: 'info',
      message: ctx.t.handoffTrustMismatchInfo(role.name ?? role.key, use.principals, use.label, use.file.split(/[\\/]/).pop()),
      related: [{ ...use.span, message: ctx.t.handoffRelated(use.label), file: use.file }],
    });
  }
}

export const handoffTrustMismatch: Rule = {
  id: 'handoff-trust-mismatch',
  defaultSeverity: 'error',
  fixable: true,
  summary: {
    en: 'A role handed to a service (a Lambda function\'s Role, a CodeBuild ServiceRole …) whose trust policy does not trust that service; info on the trust policy.',
    ja: 'サービスに渡されるロール（Lambda 関数の Role、CodeBuild の ServiceRole など）の信頼ポリシーがそのサービスを信頼していません。信頼ポリシー側には情報を表示します。',
  },
  check(ctx) {
    const facts = localFacts(ctx.analysis);
    checkHandoffs(ctx, facts);
    checkIncoming(ctx, facts);
  },
};

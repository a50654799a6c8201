import { addStatementEdits } from '../fixes';
import { hasWildcard } from '../iam/wildcard';
import { templateLinks, trusts, type TemplateRole } from '../links';
import type { Fix, TextEdit } from '../types';
import type { Rule, RuleContext } from './rule';

/** Adds a service to the role's trust policy: to its first Service principal, else as a new statement. */
function trustServiceEdits(ctx: RuleContext, role: TemplateRole, service: string): TextEdit[] {
  const first = role.services[0];
  if (first) {
    const list = first.node.parent;
    if (list?.type === 'array') return [ctx.writer.insertItem(list, service)];
    return [ctx.writer.replace(first.node, [first.text, service])];
  }
  const trust = role.trust!;
  const last = trust.statements[trust.statements.length - 1]!;
  return addStatementEdits(ctx.writer, trust, last, { Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' });
}

export const passroleTrustMismatch: Rule = {
  id: 'passrole-trust-mismatch',
  defaultSeverity: 'warning',
  fixable: true,
  summary: { en: 'A role passed to a service its trust policy does not trust (same template); info for the converse.', ja: '信頼ポリシーが信頼していないサービスにロールを渡せます（同じテンプレート内）。逆の場合は情報。' },
  check(ctx) {
    const { t } = ctx;
    if (!ctx.analysis.template) return;
    const { links } = templateLinks(ctx.analysis);
    for (const link of links) {
      const { role } = link;
      if (!role.trust) continue;
      const trustedNames = role.services.map((s) => s.text ?? '…');
      const related = role.services.length
        ? role.services.map((s) => ({ offset: s.node.offset, length: s.node.length, message: t.passRoleTrustMismatchRelated(role.logicalId) }))
        : [{ ...role.trust.anchor, message: t.passRoleTrustMismatchRelated(role.logicalId) }];
      for (const entry of link.grant.passedToService) {
        for (const v of entry.values) {
          const service = v.text;
          if (service === undefined || hasWildcard(service) || service.includes('${') || trusts(role, service)) continue;
          const fixes: Fix[] = [{ title: t.fixTrustService(role.logicalId, service), edits: () => trustServiceEdits(ctx, role, service) }];
          const listed = entry.values.map((x) => x.text);
          const list = entry.valueNode?.type === 'array' ? entry.valueNode : undefined;
          for (const s of trustedNames) {
            if (hasWildcard(s)) continue;
            // Already a passable service: dropping the untrusted one aligns the two sides without a duplicate.
            if (listed.includes(s)) {
              if (list) fixes.push({ title: t.fixPassTo(s), edits: () => [ctx.writer.remove(list, v.node)] });
            } else fixes.push({ title: t.fixPassTo(s), edits: () => [ctx.writer.replace(v.node, s)] });
          }
          ctx.report({ node: v.node, message: t.passRoleTrustMismatch(role.logicalId, [service], trustedNames), related, fixes });
        }
      }
    }
    // The converse: the role trusts a service that every PassRole on it in this template excludes.
    const byRole = new Map<TemplateRole, typeof links>();
    for (const l of links) {
      const ls = byRole.get(l.role);
      if (ls) ls.push(l);
      else byRole.set(l.role, [l]);
    }
    for (const [role, ls] of byRole) {
      if (ls.some((l) => l.grant.passedToService.length === 0)) continue;
      const passable = ls.flatMap((l) => l.grant.services);
      if (passable.some((p) => hasWildcard(p))) continue;
      for (const s of role.services) {
        if (s.text === undefined || hasWildcard(s.text)) continue;
        const trusted = s.text;
        if (passable.some((p) => trusts({ ...role, services: [{ node: s.node, text: p }] }, trusted))) continue;
        const related = ls.flatMap((l) => l.grant.passedToService.map((e) => ({ offset: e.valueNode!.offset, length: e.valueNode!.length, message: t.passRoleTrustUnusedRelated })));
        ctx.report({ node: s.node, severity: 'info', message: t.passRoleTrustUnused(role.logicalId, trusted), related });
      }
    }
  },
};

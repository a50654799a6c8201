import { insertArrayItem, replaceNode, stringify } from '../edits';
import { companions, passRoleDenyGuard, passRoleGrants } from '../iam/grants';
import { wildcardMatch } from '../iam/wildcard';
import type { Rule } from './rule';

export const passedToServiceMismatch: Rule = {
  id: 'passed-to-service-mismatch',
  defaultSeverity: 'warning',
  fixable: true,
  summary: { en: 'The policy launches a service with a role, but iam:PassedToService never names that service.', ja: 'ロールを使うサービスを起動できるのに、iam:PassedToService にそのサービスがありません。' },
  check(ctx) {
    const { t, text, layout } = ctx;
    for (const doc of ctx.analysis.documents) {
      if (doc.kind !== 'identity') continue;
      const grants = passRoleGrants(doc);
      if (grants.length === 0 || grants.some((g) => g.passedToService.length === 0)) continue;
      const guard = passRoleDenyGuard(doc);
      const allowed = [...grants.flatMap((g) => g.services), ...(guard?.services ?? [])];
      const reported = new Set<string>();
      for (const c of companions(doc, true, true)) {
        // Case-insensitive: a miscased principal is passed-to-service-invalid's finding, not this one's.
        if (c.service.principals.some((p) => allowed.some((a) => wildcardMatch(a, p, true)))) continue;
        const principal = c.service.principals[0]!;
        if (reported.has(principal)) continue;
        reported.add(principal);
        const action = c.item.text!;
        for (const g of grants) {
          for (const e of g.passedToService) {
            const v = e.valueNode!;
            ctx.report({
              node: v,
              message: t.ptsMismatch(principal, action),
              related: [{ offset: c.item.node.offset, length: c.item.node.length, message: t.ptsMismatchRelated(action) }],
              fixes: [{
                title: t.fixAddValue(principal),
                preferred: true,
                edits: () => (v.type === 'array' ? [insertArrayItem(text, v, JSON.stringify(principal), layout)] : [replaceNode(v, stringify([JSON.parse(text.slice(v.offset, v.offset + v.length)), principal], layout, '', true))]),
              }],
            });
          }
        }
      }
    }
  },
};

import { passedToServiceFixes } from '../fixes';
import { matchesEveryRole } from '../iam/arn';
import { hasMisspelledPassedToService, inferPrincipals, passRoleDenyGuard, passRoleGrants } from '../iam/grants';
import type { Rule } from './rule';

export const passroleMissingPassedToService: Rule = {
  id: 'passrole-missing-passed-to-service',
  defaultSeverity: 'info',
  fixable: true,
  summary: { en: 'iam:PassRole on specific roles without iam:PassedToService.', ja: '特定のロールへの iam:PassRole に iam:PassedToService がありません。' },
  check(ctx) {
    const { t, data } = ctx;
    for (const doc of ctx.analysis.documents) {
      if (doc.kind !== 'identity' || passRoleDenyGuard(doc)) continue;
      for (const g of passRoleGrants(doc)) {
        if (g.passedToService.length || g.stmt.notResources || !g.stmt.resources?.length) continue;
        if (hasMisspelledPassedToService(g.stmt, data)) continue;
        if (g.stmt.resources.some((r) => r.text !== undefined && matchesEveryRole(r.text))) continue;
        ctx.report({
          node: g.grant.node,
          message: t.passRoleMissingPts(g.grant.via, g.grant.item?.text ?? 'NotAction'),
          fixes: passedToServiceFixes(ctx.writer, doc, g.stmt, g.grant, inferPrincipals(doc), data, t),
          data: { statementOffset: g.stmt.node.offset },
        });
      }
    }
  },
};

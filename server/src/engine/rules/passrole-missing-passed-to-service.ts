import { passedToServiceFixes } from '../fixes';
import { isNarrowed, passRoleView } from '../iam/effective';
import { hasMisspelledPassedToService, inferPrincipals } from '../iam/grants';
import type { Rule } from './rule';

export const passroleMissingPassedToService: Rule = {
  id: 'passrole-missing-passed-to-service',
  defaultSeverity: 'info',
  fixable: true,
  reads: 'resource-unattached',
  summary: { en: 'iam:PassRole on specific roles without iam:PassedToService.', ja: '特定のロールへの iam:PassRole に iam:PassedToService がありません。' },
  check(ctx) {
    const { t, data } = ctx;
    for (const doc of ctx.analysis.documents) {
      if (doc.kind !== 'identity') continue;
      for (const g of passRoleView(doc).grants) {
        // Roles the author chose (named, a pattern, a tag, what a Deny with NotResource leaves), still passable
        // to any service: no service limit of its own and no Deny guard, and not taken away by a Deny.
        if (g.passedTo || g.deniedBy || !g.stmt.resources?.length) continue;
        if (hasMisspelledPassedToService(g.stmt, data)) continue;
        if (!isNarrowed(g) && g.breadth !== 'pattern') continue;
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

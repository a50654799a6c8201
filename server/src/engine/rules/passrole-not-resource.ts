import { keyOf } from '../json';
import { matchesEveryRole } from '../iam/arn';
import { passRoleGrants } from '../iam/grants';
import type { Rule } from './rule';

export const passroleNotResource: Rule = {
  id: 'passrole-not-resource',
  defaultSeverity: 'warning',
  fixable: false,
  summary: { en: 'iam:PassRole granted through NotResource, or through NotAction on every resource.', ja: 'NotResource、またはすべてのリソースに対する NotAction によって iam:PassRole を許可しています。' },
  check(ctx) {
    for (const doc of ctx.analysis.documents) {
      if (doc.kind !== 'identity') continue;
      for (const g of passRoleGrants(doc)) {
        const nr = g.stmt.elements.get('NotResource');
        if (nr) {
          ctx.report({ node: keyOf(nr), message: ctx.t.passRoleNotResource('NotResource', g.services) });
        } else if (g.grant.via === 'notAction' && (g.stmt.resources ?? []).some((r) => r.text !== undefined && matchesEveryRole(r.text))) {
          ctx.report({ node: g.grant.node, message: ctx.t.passRoleNotResource('NotAction', g.services) });
        }
      }
    }
  },
};

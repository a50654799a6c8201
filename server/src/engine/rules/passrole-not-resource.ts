import { keyOf } from '../json';
import { isNarrowed, passRoleView } from '../iam/effective';
import type { Rule } from './rule';

export const passroleNotResource: Rule = {
  id: 'passrole-not-resource',
  defaultSeverity: 'warning',
  fixable: false,
  reads: 'resource-unattached',
  summary: { en: 'iam:PassRole granted through NotResource, or through NotAction on every resource.', ja: 'NotResource、またはすべてのリソースに対する NotAction によって iam:PassRole を許可しています。' },
  check(ctx) {
    for (const doc of ctx.analysis.documents) {
      if (doc.kind !== 'identity') continue;
      for (const g of passRoleView(doc).grants) {
        // What the document's Deny statements leave counts (iam/effective.ts): a grant they take away, or narrow
        // to named or tagged roles, no longer reaches every role.
        if (g.deniedBy || isNarrowed(g)) continue;
        const services = g.passedTo?.values ?? [];
        const nr = g.stmt.elements.get('NotResource');
        if (nr) {
          ctx.report({ node: keyOf(nr), message: ctx.t.passRoleNotResource('NotResource', services) });
        } else if (g.grant.via === 'notAction' && g.everyRole.length) {
          ctx.report({ node: g.grant.node, message: ctx.t.passRoleNotResource('NotAction', services) });
        }
      }
    }
  },
};

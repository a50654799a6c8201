import { withSnippet } from '../edits';
import { ASSUME_ROLE } from '../iam/actions';
import { gateView, isNarrowed } from '../iam/effective';
import { ROLE_ARN_PLACEHOLDER } from './passrole-wildcard-resource';
import type { Rule } from './rule';

export const assumeroleWildcardResource: Rule = {
  id: 'assumerole-wildcard-resource',
  defaultSeverity: 'warning',
  fixable: true,
  reads: 'resource-unattached',
  summary: { en: 'sts:AssumeRole allowed on every role.', ja: 'すべてのロールに sts:AssumeRole を許可しています。' },
  check(ctx) {
    const { t } = ctx;
    for (const doc of ctx.analysis.documents) {
      if (doc.kind !== 'identity') continue;
      for (const g of gateView(doc, ASSUME_ROLE).grants) {
        // `*` and NotAction grant everything; this rule is about granting sts:AssumeRole itself broadly.
        if (g.grant.via === 'notAction' || g.grant.item?.text === '*') continue;
        // What the document's Deny statements leave counts (iam/effective.ts); a condition on the role's account,
        // organization or tags (the statement's own, or a Deny's) names the roles another way.
        if (g.deniedBy || isNarrowed(g)) continue;
        for (const r of g.everyRole) {
          ctx.report({ node: r.node, message: t.assumeRoleWildcard, fixes: [{ title: t.fixRoleArnPlaceholder, edits: () => [withSnippet(ctx.writer.replace(r.node, ROLE_ARN_PLACEHOLDER.text), ROLE_ARN_PLACEHOLDER.tabStops)] }] });
        }
      }
    }
  },
};

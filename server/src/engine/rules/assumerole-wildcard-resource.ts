import { withSnippet } from '../edits';
import { ASSUME_ROLE } from '../iam/actions';
import { matchesEveryRole } from '../iam/arn';
import { allows } from '../iam/grants';
import { ROLE_ARN_PLACEHOLDER } from './passrole-wildcard-resource';
import { hasConditionOn } from '../iam/trust';
import type { Rule } from './rule';

const RESOURCE_KEYS = ['aws:ResourceAccount', 'aws:ResourceOrgID', 'aws:ResourceOrgPaths', 'aws:ResourceTag', 'iam:ResourceTag'];

export const assumeroleWildcardResource: Rule = {
  id: 'assumerole-wildcard-resource',
  defaultSeverity: 'warning',
  fixable: true,
  summary: { en: 'sts:AssumeRole allowed on every role.', ja: 'すべてのロールに sts:AssumeRole を許可しています。' },
  check(ctx) {
    const { t } = ctx;
    for (const doc of ctx.analysis.documents) {
      if (doc.kind !== 'identity') continue;
      for (const stmt of doc.statements) {
        const g = allows(stmt, ASSUME_ROLE);
        // `*` and NotAction grant everything; this rule is about granting sts:AssumeRole itself broadly.
        if (!g || g.via === 'notAction' || g.item?.text === '*') continue;
        // A condition on the role's account, organisation or tags names the roles another way.
        if (hasConditionOn(stmt, RESOURCE_KEYS)) continue;
        for (const r of stmt.resources ?? []) {
          if (r.text === undefined || !matchesEveryRole(r.text)) continue;
          ctx.report({ node: r.node, message: t.assumeRoleWildcard, fixes: [{ title: t.fixRoleArnPlaceholder, edits: () => [withSnippet(ctx.writer.replace(r.node, ROLE_ARN_PLACEHOLDER.text), ROLE_ARN_PLACEHOLDER.tabStops)] }] });
        }
      }
    }
  },
};

import { withSnippet } from '../edits';
import { passedToServiceFixes } from '../fixes';
import { PASS_ROLE } from '../iam/actions';
import { matchesEveryRole } from '../iam/arn';
import { coversOtherActions, hasMisspelledPassedToService, inferPrincipals, passRoleDenyGuard, passRoleGrants } from '../iam/grants';
import type { Fix } from '../types';
import type { Rule } from './rule';

export const ROLE_ARN_PLACEHOLDER = { text: 'arn:aws:iam::111122223333:role/ROLE_NAME', tabStops: ['111122223333', 'ROLE_NAME'] };

export const passroleWildcardResource: Rule = {
  id: 'passrole-wildcard-resource',
  defaultSeverity: 'warning',
  fixable: true,
  summary: { en: 'iam:PassRole on every role without iam:PassedToService.', ja: 'iam:PassedToService なしで、すべてのロールに iam:PassRole を許可しています。' },
  check(ctx) {
    const { t, data } = ctx;
    for (const doc of ctx.analysis.documents) {
      if (doc.kind !== 'identity' || passRoleDenyGuard(doc)) continue;
      for (const g of passRoleGrants(doc)) {
        if (g.grant.via === 'notAction' || g.passedToService.length || g.stmt.notResources) continue;
        // A misspelled iam:PassedToService is passed-to-service-invalid's finding; its rename is the fix.
        if (hasMisspelledPassedToService(g.stmt, data)) continue;
        const pattern = g.grant.item?.text ?? '';
        // What the fixes need to know of the statement, found once for all its wildcard resources.
        let shared: { fixes: Fix[]; passRoleOnly: boolean } | undefined;
        for (const r of g.stmt.resources ?? []) {
          if (r.text === undefined || !matchesEveryRole(r.text)) continue;
          shared ??= { fixes: passedToServiceFixes(ctx.writer, doc, g.stmt, g.grant, inferPrincipals(doc), data, t), passRoleOnly: !coversOtherActions(g.stmt, PASS_ROLE, data) };
          const fixes: Fix[] = shared.fixes.map((f) => ({ ...f }));
          if (shared.passRoleOnly) {
            fixes.push({ title: t.fixRoleArnPlaceholder, edits: () => [withSnippet(ctx.writer.replace(r.node, ROLE_ARN_PLACEHOLDER.text), ROLE_ARN_PLACEHOLDER.tabStops)] });
          }
          ctx.report({ node: r.node, message: t.passRoleWildcard(g.grant.via, pattern), fixes, data: { statementOffset: g.stmt.node.offset } });
        }
      }
    }
  },
};

import { canSplitPassRole, keepsAllowsFromGrowing, passRoleOnlyEntries, splitPassRoleEdits } from '../fixes';
import { actionMatches, PASS_ROLE } from '../iam/actions';
import { failsWhenAbsent } from '../iam/conditions';
import { actionGrant, coversOtherActions } from '../iam/grants';
import { hasWildcard } from '../iam/wildcard';
import type { Rule } from './rule';

export const passedToServiceSharedStatement: Rule = {
  id: 'passed-to-service-shared-statement',
  defaultSeverity: 'error',
  fixable: true,
  reads: 'resource',
  summary: { en: 'iam:PassedToService or iam:AssociatedResourceArn in a statement that also allows other actions.', ja: 'ほかのアクションも許可するステートメントで iam:PassedToService または iam:AssociatedResourceArn を使っています。' },
  check(ctx) {
    const { t, data } = ctx;
    for (const doc of ctx.analysis.documents) {
      for (const stmt of doc.statements) {
        if (stmt.effect !== 'Allow') continue;
        // Only tests that are false when the key is absent break the other actions: StringNotEquals,
        // …IfExists and ForAllValues: are true for a request without the key.
        const entries = passRoleOnlyEntries(stmt).filter(failsWhenAbsent);
        if (entries.length === 0 || !coversOtherActions(stmt, PASS_ROLE, data)) continue;
        const texts = (stmt.actions ?? []).map((a) => a.text).filter((x): x is string => x !== undefined);
        const others = texts.filter((x) => hasWildcard(x) || !actionMatches(x, PASS_ROLE));
        const grant = actionGrant(stmt, PASS_ROLE);
        // Not when another item (iam:*) also grants PassRole: the split would leave it granted unconditioned.
        const canSplit = canSplitPassRole(stmt, grant);
        // After the split the other actions match, which they never did: offered, never applied by fix.
        for (const e of entries) {
          ctx.report({
            node: e.keyNode,
            message: t.ptsShared(e.key, others, others.some((x) => hasWildcard(x) && actionMatches(x, PASS_ROLE))),
            fixes: canSplit ? [{ title: t.fixSplit, preferred: keepsAllowsFromGrowing(stmt, 'more'), edits: () => splitPassRoleEdits(ctx.writer, doc, stmt, grant!.item!) }] : [],
          });
        }
      }
    }
  },
};

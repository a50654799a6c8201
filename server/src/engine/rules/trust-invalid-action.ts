import { actionMatches, PASS_ROLE, splitAction } from '../iam/actions';
import { hasWildcard } from '../iam/wildcard';
import { fittingAssumeAction, principalsOf } from '../iam/principal';
import { isTrustAction, misplacedActionPlan } from '../iam/trust';
import { valueOf } from '../json';
import { keepsAllowsFromGrowing } from '../fixes';
import type { Fix } from '../types';
import type { Rule } from './rule';

export const trustInvalidAction: Rule = {
  id: 'trust-invalid-action',
  defaultSeverity: 'error',
  fixable: true,
  reads: 'resource',
  summary: { en: 'An action other than the STS assume and session actions in a trust policy.', ja: '信頼ポリシーに STS の引き受け・セッション以外のアクションがあります。' },
  check(ctx) {
    const { t, data } = ctx;
    for (const doc of ctx.analysis.documents) {
      if (doc.kind !== 'trust') continue;
      for (const stmt of doc.statements) {
        const assume = fittingAssumeAction(principalsOf(stmt.principal));
        const list = stmt.elements.get('Action') ? valueOf(stmt.elements.get('Action')!) : undefined;
        const items = stmt.actions ?? [];
        const plan = misplacedActionPlan(stmt, assume);
        for (const item of items) {
          const a = item.text;
          if (a === undefined || isTrustAction(a)) continue;
          // iam:PassRole (and iam:Pass*) has its own rule with the contrast explained; an action that does
          // not exist at all (a typo of sts:AssumeRole…) is unknown-action's, with its did-you-mean fix.
          if (a !== '*' && actionMatches(a, PASS_ROLE)) continue;
          const name = splitAction(a);
          if (name && !hasWildcard(a) && !data.hasAction(name.service, name.name)) continue;
          const fixes: Fix[] = [];
          if (stmt.effect === 'Allow') {
            // Removing only narrows; the assume action lets the principal assume the role, which it could not
            // through this statement: offered, never applied by fix.
            if (plan.replace === item || list?.type !== 'array') fixes.push({ title: t.fixAssume(assume), preferred: keepsAllowsFromGrowing(stmt, 'more'), edits: () => [ctx.writer.replace(item.node, assume)] });
            else fixes.push({ title: t.fixRemove(a), preferred: keepsAllowsFromGrowing(stmt, 'fewer'), edits: () => [ctx.writer.remove(list, item.node)] });
          } else if (list?.type === 'array' && items.length > 1) {
            fixes.push({ title: t.fixRemove(a), edits: () => [ctx.writer.remove(list, item.node)] });
          }
          ctx.report({ node: item.node, message: t.trustInvalidAction(a), fixes });
        }
      }
    }
  },
};

import { actionMatches, PASS_ROLE } from '../iam/actions';
import { fittingAssumeAction, principalsOf } from '../iam/principal';
import { misplacedActionPlan } from '../iam/trust';
import { valueOf } from '../json';
import { keepsAllowsFromGrowing } from '../fixes';
import type { Fix } from '../types';
import type { Rule } from './rule';

export const passroleInTrustPolicy: Rule = {
  id: 'passrole-in-trust-policy',
  defaultSeverity: 'error',
  fixable: true,
  reads: 'resource',
  summary: { en: 'iam:PassRole inside a trust policy.', ja: '信頼ポリシーに iam:PassRole があります。' },
  check(ctx) {
    const { t } = ctx;
    for (const doc of ctx.analysis.documents) {
      if (doc.kind !== 'trust') continue;
      for (const stmt of doc.statements) {
        const assume = fittingAssumeAction(principalsOf(stmt.principal));
        const list = stmt.elements.get('Action') ? valueOf(stmt.elements.get('Action')!) : undefined;
        const plan = misplacedActionPlan(stmt, assume);
        for (const item of stmt.actions ?? []) {
          if (item.text === undefined || item.text === '*' || !actionMatches(item.text, PASS_ROLE)) continue;
          const fixes: Fix[] = [];
          if (stmt.effect === 'Allow') {
            // One misplaced action becomes the fitting assume action; the others are removed (titled so).
            // Removing only narrows; the assume action lets the principal assume the role, which it could
            // not: offered, never applied by fix.
            if (plan.replace !== item && list?.type === 'array') fixes.push({ title: t.fixRemove(item.text), preferred: keepsAllowsFromGrowing(stmt, 'fewer'), edits: () => [ctx.writer.remove(list, item.node)] });
            else fixes.push({ title: t.fixAssume(assume), preferred: keepsAllowsFromGrowing(stmt, 'more'), edits: () => [ctx.writer.replace(item.node, assume)] });
          } else if (list?.type === 'array' && (list.children ?? []).length > 1) {
            // In a Deny, sts:AssumeRole would lock principals out: only offer to drop the no-op action.
            fixes.push({ title: t.fixRemove(item.text), edits: () => [ctx.writer.remove(list, item.node)] });
          }
          ctx.report({ node: item.node, message: t.passRoleInTrust(item.text), fixes });
        }
      }
    }
  },
};

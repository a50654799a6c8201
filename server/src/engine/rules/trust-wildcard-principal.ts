import { withSnippet } from '../edits';
import { addConditionEdits } from '../fixes';
import { principalsOf } from '../iam/principal';
import { CALLER_KEYS, hasConditionOn } from '../iam/trust';
import type { Rule } from './rule';

const ORG_PLACEHOLDER = 'o-exampleorgid';

export const trustWildcardPrincipal: Rule = {
  id: 'trust-wildcard-principal',
  defaultSeverity: 'warning',
  fixable: true,
  reads: 'resource',
  summary: { en: 'Principal "*" in a trust policy: anyone may assume the role unless a condition narrows the caller.', ja: '信頼ポリシーの Principal が "*" です。条件で呼び出し元を限定しない限り、誰でもロールを引き受けられます。' },
  check(ctx) {
    const { t } = ctx;
    for (const doc of ctx.analysis.documents) {
      if (doc.kind !== 'trust') continue;
      for (const stmt of doc.statements) {
        if (stmt.effect !== 'Allow') continue;
        const p = principalsOf(stmt.principal);
        // IAM rejects a bare "Principal": "*" in a role trust policy, whatever the condition.
        if (p.star) ctx.report({ node: p.star, message: t.trustBareStar, severity: 'error' });
        const stars = p.aws.filter((a) => a.text === '*').map((a) => a.node);
        if (stars.length === 0) continue;
        // A condition on the caller's organisation, account, ARN or external ID narrows "*" to known callers.
        if (hasConditionOn(stmt, CALLER_KEYS)) continue;
        const withCondition = stmt.condition !== undefined;
        const fix = { title: t.fixAddOrgId, edits: () => addConditionEdits(ctx.writer, stmt, 'StringEquals', 'aws:PrincipalOrgID', ORG_PLACEHOLDER).map((e) => withSnippet(e, [ORG_PLACEHOLDER])) };
        for (const node of stars) ctx.report({ node, message: t.trustWildcardPrincipal(withCondition), severity: withCondition ? 'warning' : 'error', fixes: [fix] });
      }
    }
  },
};

import { withSnippet } from '../edits';
import { addConditionEdits } from '../fixes';
import { principalsOf } from '../iam/principal';
import { guardedByExternalId, hasConditionOn, sendsSourceKeys, SOURCE_KEYS } from '../iam/trust';
import { isServiceLinkedRoleTrust } from '../roles/facts';
import type { Rule } from './rule';

const ACCOUNT_PLACEHOLDER = '111122223333';

export const trustServiceConfusedDeputy: Rule = {
  id: 'trust-service-confused-deputy',
  defaultSeverity: 'info',
  fixable: true,
  reads: 'resource',
  summary: { en: 'A service principal that sends aws:SourceAccount/aws:SourceArn, trusted without testing them.', ja: 'aws:SourceAccount/aws:SourceArn を送るサービスプリンシパルを、それを条件にせずに信頼しています。' },
  check(ctx) {
    const { t } = ctx;
    for (const doc of ctx.analysis.documents) {
      // A service-linked role's trust policy is AWS's to write: there is nothing the user could add.
      if (doc.kind !== 'trust' || isServiceLinkedRoleTrust(ctx.analysis, doc)) continue;
      for (const stmt of doc.statements) {
        if (stmt.effect !== 'Allow' || hasConditionOn(stmt, SOURCE_KEYS)) continue;
        const externalId = hasConditionOn(stmt, ['sts:ExternalId']);
        for (const s of principalsOf(stmt.principal).service) {
          if (s.text === undefined || !sendsSourceKeys(s.text)) continue;
          // The guard the service's documentation gives: its trust policy tests sts:ExternalId.
          if (externalId && guardedByExternalId(s.text)) continue;
          ctx.report({
            node: s.node,
            message: t.confusedDeputy(s.text),
            fixes: [{ title: t.fixAddSourceAccount, edits: () => addConditionEdits(ctx.writer, stmt, 'StringEquals', 'aws:SourceAccount', ACCOUNT_PLACEHOLDER).map((e) => withSnippet(e, [ACCOUNT_PLACEHOLDER])) }],
          });
        }
      }
    }
  },
};

import { withSnippet } from '../edits';
import { addConditionEdits } from '../fixes';
import { principalsOf } from '../iam/principal';
import { CROSS_ACCOUNT_KEYS, hasConditionOn, wholeAccount } from '../iam/trust';
import { isServiceLinkedRoleTrust } from '../roles/facts';
import type { Rule } from './rule';

const EXTERNAL_ID_PLACEHOLDER = 'EXTERNAL_ID';

export const trustCrossAccountNoExternalId: Rule = {
  id: 'trust-cross-account-no-external-id',
  defaultSeverity: 'info',
  fixable: true,
  reads: 'resource',
  summary: { en: 'A whole account trusted without sts:ExternalId or another condition on the caller.', ja: 'アカウント全体を sts:ExternalId や呼び出し元の条件なしで信頼しています。' },
  check(ctx) {
    const { t } = ctx;
    for (const doc of ctx.analysis.documents) {
      // A service-linked role's trust policy is AWS's to write: there is nothing the user could add.
      if (doc.kind !== 'trust' || isServiceLinkedRoleTrust(ctx.analysis, doc)) continue;
      for (const stmt of doc.statements) {
        if (stmt.effect !== 'Allow' || hasConditionOn(stmt, CROSS_ACCOUNT_KEYS)) continue;
        for (const a of principalsOf(stmt.principal).aws) {
          const account = wholeAccount(a);
          if (!account) continue;
          ctx.report({
            node: a.node,
            message: t.crossAccountNoExternalId(account),
            fixes: [{ title: t.fixAddExternalId, edits: () => addConditionEdits(ctx.writer, stmt, 'StringEquals', 'sts:ExternalId', EXTERNAL_ID_PLACEHOLDER).map((e) => withSnippet(e, [EXTERNAL_ID_PLACEHOLDER])) }],
          });
        }
      }
    }
  },
};

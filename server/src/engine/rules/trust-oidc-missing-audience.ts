import { addConditionEdits } from '../fixes';
import { principalsOf } from '../iam/principal';
import { claimEntries, claimKey, federatedKind, positiveSubjectEntries } from '../iam/trust';
import type { Rule } from './rule';

export const trustOidcMissingAudience: Rule = {
  id: 'trust-oidc-missing-audience',
  defaultSeverity: 'warning',
  fixable: true,
  reads: 'resource',
  summary: { en: 'A GitHub, EKS, GitLab or Terraform OIDC trust without an audience (aud) condition.', ja: 'GitHub、EKS、GitLab、Terraform の OIDC の信頼にオーディエンス（aud）の条件がありません。' },
  check(ctx) {
    const { t } = ctx;
    for (const doc of ctx.analysis.documents) {
      if (doc.kind !== 'trust') continue;
      for (const stmt of doc.statements) {
        if (stmt.effect !== 'Allow') continue;
        for (const f of principalsOf(stmt.principal).federated) {
          if (f.text === undefined) continue;
          const fk = federatedKind(f.text);
          const aud = fk.kind === 'oidc' ? fk.provider?.audience : undefined;
          if (fk.kind !== 'oidc' || !fk.provider || !aud) continue;
          // Without a subject condition the missing-subject error (whose fix adds both) says it all.
          if (positiveSubjectEntries(stmt, fk.host, fk.provider).length === 0) continue;
          if (claimEntries(stmt, fk.host, aud.claim).length > 0) continue;
          const key = claimKey(fk.host, aud.claim);
          ctx.report({
            node: f.node,
            message: t.oidcMissingAudience(fk.provider.name, key, aud.value),
            fixes: [{ title: t.fixAddAudience(key, aud.value), preferred: true, edits: () => addConditionEdits(ctx.writer, stmt, 'StringEquals', key, aud.value) }],
          });
        }
      }
    }
  },
};

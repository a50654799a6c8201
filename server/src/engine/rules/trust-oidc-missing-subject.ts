import { withSnippet } from '../edits';
import { addConditionEntriesEdits, type NewConditionEntry } from '../fixes';
import { principalsOf } from '../iam/principal';
import { claimEntries, claimKey, classifySubject, federatedKind, positiveSubjectEntries, type OidcProvider } from '../iam/trust';
import type { Statement } from '../model';
import type { Fix } from '../types';
import type { Rule, RuleContext } from './rule';

/** The conditions a provider's trust should have: subject (placeholder), audience, extra claims. */
function subjectFix(ctx: RuleContext, stmt: Statement, host: string, provider: OidcProvider): Fix {
  const s = provider.subject;
  const entries: NewConditionEntry[] = [];
  if (provider.audience && claimEntries(stmt, host, provider.audience.claim).length === 0) entries.push({ operator: 'StringEquals', key: claimKey(host, provider.audience.claim), value: provider.audience.value });
  const like = s.plain.includes('*') || provider.id === 'github';
  entries.push({ operator: like ? 'StringLike' : 'StringEquals', key: claimKey(host, s.claim), value: s.plain });
  for (const x of provider.extraClaims ?? []) if (claimEntries(stmt, host, x.claim).length === 0) entries.push({ operator: x.operator, key: claimKey(host, x.claim), value: x.value });
  return {
    title: ctx.t.fixAddSubject(claimKey(host, s.claim)),
    // The subject is a placeholder (OWNER/REPO …) the user must fill in: offered, not applied by fix-all.
    edits: () => addConditionEntriesEdits(ctx.writer, stmt, entries).map((e) => withSnippet(e, s.tabStops)),
  };
}

export const trustOidcMissingSubject: Rule = {
  id: 'trust-oidc-missing-subject',
  defaultSeverity: 'error',
  fixable: true,
  reads: 'resource',
  summary: { en: 'An OIDC trust with no condition on the subject claim, or one that matches every subject.', ja: 'OIDC の信頼にサブジェクトクレームの条件がないか、すべてのサブジェクトに一致します。' },
  check(ctx) {
    const { t } = ctx;
    for (const doc of ctx.analysis.documents) {
      if (doc.kind !== 'trust') continue;
      for (const stmt of doc.statements) {
        if (stmt.effect !== 'Allow') continue;
        for (const f of principalsOf(stmt.principal).federated) {
          if (f.text === undefined) continue;
          const fk = federatedKind(f.text);
          if (fk.kind !== 'oidc' || !fk.provider) continue;
          const provider = fk.provider;
          const key = claimKey(fk.host, provider.subject.claim);
          const entries = positiveSubjectEntries(stmt, fk.host, provider);
          if (entries.length === 0) {
            ctx.report({ node: f.node, message: t.oidcMissingSubject(provider.name, key), fixes: [subjectFix(ctx, stmt, fk.host, provider)] });
            continue;
          }
          for (const e of entries) {
            if (!/Like$/.test(e.operator.base)) continue;
            for (const v of e.values) {
              if (v.text !== undefined && classifySubject(provider, v.text) === 'everything') ctx.report({ node: v.node, message: t.oidcSubjectEverything(e.key, v.text) });
            }
          }
        }
      }
    }
  },
};

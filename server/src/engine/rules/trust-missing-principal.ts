import type { Rule } from './rule';

export const trustMissingPrincipal: Rule = {
  id: 'trust-missing-principal',
  defaultSeverity: 'error',
  fixable: false,
  reads: 'resource',
  summary: { en: 'A trust-policy statement without Principal.', ja: '信頼ポリシーのステートメントに Principal がありません。' },
  check(ctx) {
    for (const doc of ctx.analysis.documents) {
      if (doc.kind !== 'trust') continue;
      for (const stmt of doc.statements) {
        // NotPrincipal is trust-not-principal's finding.
        // A principal known only at deploy time (a Terraform `dynamic` block) may well be there.
        if (stmt.elements.has('Principal') || stmt.elements.has('NotPrincipal') || stmt.unknown?.has('Principal') || stmt.unknown?.has('NotPrincipal')) continue;
        ctx.report({ span: { offset: stmt.node.offset, length: 1 }, message: ctx.t.trustMissingPrincipal });
      }
    }
  },
};

import { keyOf } from '../json';
import type { Rule } from './rule';

export const trustNotPrincipal: Rule = {
  id: 'trust-not-principal',
  defaultSeverity: 'error',
  fixable: false,
  reads: 'resource',
  summary: { en: 'NotPrincipal in a trust policy.', ja: '信頼ポリシーに NotPrincipal があります。' },
  check(ctx) {
    for (const doc of ctx.analysis.documents) {
      if (doc.kind !== 'trust') continue;
      for (const stmt of doc.statements) {
        const p = stmt.elements.get('NotPrincipal');
        if (p) ctx.report({ node: keyOf(p), message: ctx.t.trustNotPrincipal });
      }
    }
  },
};

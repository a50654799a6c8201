import { keyOf } from '../json';
import type { Rule } from './rule';

export const identityPolicyPrincipal: Rule = {
  id: 'identity-policy-principal',
  defaultSeverity: 'error',
  fixable: false,
  reads: 'resource',
  summary: { en: 'Principal or NotPrincipal in an identity-based policy.', ja: 'アイデンティティベースのポリシーに Principal または NotPrincipal があります。' },
  check(ctx) {
    for (const doc of ctx.analysis.documents) {
      if (doc.kind !== 'identity') continue;
      for (const stmt of doc.statements) {
        for (const name of ['Principal', 'NotPrincipal'] as const) {
          const p = stmt.elements.get(name);
          if (p) ctx.report({ node: keyOf(p), message: ctx.t.identityPrincipal(name) });
        }
      }
    }
  },
};

import { principalsOf } from '../iam/principal';
import { checkServicePrincipal, isStrongSuggestion } from '../iam/principals';
import { keepsAllowsFromGrowing } from '../fixes';
import type { Rule } from './rule';

export const trustUnknownServicePrincipal: Rule = {
  id: 'trust-unknown-service-principal',
  defaultSeverity: 'error',
  fixable: true,
  reads: 'resource',
  summary: { en: 'A Service principal that is malformed or unknown.', ja: 'Service プリンシパルの形式が不正か、未知のものです。' },
  check(ctx) {
    const { t, data } = ctx;
    for (const doc of ctx.analysis.documents) {
      if (doc.kind !== 'trust') continue;
      for (const stmt of doc.statements) {
        for (const item of principalsOf(stmt.principal).service) {
          const value = item.text;
          if (value === undefined || value.includes('${') || item.node.type !== 'string') continue;
          const verdict = checkServicePrincipal(value, data);
          if (verdict.ok) continue;
          const s = verdict.suggestion;
          // The known principal can assume the role, which the misspelled one never could: applied by fix only
          // in a Deny, offered in the editor.
          ctx.report({ node: item.node, message: t.trustUnknownService(value, verdict.reason, s), fixes: s ? [{ title: t.fixReplaceWith(s), preferred: isStrongSuggestion(value, s, verdict.reason) && keepsAllowsFromGrowing(stmt, 'more'), edits: () => [ctx.writer.replace(item.node, s)] }] : [] });
        }
      }
    }
  },
};

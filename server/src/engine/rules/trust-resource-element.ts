import { keyOf } from '../json';
import type { Rule } from './rule';

export const trustResourceElement: Rule = {
  id: 'trust-resource-element',
  defaultSeverity: 'error',
  fixable: true,
  reads: 'resource',
  summary: { en: 'Resource or NotResource in a trust policy.', ja: '信頼ポリシーに Resource または NotResource があります。' },
  check(ctx) {
    const { t } = ctx;
    for (const doc of ctx.analysis.documents) {
      if (doc.kind !== 'trust') continue;
      for (const stmt of doc.statements) {
        for (const name of ['Resource', 'NotResource'] as const) {
          const p = stmt.elements.get(name);
          if (!p) continue;
          ctx.report({ node: keyOf(p), message: t.trustResourceElement(name), fixes: [{ title: t.fixRemoveElement(name), preferred: true, edits: () => [ctx.writer.remove(stmt.node, p)] }] });
        }
      }
    }
  },
};

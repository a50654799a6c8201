import { valueOf } from '../json';
import type { Rule } from './rule';

export const duplicateSid: Rule = {
  id: 'duplicate-sid',
  defaultSeverity: 'error',
  fixable: false,
  reads: 'resource',
  summary: { en: 'Two statements of one policy share a Sid.', ja: '1 つのポリシーの 2 つのステートメントが同じ Sid を持っています。' },
  check(ctx) {
    for (const doc of ctx.analysis.documents) {
      const first = new Map<string, { offset: number; length: number }>();
      for (const stmt of doc.statements) {
        const p = stmt.elements.get('Sid');
        const v = p ? valueOf(p) : undefined;
        if (v?.type !== 'string' || v.value === '') continue;
        const sid = v.value as string;
        const earlier = first.get(sid);
        if (earlier) ctx.report({ node: v, message: ctx.t.duplicateSid(sid), related: [{ ...earlier, message: ctx.t.duplicateSidFirst }] });
        else first.set(sid, { offset: v.offset, length: v.length });
      }
    }
  },
};

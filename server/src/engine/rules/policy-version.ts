import { valueOf } from '../json';
import { rootElement } from '../model';
import type { Rule } from './rule';

export const CURRENT_VERSION = '2012-10-17';

export const policyVersion: Rule = {
  id: 'policy-version',
  defaultSeverity: 'warning',
  fixable: true,
  summary: { en: 'Missing, old or invalid policy Version.', ja: 'ポリシーの Version がない、古い、または不正です。' },
  check(ctx) {
    const { t, text } = ctx;
    for (const doc of ctx.analysis.documents) {
      const p = rootElement(doc.root, 'Version');
      if (!p) {
        ctx.report({
          span: doc.anchor,
          message: t.versionMissing,
          fixes: [{ title: t.fixInsertVersion, preferred: true, edits: () => [ctx.writer.insertMembers(doc.root, [['Version', CURRENT_VERSION]], 'first')] }],
        });
        continue;
      }
      const v = valueOf(p);
      if (!v) continue;
      if (v.type === 'string' && v.value === CURRENT_VERSION) continue;
      const replace = { title: t.fixReplaceVersion, preferred: true, edits: () => [ctx.writer.replace(v, CURRENT_VERSION)] };
      if (v.type === 'string' && v.value === '2008-10-17') ctx.report({ node: v, message: t.versionOld, severity: 'warning', fixes: [replace] });
      else ctx.report({ node: v, message: t.versionInvalid(v.type === 'string' ? String(v.value) : text.slice(v.offset, v.offset + v.length)), severity: 'error', fixes: [replace] });
    }
  },
};

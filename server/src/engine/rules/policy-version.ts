import { valueOf } from '../json';
import { conditionEntries } from '../iam/conditions';
import { rootElement, type PolicyDocument } from '../model';
import type { Rule } from './rule';

export const CURRENT_VERSION = '2012-10-17';

/** `${aws:username}`, `${saml:sub}` (and `${!aws:username}` inside Fn::Sub); not `${AWS::AccountId}`, `${Role.Arn}`. */
const POLICY_VARIABLE = /\$\{!?[^}:]+:(?!:)[^}]*\}/;

/**
 * Whether the document uses policy variables: with `2012-10-17` they are replaced by the request's values,
 * where the old language (and no Version) compares them as plain text, so the version changes what the
 * statements match. The version fix is then offered, never applied by fix.
 */
function usesVariables(doc: PolicyDocument): boolean {
  return doc.statements.some((s) =>
    [...(s.resources ?? []), ...(s.notResources ?? [])].some((r) => r.text !== undefined && POLICY_VARIABLE.test(r.text)) ||
    conditionEntries(s).some((e) => POLICY_VARIABLE.test(e.key) || e.values.some((v) => v.text !== undefined && POLICY_VARIABLE.test(v.text))),
  );
}

export const policyVersion: Rule = {
  id: 'policy-version',
  defaultSeverity: 'warning',
  fixable: true,
  reads: 'resource',
  summary: { en: 'Missing, old or invalid policy Version.', ja: 'ポリシーの Version がない、古い、または不正です。' },
  check(ctx) {
    const { t, text } = ctx;
    for (const doc of ctx.analysis.documents) {
      const p = rootElement(doc.root, 'Version');
      // A current Version has nothing to report: only then look for policy variables.
      const v = p ? valueOf(p) : undefined;
      if (p && (!v || (v.type === 'string' && v.value === CURRENT_VERSION))) continue;
      const preferred = !usesVariables(doc);
      if (!p) {
        ctx.report({
          span: doc.anchor,
          message: t.versionMissing,
          fixes: [{ title: t.fixInsertVersion, preferred, edits: () => [ctx.writer.insertMembers(doc.root, [['Version', CURRENT_VERSION]], 'first')] }],
        });
        continue;
      }
      if (!v) continue;
      const replace = { title: t.fixReplaceVersion, preferred, edits: () => [ctx.writer.replace(v, CURRENT_VERSION)] };
      if (v.type === 'string' && v.value === '2008-10-17') ctx.report({ node: v, message: t.versionOld, severity: 'warning', fixes: [replace] });
      else ctx.report({ node: v, message: t.versionInvalid(v.type === 'string' ? String(v.value) : text.slice(v.offset, v.offset + v.length)), severity: 'error', fixes: [replace] });
    }
  },
};

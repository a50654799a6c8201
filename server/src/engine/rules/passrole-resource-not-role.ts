import { PASS_ROLE } from '../iam/actions';
import { instanceProfileToRole, roleArnVerdict } from '../iam/arn';
import { coversOtherActions, passRoleGrants } from '../iam/grants';
import { prop, valueOf, type JsonNode } from '../json';
import { keepsAllowsFromGrowing } from '../fixes';
import type { Rule } from './rule';

/** The template string of `{"Fn::Sub": "…"}` or `{"Fn::Sub": ["…", {…}]}`. */
function subString(n: JsonNode): JsonNode | undefined {
  const p = prop(n, 'Fn::Sub');
  const v = p ? valueOf(p) : undefined;
  const s = v?.type === 'array' ? v.children?.[0] : v;
  return s?.type === 'string' ? s : undefined;
}

export const passroleResourceNotRole: Rule = {
  id: 'passrole-resource-not-role',
  defaultSeverity: 'error',
  fixable: true,
  summary: { en: 'The resource of a PassRole-only statement is not an IAM role ARN.', ja: 'PassRole だけのステートメントのリソースが IAM ロールの ARN ではありません。' },
  check(ctx) {
    const { t, data } = ctx;
    const template = ctx.analysis.template;
    for (const doc of ctx.analysis.documents) {
      if (doc.kind !== 'identity') continue;
      for (const g of passRoleGrants(doc)) {
        if (coversOtherActions(g.stmt, PASS_ROLE, data)) continue;
        for (const r of g.stmt.resources ?? []) {
          if (r.ref && template) {
            // The ARN names the role where the name named nothing: the statement starts to pass it. Applied
            // by fix only where that cannot widen access (a Deny); offered in the editor.
            const target = template.resources.get(r.ref.logicalId);
            if (!target) continue;
            const id = r.ref.logicalId;
            if (target.type === 'AWS::IAM::Role' && r.ref.kind === 'Ref') {
              ctx.report({ node: r.node, message: t.passRoleRefName(id), fixes: [{ title: t.fixGetAtt(id), preferred: keepsAllowsFromGrowing(g.stmt, 'more'), edits: () => [ctx.writer.replace(r.node, { 'Fn::GetAtt': [id, 'Arn'] })] }] });
            } else if (target.type !== 'AWS::IAM::Role' && target.type !== '') {
              ctx.report({ node: r.node, message: t.passRoleRefNotRole(id, target.type) });
            }
            continue;
          }
          if (r.text === undefined) continue;
          const verdict = roleArnVerdict(r.text);
          if (verdict === 'instance-profile') {
            const role = instanceProfileToRole(r.text);
            // Edit the string itself, also inside {"Fn::Sub": "…"} so CloudFormation still substitutes it.
            const target = r.node.type === 'string' ? r.node : subString(r.node);
            const fixes = target ? [{ title: t.fixInstanceProfile(role), edits: () => [ctx.writer.replace(target, role)] }] : [];
            ctx.report({ node: r.node, message: t.passRoleNotRole('instance-profile', r.text), fixes });
          } else if (verdict === 'not-role') {
            ctx.report({ node: r.node, message: t.passRoleNotRole('not-role', r.text) });
          }
        }
      }
    }
  },
};

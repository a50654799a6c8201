import { ASSUME_ROLE, expandAction, fullName } from '../iam/actions';
import { roleArnVerdict } from '../iam/arn';
import { allows } from '../iam/grants';
import { isTrustAction } from '../iam/trust';
import { hasWildcard } from '../iam/wildcard';
import type { Statement } from '../model';
import type { IamData } from '../iam/data';
import { keepsAllowsFromGrowing } from '../fixes';
import type { Rule } from './rule';

/** The statement allows only STS assume and session actions, whose resource is always a role. */
function onlyAssumeActions(stmt: Statement, data: IamData): boolean {
  if (!stmt.actions) return false;
  return stmt.actions.every((a) => {
    if (a.text === undefined) return false;
    if (!hasWildcard(a.text)) return isTrustAction(a.text);
    if (a.text === '*' || !/^sts:/i.test(a.text)) return false;
    return expandAction(a.text, data).every((x) => isTrustAction(fullName(x)));
  });
}

export const assumeroleResourceNotRole: Rule = {
  id: 'assumerole-resource-not-role',
  defaultSeverity: 'error',
  fixable: true,
  summary: { en: 'sts:AssumeRole granted on something that is not a role ARN.', ja: 'ロールの ARN ではないものに sts:AssumeRole を許可しています。' },
  check(ctx) {
    const { t, data } = ctx;
    const template = ctx.analysis.template;
    for (const doc of ctx.analysis.documents) {
      if (doc.kind !== 'identity') continue;
      for (const stmt of doc.statements) {
        const g = allows(stmt, ASSUME_ROLE);
        // Only statements about assuming roles: other actions make other resources legitimate.
        if (!g || g.via === 'notAction' || !onlyAssumeActions(stmt, data)) continue;
        for (const r of stmt.resources ?? []) {
          if (r.ref && template) {
            // The ARN names the role where the name named nothing: the statement starts to allow assuming it.
            // Applied by fix only where that cannot widen access; offered in the editor.
            const target = template.resources.get(r.ref.logicalId);
            if (!target) continue;
            const id = r.ref.logicalId;
            if (target.type === 'AWS::IAM::Role' && r.ref.kind === 'Ref') {
              ctx.report({ node: r.node, message: t.assumeRoleRefName(id), fixes: [{ title: t.fixGetAtt(id), preferred: keepsAllowsFromGrowing(stmt, 'more'), edits: () => [ctx.writer.replace(r.node, { 'Fn::GetAtt': [id, 'Arn'] })] }] });
            } else if (target.type !== 'AWS::IAM::Role' && target.type !== '') {
              ctx.report({ node: r.node, message: t.assumeRoleRefNotRole(id, target.type) });
            }
            continue;
          }
          if (r.text === undefined) continue;
          const verdict = roleArnVerdict(r.text);
          if (verdict === 'not-role' || verdict === 'instance-profile') ctx.report({ node: r.node, message: t.assumeRoleNotRole(r.text) });
        }
      }
    }
  },
};

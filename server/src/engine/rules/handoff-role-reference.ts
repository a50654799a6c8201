import type { HandoffExpects } from '../iam/handoffs';
import { localFacts, type LocalHandoff, type LocalFacts } from '../roles/facts';
import type { RoleRef } from '../roles/refs';
import type { Fix } from '../types';
import type { Rule, RuleContext } from './rule';

const wantsRole = (e: readonly HandoffExpects[]) => e.includes('arn') || e.includes('name');
const wantsProfile = (e: readonly HandoffExpects[]) => e.includes('instance-profile-arn') || e.includes('instance-profile-name');

/** The last property name of a hand-off's path (`Role`, `IamInstanceProfile`), for messages. */
function property(h: LocalHandoff): string {
  const parts = h.spec.path.split('.');
  return parts[parts.length - 1]!.replace(/\[\]|\{\}/g, '');
}

/** The instance profile of the template that holds a role (by Ref), if there is exactly one. */
function profileHolding(facts: LocalFacts, roleId: string): string | undefined {
  const found = [...facts.profiles.values()].filter((p) => p.roles.some((r) => r.ref.kind === 'local' && r.ref.id === roleId));
  return found.length === 1 ? found[0]!.key : undefined;
}

/** The one role an instance profile of the template holds (by Ref). */
function roleOfProfile(facts: LocalFacts, profileId: string): string | undefined {
  const roles = facts.profiles.get(profileId)?.roles ?? [];
  const ref = roles.length === 1 ? roles[0]!.ref : undefined;
  return ref?.kind === 'local' && facts.roles.has(ref.id) ? ref.id : undefined;
}

function refTo(id: string, asArn: boolean): unknown {
  return asArn ? { 'Fn::GetAtt': [id, 'Arn'] } : { Ref: id };
}

/**
 * Values that are not role names though they are not ARNs: a service principal (a property that takes a role
 * or a principal, as `AWS::Lambda::Permission`'s `Principal`), and SAM's `NONE` and `CALLER_CREDENTIALS`
 * (an authorizer invoked with no role, or with the caller's credentials).
 */
const NOT_A_NAME = /^(?:NONE|CALLER_CREDENTIALS)$|\.amazonaws\.com(?:\.cn)?$|^\d{12}$/;

function check(ctx: RuleContext, facts: LocalFacts, h: LocalHandoff): void {
  const { t, writer } = ctx;
  const e = h.spec.expects;
  // A property no service receives the role through (`principals: null`) takes other things than roles
  // too: only a role of the template given the wrong way is reported there.
  const roleOnly = h.spec.principals !== null;
  const ref: RoleRef = h.ref;
  const prop = property(h);
  const fix = (title: string, value: unknown, preferred = true): Fix => ({ title, preferred, edits: () => [writer.replace(h.node, value)] });
  if (ref.kind === 'local' && !ref.inArn) {
    const type = facts.types.get(ref.id);
    const roleKind = facts.roles.get(ref.id)?.kind;
    // A Terraform role reference (`aws_iam_role.x.arn`) is a role; the name/ARN checks below and their
    // fixes are written in CloudFormation's terms, so they apply to CloudFormation roles only.
    if (roleKind === 'terraform') return;
    const isRole = roleKind === 'cfn';
    const isProfile = facts.profiles.has(ref.id);
    const byName = ref.attribute === 'Ref';
    const byArn = ref.attribute === 'Arn';
    if (isRole) {
      if (!wantsRole(e)) {
        if (!wantsProfile(e)) return;
        const profile = profileHolding(facts, ref.id);
        ctx.report({ node: h.node, message: t.roleForProfile(ref.id, prop, profile), fixes: profile ? [fix(t.fixUseProfile(profile), refTo(profile, e.includes('instance-profile-arn') && !e.includes('instance-profile-name')))] : [] });
      } else if (byName && !e.includes('name')) ctx.report({ node: h.node, message: t.refNameForArn(ref.id, prop), fixes: [fix(t.fixUseGetAtt(ref.id), refTo(ref.id, true))] });
      else if (byArn && !e.includes('arn')) ctx.report({ node: h.node, message: t.refArnForName(ref.id, prop), fixes: [fix(t.fixUseRef(ref.id), refTo(ref.id, false))] });
      return;
    }
    if (isProfile) {
      if (!wantsProfile(e)) {
        if (!wantsRole(e)) return;
        const role = roleOfProfile(facts, ref.id);
        ctx.report({ node: h.node, message: t.profileForRole(ref.id, prop, role), fixes: role ? [fix(t.fixUseRole(role), refTo(role, !e.includes('name')))] : [] });
      } else if (byName && !e.includes('instance-profile-name')) ctx.report({ node: h.node, message: t.profileRefForArn(ref.id, prop), fixes: [fix(t.fixUseGetAtt(ref.id), refTo(ref.id, true))] });
      else if (byArn && !e.includes('instance-profile-arn')) ctx.report({ node: h.node, message: t.profileArnForName(ref.id, prop), fixes: [fix(t.fixUseRef(ref.id), refTo(ref.id, false))] });
      return;
    }
    // A Ref of a parameter (no resource) is the user's to know; another resource type is never a role.
    if (roleOnly && type && !type.startsWith('AWS::Serverless::') && !type.startsWith('Custom::') && type !== 'AWS::CloudFormation::Stack') ctx.report({ node: h.node, message: t.notARole(ref.id, type, prop) });
    return;
  }
  if (ref.kind === 'arn') {
    if (ref.type === 'instance-profile' && wantsRole(e) && !wantsProfile(e)) ctx.report({ node: h.node, message: t.profileArnForRole(prop) });
    else if (ref.type === 'role' && wantsProfile(e) && !wantsRole(e)) ctx.report({ node: h.node, message: t.roleArnForProfile(prop) });
    return;
  }
  if (ref.kind === 'name' && roleOnly && !NOT_A_NAME.test(ref.name) && e.length === 1 && e[0] === 'arn') {
    // A role name written where its ARN goes: the ARN of that role in the stack's account and partition.
    const arn = { 'Fn::Sub': `arn:\${AWS::Partition}:iam::\${AWS::AccountId}:role/${ref.name}` };
    ctx.report({ node: h.node, message: t.nameForArn(ref.name, prop), fixes: [fix(t.fixRoleArnFromName(ref.name), arn)] });
  }
}

export const handoffRoleReference: Rule = {
  id: 'handoff-role-reference',
  defaultSeverity: 'error',
  fixable: true,
  summary: {
    en: 'A hand-off that cannot be what its property takes: a role\'s name where its ARN goes, an instance profile where a role goes, or the reverse.',
    ja: 'ロールを渡すプロパティに合わない値です（ARN が必要な場所にロール名、ロールが必要な場所にインスタンスプロファイル、またはその逆）。',
  },
  check(ctx) {
    const facts = localFacts(ctx.analysis);
    for (const h of facts.handoffs) check(ctx, facts, h);
  },
};

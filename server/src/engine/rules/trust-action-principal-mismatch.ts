import { ASSUME_ACTIONS, ASSUME_ROLE, ASSUME_ROLE_SAML, ASSUME_ROLE_WEB } from '../iam/actions';
import { actionGrant } from '../iam/grants';
import { principalsOf } from '../iam/principal';
import { canonicalPrincipal } from '../iam/principals';
import { federatedKind, SERVICE_SESSION_ACTIONS } from '../iam/trust';
import { valueOf } from '../json';
import type { PolicyDocument, Statement } from '../model';
import { keepsAllowsFromGrowing } from '../fixes';
import type { Fix } from '../types';
import { SourceValue } from '../writer';
import type { Rule, RuleContext } from './rule';

type Kind = 'saml' | 'oidc' | 'service' | 'aws';
const FITS: Record<Kind, string> = { saml: ASSUME_ROLE_SAML, oidc: ASSUME_ROLE_WEB, service: ASSUME_ROLE, aws: ASSUME_ROLE };

/**
 * Services that need several actions to assume a role (IAM Roles Anywhere): the Allow statements that trust the
 * service must allow each of them between them. One finding per service, on the Action of the first statement
 * that trusts it.
 */
function checkSessionActions(ctx: RuleContext, doc: PolicyDocument): void {
  const { t } = ctx;
  const trusting = new Map<string, Statement[]>();
  for (const stmt of doc.statements) {
    if (stmt.effect !== 'Allow') continue;
    for (const s of principalsOf(stmt.principal).service) {
      const name = s.text === undefined ? undefined : canonicalPrincipal(s.text);
      if (name && SERVICE_SESSION_ACTIONS[name]) trusting.set(name, [...(trusting.get(name) ?? []), stmt]);
    }
  }
  for (const [service, stmts] of trusting) {
    const missing = SERVICE_SESSION_ACTIONS[service]!.filter((a) => !stmts.some((s) => actionGrant(s, a)));
    const first = stmts[0]!;
    const actionProp = first.elements.get('Action');
    const list = actionProp ? valueOf(actionProp) : undefined;
    if (missing.length === 0 || !list) continue;
    // Adding the actions lets the service assume the role, which it cannot do today: offered, never applied by fix.
    const fixes: Fix[] =
      list.type === 'string' || list.type === 'array'
        ? [
            {
              title: t.fixAddActions(missing),
              preferred: keepsAllowsFromGrowing(first, 'more'),
              // One action goes into the list as it is written; several (or a single string) make a new list.
              edits: () => [list.type === 'array' && missing.length === 1 ? ctx.writer.insertItem(list, missing[0]!) : ctx.writer.replace(list, [...(list.type === 'array' ? (list.children ?? []) : [list]).map((n) => new SourceValue(n)), ...missing])],
            },
          ]
        : [];
    ctx.report({ node: list, message: t.trustSessionActions(service, SERVICE_SESSION_ACTIONS[service]!, missing), fixes });
  }
}

export const trustActionPrincipalMismatch: Rule = {
  id: 'trust-action-principal-mismatch',
  defaultSeverity: 'error',
  fixable: true,
  reads: 'resource',
  summary: { en: 'An assume action that does not fit the principal (SAML, OIDC, service, AWS), or a service missing the actions it needs.', ja: 'プリンシパル（SAML、OIDC、サービス、AWS）に合わない引き受けアクション、またはサービスに必要なアクションの不足。' },
  check(ctx) {
    const { t } = ctx;
    for (const doc of ctx.analysis.documents) {
      if (doc.kind !== 'trust') continue;
      for (const stmt of doc.statements) {
        const p = principalsOf(stmt.principal);
        const kinds = new Set<Kind>();
        for (const f of p.federated) if (f.text !== undefined) kinds.add(federatedKind(f.text).kind);
        if (p.service.length) kinds.add('service');
        if (p.aws.length || p.star) kinds.add('aws');
        // A statement mixing principal kinds cannot fit any single action; only the clear cases are judged.
        if (kinds.size !== 1) continue;
        const kind = [...kinds][0]!;
        const fitting = FITS[kind];
        for (const item of stmt.actions ?? []) {
          const a = item.text;
          if (a === undefined) continue;
          const assume = ASSUME_ACTIONS.find((x) => x.toLowerCase() === a.toLowerCase());
          if (!assume || assume === fitting) continue;
          // The fitting action lets the principal assume the role, which it could not through this action:
          // in an Allow that grants access, so it is offered, never applied by fix; in a Deny it denies more.
          ctx.report({ node: item.node, message: t.trustActionMismatch(assume, kind, fitting), fixes: [{ title: t.fixAssume(fitting), preferred: keepsAllowsFromGrowing(stmt, 'more'), edits: () => [ctx.writer.replace(item.node, fitting)] }] });
        }
      }
      checkSessionActions(ctx, doc);
    }
  },
};

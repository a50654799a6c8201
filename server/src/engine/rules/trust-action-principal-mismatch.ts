import { ASSUME_ACTIONS, ASSUME_ROLE, ASSUME_ROLE_SAML, ASSUME_ROLE_WEB } from '../iam/actions';
import { principalsOf } from '../iam/principal';
import { federatedKind } from '../iam/trust';
import { keepsAllowsFromGrowing } from '../fixes';
import type { Rule } from './rule';

type Kind = 'saml' | 'oidc' | 'service' | 'aws';
const FITS: Record<Kind, string> = { saml: ASSUME_ROLE_SAML, oidc: ASSUME_ROLE_WEB, service: ASSUME_ROLE, aws: ASSUME_ROLE };

export const trustActionPrincipalMismatch: Rule = {
  id: 'trust-action-principal-mismatch',
  defaultSeverity: 'error',
  fixable: true,
  summary: { en: 'An assume action that does not fit the principal (SAML, OIDC, service, AWS).', ja: 'プリンシパル（SAML、OIDC、サービス、AWS）に合わない引き受けアクションです。' },
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
    }
  },
};

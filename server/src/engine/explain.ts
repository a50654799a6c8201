// The PassRole vs AssumeRole explainer: for the document in focus, what it lets someone pass or assume,
// and what the other side must say for it to work.
import type { Explanation, ExplainSection } from '../protocol';
import { readDocuments, type Analysis } from './analyze';
import { hoverText, roleMarkdown } from './hover';
import { messages } from './i18n';
import { ASSUME_ACTIONS, PASS_ROLE, TRUST_ACTIONS, actionMatches } from './iam/actions';
import { liveGrants } from './iam/effective';
import { allows } from './iam/grants';
import { principalsOf } from './iam/principal';
import type { PolicyDocument } from './model';
import type { AnalysisOptions } from './types';
import { unique } from './util';
import { localFacts, trustsAny } from './roles/facts';
import { resolveRef, roleLabel } from './roles/resolve';
import { summarizeRole } from './roles/summary';
import { hasWildcard } from './iam/wildcard';

function texts(items: readonly { text: string | undefined }[] | undefined): string[] {
  return unique((items ?? []).map((i) => i.text ?? '…'));
}

/** `offset`: the cursor; when it is on a role, the explanation's `role` section says all that is known of it. */
export function explain(text: string, options: AnalysisOptions = {}, analysis?: Analysis, offset?: number): Explanation {
  const a = analysis ?? readDocuments(text, options);
  const h = hoverText(options.locale);
  const t = messages(options.locale);
  const passRole: ExplainSection = { title: h.explainPassRoleTitle, lines: [] };
  const assumeRole: ExplainSection = { title: h.explainAssumeTitle, lines: [] };
  const together: ExplainSection = { title: h.explainTogetherTitle, lines: [] };
  const many = a.documents.length > 1;
  const facts = localFacts(a);
  const prefix = (doc: PolicyDocument) => (many && doc.cfn ? `${h.explainIn(doc.cfn.location)} ` : '');
  for (const doc of a.documents) {
    const p = prefix(doc);
    if (doc.kind === 'trust') {
      const trusted: string[] = [];
      const services: string[] = [];
      const actions: string[] = [];
      for (const s of doc.statements) {
        if (s.effect !== 'Allow') continue;
        const ps = principalsOf(s.principal);
        services.push(...texts(ps.service));
        trusted.push(...(ps.star ? ['*'] : []), ...texts(ps.service), ...texts(ps.aws), ...texts(ps.federated));
        actions.push(...texts(s.actions).filter((x) => TRUST_ACTIONS.some((ta) => actionMatches(x, ta))));
      }
      assumeRole.lines.push(p + (trusted.length ? h.explainTrusts(unique(trusted), unique(actions)) : h.explainTrustsNobody));
      passRole.lines.push(p + h.explainTrustNoPassRole(unique(services)));
      const role = [...facts.roles.values()].find((r) => r.trust?.doc === doc);
      const summary = role ? summarizeRole(a, { where: 'local', role }) : undefined;
      for (const u of summary?.handedTo ?? []) together.lines.push(p + h.explainHandedTo(summary!.name, u.label + (u.file ? ` (${u.file.split(/[\\/]/).pop()})` : ''), u.principals, u.trusted));
      for (const u of summary?.passedBy ?? []) together.lines.push(p + h.explainPassedBy(summary!.name, u.label + (u.file ? ` (${u.file.split(/[\\/]/).pop()})` : ''), u.principals.length ? u.principals : undefined));
      if (!summary?.passedBy.length) together.lines.push(p + h.explainNeedPassRole(unique(services)));
      continue;
    }
    // What the Deny statements leave (iam/effective.ts): a grant they take away passes nothing.
    const grants = liveGrants(doc, PASS_ROLE);
    if (grants.length === 0) passRole.lines.push(p + h.explainNoPassRole);
    for (const g of grants) {
      const roles = g.stmt.notResources ? texts(g.stmt.notResources).map((r) => `NotResource ${r}`) : texts(g.stmt.resources);
      const services = g.passedTo?.values;
      passRole.lines.push(p + h.explainPasses(roles, services));
      for (const r of g.stmt.resources ?? []) {
        const grant = facts.grants.find((x) => x.item === r);
        const resolved = grant ? resolveRef(grant.ref, facts, a) : undefined;
        const trust = resolved?.type === 'role' ? resolved.target.role.trust : undefined;
        if (resolved?.type !== 'role' || !trust) {
          together.lines.push(p + h.explainNeedTrust(r.text ?? '…', services ?? []));
          continue;
        }
        const name = roleLabel(resolved.target) + (resolved.target.where === 'remote' ? ` (${resolved.target.role.file.split(/[\\/]/).pop()})` : '');
        const wanted = (services ?? []).filter((x) => !hasWildcard(x));
        const missing = wanted.filter((x) => !trustsAny(trust, [x]));
        const trustedBy = trust.services.map((x) => x.text);
        together.lines.push(p + (wanted.length && missing.length === 0 ? h.explainRoleTrusted(name, wanted) : missing.length ? h.explainRoleNotTrusted(name, missing, trustedBy) : h.explainNeedTrust(name, trustedBy)));
      }
    }
    const assumes = doc.statements.filter((s) => ASSUME_ACTIONS.some((x) => allows(s, x)));
    if (assumes.length === 0) assumeRole.lines.push(p + h.explainNoAssume);
    for (const s of assumes) {
      const roles = texts(s.resources);
      assumeRole.lines.push(p + h.explainAssumes(roles));
      for (const role of roles) together.lines.push(p + h.explainNeedAssumeTrust(role));
    }
  }
  if (together.lines.length === 0) together.lines.push(h.explainNothing);
  const out: Explanation = { title: h.explainTitle(t.kindName[a.fileKind] ?? a.fileKind), kind: a.fileKind, passRole, assumeRole, together };
  const role = offset === undefined ? undefined : roleMarkdown(h, a, offset);
  if (role) out.role = { title: h.explainRoleTitle, lines: role.markdown.split('\n').filter((l) => l.trim() !== '').map((l) => l.replace(/^- /, '')) };
  return out;
}

// The iam:PassedToService fix for a service the user picks (the client's quick pick): the choices,
// best guesses first, and the edit for the chosen ones.
import type { Analysis } from './analyze';
import { passedToServiceEdits } from './fixes';
import { PASS_ROLE } from './iam/actions';
import { iamData } from './iam/data';
import { allows, inferPrincipals } from './iam/grants';
import { knownServicePrincipals } from './iam/principals';
import type { PolicyDocument, Statement } from './model';
import type { TextEdit } from './types';

function statementAt(analysis: Analysis, offset: number): { doc: PolicyDocument; stmt: Statement } | undefined {
  for (const doc of analysis.documents) {
    const stmt = doc.statements.find((s) => s.node.offset === offset);
    if (stmt) return { doc, stmt };
  }
  return undefined;
}

export interface PrincipalChoice {
  principal: string;
  suggested: boolean;
  detail?: string;
}

export function servicePrincipalChoices(analysis: Analysis | undefined, statementOffset: number): PrincipalChoice[] {
  const found = analysis ? statementAt(analysis, statementOffset) : undefined;
  const suggested = found ? inferPrincipals(found.doc) : [];
  const data = iamData();
  const detail = (p: string) => data.serviceName(p.split('.')[0]!) ?? undefined;
  const rest = [...knownServicePrincipals()].filter((p) => !suggested.includes(p)).sort();
  return [...suggested.map((p) => ({ principal: p, suggested: true })), ...rest.map((p) => ({ principal: p, suggested: false }))].map((c) => {
    const d = detail(c.principal);
    return d ? { ...c, detail: d } : c;
  });
}

export function passedToServiceEditAt(analysis: Analysis, statementOffset: number, principals: readonly string[]): TextEdit[] | undefined {
  const found = statementAt(analysis, statementOffset);
  if (!found || principals.length === 0) return undefined;
  const grant = allows(found.stmt, PASS_ROLE);
  if (!grant) return undefined;
  return passedToServiceEdits(analysis.writer, found.doc, found.stmt, grant, principals, iamData());
}

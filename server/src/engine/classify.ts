// Deciding what a policy document is (rules.md, "Policy kinds"): identity, trust or resource.
import type { KindSource, Statement } from './model';
import type { ForcedKind, PolicyKind } from './types';

/** What one statement says about the document it sits in. */
export function statementKind(stmt: Statement): PolicyKind {
  if (!stmt.principal && !stmt.notPrincipal) return 'identity';
  const actions = (stmt.actions ?? stmt.notActions ?? []).map((a) => a.text).filter((t): t is string => t !== undefined);
  const hasResource = stmt.resources !== undefined || stmt.notResources !== undefined;
  // STS actions only: `*` matches the assume actions too, but a statement allowing every action on a
  // Resource is another service's resource policy (a VPC endpoint policy), not a trust policy.
  const allTrustActions = actions.length > 0 && actions.every((a) => /^sts:/i.test(a));
  const iamActions = actions.length > 0 && actions.every((a) => /^iam:/i.test(a));
  if (allTrustActions || !hasResource || iamActions) return 'trust';
  return 'resource';
}

/** A file name that says "trust policy": `*trust*.json`, `*assume-role*.json`, `*assumerole*.json`. */
export function kindFromFileName(fileName: string | undefined): PolicyKind | undefined {
  if (!fileName) return undefined;
  const base = fileName.split(/[\\/]/).pop() ?? '';
  return /trust|assume[-_]?role/i.test(base) ? 'trust' : undefined;
}

export interface KindDecision {
  kind: PolicyKind;
  source: KindSource;
}

/**
 * Forced kind first, then the context (CloudFormation property), then the statements themselves; when
 * they disagree, the file name, else the majority (ties go to trust when every action is an STS assume
 * or session action, else to identity).
 */
export function decideKind(statements: readonly Statement[], forced: ForcedKind | undefined, context: PolicyKind | undefined, fileName: string | undefined): KindDecision {
  if (forced && forced !== 'auto') return { kind: forced, source: 'forced' };
  if (context) return { kind: context, source: 'context' };
  const votes = statements.map(statementKind);
  const distinct = new Set(votes);
  // Statements with neither Principal nor Resource fit no identity policy; a trust file name says what
  // they were meant to be (a trust policy whose Principal is still missing).
  const byName = kindFromFileName(fileName);
  if (byName === 'trust' && statements.length > 0 && statements.every((s) => !s.principal && !s.notPrincipal && !s.resources && !s.notResources)) return { kind: 'trust', source: 'file-name' };
  if (distinct.size === 1) return { kind: votes[0]!, source: 'content' };
  if (distinct.size === 0) return { kind: kindFromFileName(fileName) ?? 'identity', source: kindFromFileName(fileName) ? 'file-name' : 'content' };
  if (byName) return { kind: byName, source: 'file-name' };
  const count = (k: PolicyKind) => votes.filter((v) => v === k).length;
  const ranked = (['identity', 'trust', 'resource'] as PolicyKind[]).sort((a, b) => count(b) - count(a));
  const [first, second] = ranked as [PolicyKind, PolicyKind];
  if (count(first) > count(second)) return { kind: first, source: 'content' };
  const allAssume = statements.every((s) => (s.actions ?? []).length > 0 && (s.actions ?? []).every((a) => a.text !== undefined && /^sts:/i.test(a.text)));
  const tied = [first, second];
  if (allAssume && tied.includes('trust')) return { kind: 'trust', source: 'content' };
  return { kind: tied.includes('identity') ? 'identity' : first, source: 'content' };
}

import { conditionChangeIsSafe } from '../fixes';
import { conditionEntries, sameKey } from '../iam/conditions';
import { inferPrincipals, misspelledPassedToService, PASSED_TO_SERVICE } from '../iam/grants';
import { checkServicePrincipal, isStrongSuggestion, knownServicePrincipals } from '../iam/principals';
import { hasWildcard, wildcardMatch } from '../iam/wildcard';
import type { Rule } from './rule';

function matchesSomePrincipal(pattern: string): boolean {
  for (const p of knownServicePrincipals()) {
    const regional = p.replace(/\.amazonaws\.com$/, '.us-east-1.amazonaws.com');
    if (wildcardMatch(pattern, p, false) || wildcardMatch(pattern, regional, false) || wildcardMatch(pattern, p + '.cn', false)) return true;
  }
  return false;
}

export const passedToServiceInvalid: Rule = {
  id: 'passed-to-service-invalid',
  defaultSeverity: 'error',
  fixable: true,
  reads: 'resource',
  summary: { en: 'An iam:PassedToService value that is not a service principal, or the key misspelled.', ja: 'iam:PassedToService の値がサービスプリンシパルではない、またはキーの綴りが誤っています。' },
  check(ctx) {
    const { t, data } = ctx;
    for (const doc of ctx.analysis.documents) {
      let inferred_: string[] | undefined;
      for (const stmt of doc.statements) {
        for (const e of conditionEntries(stmt)) {
          if (misspelledPassedToService(e.key, data)) {
            // Renaming next to an existing iam:PassedToService would duplicate the key: offer, never apply.
            // The renamed key is in the request, where the misspelled one never was: applied by fix only
            // where the test then narrows what is allowed.
            const clash = conditionEntries(stmt).some((o) => o.operatorProp === e.operatorProp && sameKey(o.key, PASSED_TO_SERVICE));
            ctx.report({
              node: e.keyNode,
              message: t.ptsKeyMisspelled(e.key, PASSED_TO_SERVICE),
              fixes: [{ title: t.fixReplaceWith(PASSED_TO_SERVICE), preferred: !clash && conditionChangeIsSafe(stmt, e), edits: () => [ctx.writer.renameKey(e.keyNode, PASSED_TO_SERVICE)] }],
            });
            // Its values were meant as iam:PassedToService values: check them now, not after the rename.
          } else if (!sameKey(e.key, PASSED_TO_SERVICE)) continue;
          // Only string tests compare service principals; `Null` takes "true"/"false", and any other
          // operator on this key is condition-operator's finding.
          if (!/^String/.test(e.operator.base)) continue;
          for (const v of e.values) {
            const text = v.text;
            if (text === undefined || text.includes('${')) continue;
            // Wildcards: under StringLike they must match some principal (its regional form counts); under
            // an Equals operator they are condition-operator's finding, not this rule's.
            if (hasWildcard(text)) {
              if (/Like$/.test(e.operator.base) && !matchesSomePrincipal(text)) ctx.report({ node: v.node, message: t.ptsInvalid(text, 'unknown') });
              continue;
            }
            const verdict = checkServicePrincipal(text, data);
            if (verdict.ok) continue;
            // The policy's own launch actions say which principal a bare `ecs` meant (ecs-tasks for ecs:RunTask).
            const inferred = inferred_ ??= inferPrincipals(doc);
            const first = text.toLowerCase().split('.')[0]!;
            const fromPolicy = verdict.reason === 'not-a-principal' ? inferred.find((p) => p.startsWith(first)) : undefined;
            const suggestion = fromPolicy ?? verdict.suggestion;
            ctx.report({
              node: v.node,
              message: t.ptsInvalid(text, verdict.reason, suggestion),
              // Applied by fix-all only when the guess is safe: a case or domain slip, a bare service name,
              // or one character off; a farther guess is offered, not applied. The value then names a
              // service where it named none: applied only where that narrows what is allowed.
              fixes: suggestion ? [{ title: t.fixReplaceWith(suggestion), preferred: isStrongSuggestion(text, suggestion, verdict.reason) && conditionChangeIsSafe(stmt, e), edits: () => [ctx.writer.replace(v.node, suggestion)] }] : [],
            });
          }
        }
      }
    }
  },
};

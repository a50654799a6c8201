import { replaceNode } from '../edits';
import { conditionEntries, sameKey } from '../iam/conditions';
import { PASSED_TO_SERVICE } from '../iam/grants';
import { checkServicePrincipal, knownServicePrincipals } from '../iam/principals';
import { hasWildcard, wildcardMatch } from '../iam/wildcard';
import { editDistance } from '../util';
import type { IamData } from '../iam/data';
import type { Rule } from './rule';

/**
 * `aws:PassedToService`, `iam:PassedToServices`, `iam:PassToService`: meant iam:PassedToService. Real keys
 * of other services (`codestar-connections:PassedToService`) are left alone.
 */
function misspelled(key: string, data: IamData): boolean {
  const k = key.toLowerCase();
  if (k === PASSED_TO_SERVICE.toLowerCase() || data.conditionKey(key)) return false;
  const name = k.slice(k.indexOf(':') + 1);
  return name === 'passedtoservice' || editDistance(k, PASSED_TO_SERVICE.toLowerCase(), 3) <= 3;
}

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
  summary: { en: 'An iam:PassedToService value that is not a service principal, or the key misspelled.', ja: 'iam:PassedToService の値がサービスプリンシパルではない、またはキーの綴りが誤っています。' },
  check(ctx) {
    const { t, data } = ctx;
    for (const doc of ctx.analysis.documents) {
      for (const stmt of doc.statements) {
        for (const e of conditionEntries(stmt)) {
          if (misspelled(e.key, data)) {
            // Renaming next to an existing iam:PassedToService would duplicate the key: offer, never apply.
            const clash = conditionEntries(stmt).some((o) => o.operatorProp === e.operatorProp && sameKey(o.key, PASSED_TO_SERVICE));
            ctx.report({
              node: e.keyNode,
              message: t.ptsKeyMisspelled(e.key, PASSED_TO_SERVICE),
              fixes: [{ title: t.fixReplaceWith(PASSED_TO_SERVICE), preferred: !clash, edits: () => [replaceNode(e.keyNode, JSON.stringify(PASSED_TO_SERVICE))] }],
            });
            continue;
          }
          if (!sameKey(e.key, PASSED_TO_SERVICE)) continue;
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
            const suggestion = verdict.suggestion;
            ctx.report({
              node: v.node,
              message: t.ptsInvalid(text, verdict.reason, suggestion),
              fixes: suggestion ? [{ title: t.fixReplaceWith(suggestion), preferred: true, edits: () => [replaceNode(v.node, JSON.stringify(suggestion))] }] : [],
            });
          }
        }
      }
    }
  },
};

import { withSnippet } from '../edits';
import { passedToServiceFixes } from '../fixes';
import { PASS_ROLE } from '../iam/actions';
import { passRoleView } from '../iam/effective';
import { coversOtherActions, hasMisspelledPassedToService, inferPrincipals } from '../iam/grants';
import type { Fix } from '../types';
import type { Rule } from './rule';

export const ROLE_ARN_PLACEHOLDER = { text: 'arn:aws:iam::111122223333:role/ROLE_NAME', tabStops: ['111122223333', 'ROLE_NAME'] };

export const passroleWildcardResource: Rule = {
  id: 'passrole-wildcard-resource',
  defaultSeverity: 'warning',
  fixable: true,
  reads: 'resource-unattached',
  summary: { en: 'iam:PassRole on every role without iam:PassedToService.', ja: 'iam:PassedToService なしで、すべてのロールに iam:PassRole を許可しています。' },
  check(ctx) {
    const { t, data } = ctx;
    // The message of each way PassRole is granted (how, and the action pattern), made once per text in a run:
    // thousands of PassRole statements share a few strings.
    const messages = new Map<string, string>();
    const messageOf = (via: 'explicit' | 'wildcard' | 'notAction', pattern: string) => {
      const key = `${via}\0${pattern}`;
      let message = messages.get(key);
      if (message === undefined) messages.set(key, (message = t.passRoleWildcard(via, pattern)));
      return message;
    };
    for (const doc of ctx.analysis.documents) {
      if (doc.kind !== 'identity') continue;
      for (const g of passRoleView(doc).grants) {
        // What the document's Deny statements leave counts (iam/effective.ts): a grant they take away, limit to
        // some services, to tagged roles or to the roles a NotResource lists is not PassRole on every role.
        if (g.grant.via === 'notAction' || g.deniedBy || g.passedTo || g.breadth !== 'every' || g.roleConditions.length) continue;
        // A misspelled iam:PassedToService is passed-to-service-invalid's finding; its rename is the fix.
        if (hasMisspelledPassedToService(g.stmt, data)) continue;
        const pattern = g.grant.item?.text ?? '';
        // What the fixes need to know of the statement, found once for all its wildcard resources.
        let shared: { fixes: Fix[]; passRoleOnly: boolean } | undefined;
        for (const r of g.everyRole) {
          shared ??= { fixes: passedToServiceFixes(ctx.writer, doc, g.stmt, g.grant, inferPrincipals(doc), data, t), passRoleOnly: !coversOtherActions(g.stmt, PASS_ROLE, data) };
          // Each finding has fixes of its own; a statement with one such resource (the usual case) has one finding.
          const fixes: Fix[] = g.everyRole.length === 1 ? shared.fixes : shared.fixes.map((f) => ({ ...f }));
          if (shared.passRoleOnly) {
            fixes.push({ title: t.fixRoleArnPlaceholder, edits: () => [withSnippet(ctx.writer.replace(r.node, ROLE_ARN_PLACEHOLDER.text), ROLE_ARN_PLACEHOLDER.tabStops)] });
          }
          ctx.report({ node: r.node, message: messageOf(g.grant.via, pattern), fixes, data: { statementOffset: g.stmt.node.offset } });
        }
      }
    }
  },
};

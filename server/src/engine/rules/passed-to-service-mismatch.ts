import type { ConditionEntry } from '../iam/conditions';
import { PASS_ROLE } from '../iam/actions';
import { liveGrants, serviceGuard } from '../iam/effective';
import { companions } from '../iam/grants';
import { checkServicePrincipal, suggestPrincipal } from '../iam/principals';
import { wildcardMatch } from '../iam/wildcard';
import type { TextEdit } from '../types';
import type { Rule, RuleContext } from './rule';
import { SourceValue } from '../writer';

/** Adds a value to a condition entry (a string becomes a list). */
function addValueEdit(ctx: RuleContext, entry: ConditionEntry, value: string): TextEdit[] {
  const v = entry.valueNode!;
  if (v.type === 'array') return [ctx.writer.insertItem(v, value)];
  return [ctx.writer.replace(v, [new SourceValue(v), value])];
}

export const passedToServiceMismatch: Rule = {
  id: 'passed-to-service-mismatch',
  defaultSeverity: 'warning',
  fixable: true,
  reads: 'resource-unattached',
  summary: { en: 'The policy launches a service with a role, but iam:PassedToService never names that service.', ja: 'ロールを使うサービスを起動できるのに、iam:PassedToService にそのサービスがありません。' },
  check(ctx) {
    const { t, data } = ctx;
    for (const doc of ctx.analysis.documents) {
      if (doc.kind !== 'identity') continue;
      // Grants a Deny takes away entirely pass nothing: they do not count (iam/effective.ts).
      const grants = liveGrants(doc, PASS_ROLE);
      if (grants.length === 0) continue;
      // Where the passable services are written: each grant's own condition, or a Deny guard for all.
      const guard = serviceGuard(doc);
      let entries: ConditionEntry[];
      if (guard) entries = guard.entries;
      else if (grants.every((g) => g.passedToService.length > 0)) entries = grants.flatMap((g) => g.passedToService);
      else continue;
      // A misspelled value counts as the principal it was meant to be (passed-to-service-invalid fixes it).
      const allowed = entries.flatMap((e) =>
        e.values.flatMap((v) => {
          const text = v.text ?? '';
          return checkServicePrincipal(text, data).ok ? [text] : [text, suggestPrincipal(text) ?? text];
        }),
      );
      // Case-insensitive: a miscased principal is passed-to-service-invalid's finding, not this one's.
      // Asked once per principal, not once per launch action.
      const allowedPrincipal = new Map<string, boolean>();
      const isAllowed = (p: string) => {
        let ok = allowedPrincipal.get(p);
        if (ok === undefined) allowedPrincipal.set(p, (ok = allowed.some((a) => wildcardMatch(a, p, true))));
        return ok;
      };
      const reported = new Set<string>();
      for (const c of companions(doc, true, true)) {
        if (c.service.principals.some(isAllowed)) continue;
        const principal = c.service.principals[0]!;
        if (reported.has(principal)) continue;
        reported.add(principal);
        const action = c.item.text!;
        // One finding, where the first list of passable services is; its fix widens only that list.
        const entry = entries[0]!;
        ctx.report({
          node: entry.valueNode!,
          message: t.ptsMismatch(principal, action),
          related: [{ offset: c.item.node.offset, length: c.item.node.length, message: t.ptsMismatchRelated(action) }],
          // Adding a service lets roles be passed to it, which the policy does not allow today (in an Allow, or
          // as an exception of a Deny guard): offered, never applied by fix.
          fixes: [{ title: t.fixAddValue(principal), edits: () => addValueEdit(ctx, entry, principal) }],
        });
      }
    }
  },
};

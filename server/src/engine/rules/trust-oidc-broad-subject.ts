import { addConditionEdits, conditionChangeIsSafe } from '../fixes';
import type { ConditionEntry } from '../iam/conditions';
import { principalsOf } from '../iam/principal';
import { claimEntries, classifySubject, federatedKind } from '../iam/trust';
import { hasWildcard } from '../iam/wildcard';
import { keyOf, prop, properties, valueOf } from '../json';
import type { Statement } from '../model';
import type { Fix, TextEdit } from '../types';
import type { Rule, RuleContext } from './rule';

/**
 * StringEquals → StringLike for one entry: rename the block when it may, else move the key. `IgnoreCase` has
 * no Like form, and `IfExists` is dropped: the subject is in every web-identity request, and a test that
 * passes without it would not count as one (trust-oidc-missing-subject).
 */
function toLikeEdits(ctx: RuleContext, stmt: Statement, e: ConditionEntry): TextEdit[] {
  const like = e.operator.text.replace(/StringEquals(?:IgnoreCase)?(?:IfExists)?$/, 'StringLike');
  const block = valueOf(e.operatorProp)!;
  const cond = stmt.condition!;
  const target = prop(cond, like);
  if (!target && properties(block).length === 1) return [ctx.writer.renameKey(keyOf(e.operatorProp), like)];
  const value = ctx.writer.value(e.valueNode!);
  const targetBlock = target ? valueOf(target) : undefined;
  if (targetBlock?.type === 'object') {
    return [properties(block).length === 1 ? ctx.writer.remove(cond, e.operatorProp) : ctx.writer.remove(block, e.keyProp), ctx.writer.insertMembers(targetBlock, [[e.key, value]], 'last', { inline: true })];
  }
  return [ctx.writer.remove(block, e.keyProp), ...addConditionEdits(ctx.writer, stmt, like, e.key, value)];
}

export const trustOidcBroadSubject: Rule = {
  id: 'trust-oidc-broad-subject',
  defaultSeverity: 'warning',
  fixable: true,
  reads: 'resource',
  summary: { en: 'An OIDC subject that matches a whole owner or every branch, or a wildcard under StringEquals.', ja: 'OIDC のサブジェクトがオーナー全体やすべてのブランチに一致するか、StringEquals でワイルドカードを使っています。' },
  check(ctx) {
    const { t } = ctx;
    for (const doc of ctx.analysis.documents) {
      if (doc.kind !== 'trust') continue;
      for (const stmt of doc.statements) {
        if (stmt.effect !== 'Allow') continue;
        for (const f of principalsOf(stmt.principal).federated) {
          if (f.text === undefined) continue;
          const fk = federatedKind(f.text);
          if (fk.kind !== 'oidc' || !fk.provider) continue;
          const provider = fk.provider;
          for (const e of claimEntries(stmt, fk.host, provider.subject.claim)) {
            if (!e.operator.known || e.operator.negated) continue;
            const isLike = /Like$/.test(e.operator.base);
            for (const v of e.values) {
              const text = v.text;
              if (text === undefined) continue;
              // `StringEqualsIgnoreCase` compares literally too (only the case is ignored).
              if (!isLike && /^StringEquals(IgnoreCase)?$/.test(e.operator.base) && hasWildcard(text)) {
                // Switching to StringLike makes the pattern work: offered for a narrow or a broad pattern, never
                // for one that would let everyone in. It lets subjects in that the literal comparison kept out,
                // so fix never applies it.
                const verdict = classifySubject(provider, text);
                const fixes: Fix[] = verdict === 'everything' || verdict === 'nothing' ? [] : [{ title: t.fixUseStringLike, preferred: verdict === 'ok' && conditionChangeIsSafe(stmt, e), edits: () => toLikeEdits(ctx, stmt, e) }];
                ctx.report({ node: v.node, message: t.oidcEqualsWildcard(e.key, e.operator.text, verdict), fixes });
              } else if (isLike && classifySubject(provider, text) === 'broad') {
                ctx.report({ node: v.node, message: t.oidcBroadSubject(e.key, text) });
              }
            }
          }
        }
      }
    }
  },
};

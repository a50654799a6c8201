import type { TextEdit } from '../types';
import { removeMember } from '../edits';
import { addStatementEdits } from '../fixes';
import { PASS_ROLE } from '../iam/actions';
import type { ConditionEntry } from '../iam/conditions';
import { conditionEntries, sameKey } from '../iam/conditions';
import { actionGrant, ASSOCIATED_RESOURCE_ARN, coversOtherActions, PASSED_TO_SERVICE } from '../iam/grants';
import { end, properties, valueOf } from '../json';
import type { PolicyDocument, Statement } from '../model';
import type { Rule, RuleContext } from './rule';
import { actionMatches } from '../iam/actions';

const PASSROLE_ONLY_KEYS = [PASSED_TO_SERVICE, ASSOCIATED_RESOURCE_ARN];

/** Moves iam:PassRole and the PassRole-only condition keys into a statement of their own. */
function splitEdits(ctx: RuleContext, doc: PolicyDocument, stmt: Statement, entries: ConditionEntry[]): TextEdit[] {
  const { text } = ctx;
  const actionList = valueOf(stmt.elements.get('Action')!)!;
  const passRoleItems = (stmt.actions ?? []).filter((a) => a.text !== undefined && a.text.toLowerCase() === PASS_ROLE.toLowerCase());
  const edits: TextEdit[] = passRoleItems.map((a) => removeMember(text, actionList, a.node));
  // Remove the keys from the original condition; drop blocks (and the Condition) that become empty.
  const condProp = stmt.elements.get('Condition')!;
  const cond = valueOf(condProp)!;
  const removedOps = [];
  for (const op of properties(cond)) {
    const block = valueOf(op)!;
    const members = properties(block);
    const gone = members.filter((m) => entries.some((e) => e.keyProp === m));
    if (gone.length === 0) continue;
    if (gone.length === members.length) removedOps.push(op);
    else for (const m of gone) edits.push(removeMember(text, block, m));
  }
  if (removedOps.length === properties(cond).length) edits.push(removeMember(text, stmt.node, condProp));
  else for (const op of removedOps) edits.push(removeMember(text, cond, op));
  const sid = stmt.elements.get('Sid') ? valueOf(stmt.elements.get('Sid')!) : undefined;
  const next: Record<string, unknown> = {};
  if (sid?.type === 'string') next['Sid'] = `${sid.value as string}PassRole`;
  next['Effect'] = 'Allow';
  next['Action'] = PASS_ROLE;
  const res = stmt.elements.get('Resource');
  next['Resource'] = res ? JSON.parse(text.slice(valueOf(res)!.offset, end(valueOf(res)!))) : '*';
  next['Condition'] = JSON.parse(text.slice(cond.offset, end(cond)));
  return [...edits, ...addStatementEdits(ctx, doc, stmt, next)];
}

export const passedToServiceSharedStatement: Rule = {
  id: 'passed-to-service-shared-statement',
  defaultSeverity: 'error',
  fixable: true,
  summary: { en: 'iam:PassedToService or iam:AssociatedResourceArn in a statement that also allows other actions.', ja: 'ほかのアクションも許可するステートメントで iam:PassedToService または iam:AssociatedResourceArn を使っています。' },
  check(ctx) {
    const { t, data } = ctx;
    for (const doc of ctx.analysis.documents) {
      for (const stmt of doc.statements) {
        if (stmt.effect !== 'Allow') continue;
        const entries = conditionEntries(stmt).filter((e) => PASSROLE_ONLY_KEYS.some((k) => sameKey(k, e.key)));
        if (entries.length === 0 || !coversOtherActions(stmt, PASS_ROLE, data)) continue;
        const others = (stmt.actions ?? []).map((a) => a.text).filter((x): x is string => x !== undefined && !(actionMatches(x, PASS_ROLE) && !x.includes('*') && !x.includes('?')));
        const grant = actionGrant(stmt, PASS_ROLE);
        const canSplit = grant?.via === 'explicit' && valueOf(stmt.elements.get('Action')!)?.type === 'array' && stmt.condition?.type === 'object';
        for (const e of entries) {
          ctx.report({
            node: e.keyNode,
            message: t.ptsShared(e.key, others),
            fixes: canSplit ? [{ title: t.fixSplit, preferred: true, edits: () => splitEdits(ctx, doc, stmt, entries) }] : [],
          });
        }
      }
    }
  },
};

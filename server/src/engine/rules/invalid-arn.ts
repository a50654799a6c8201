import { parseArn } from '../iam/arn';
import { arnProblems, fieldOffsets, type ArnProblem } from '../iam/arn-formats';
import { keyType, resolveConditionKey } from '../iam/condition-keys';
import { conditionEntries } from '../iam/conditions';
import { principalsOf } from '../iam/principal';
import { hasWildcard } from '../iam/wildcard';
import { isIntrinsic, type PolicyDocument, type ValueItem } from '../model';
import { valueOf, verbatimStart } from '../json';
import type { Span } from '../types';
import type { Rule, RuleContext } from './rule';

type Where = 'resource' | 'principal' | 'federated' | 'condition';

const FIELD_INDEX: Record<string, number> = { partition: 1, region: 3, account: 4, resource: 5 };

/** Principal ARNs IAM accepts: the account root, users, roles, and STS role sessions and federated users. */
function principalTypeOk(text: string): boolean {
  const arn = parseArn(text);
  if (!arn || arn.service.includes('${') || arn.resource.startsWith('${')) return true;
  if (arn.service === 'iam') return /^(root$|user\/|role\/|federated-user\/|assumed-role\/)/.test(arn.resource);
  if (arn.service === 'sts') return /^(assumed-role\/|federated-user\/)/.test(arn.resource);
  return false;
}

/** The range of a problem: the bad field when the string has no escapes (so text and offsets agree), else the value. */
function spanOf(ctx: RuleContext, item: ValueItem, text: string, problem: ArnProblem): Span {
  const whole = { offset: item.node.offset, length: item.node.length };
  const at = verbatimStart(ctx.text, item.node);
  if (at === undefined) return whole;
  const index = FIELD_INDEX[problem.kind === 'resource-type' || problem.kind === 'resource-separator' ? 'resource' : problem.kind];
  if (index === undefined) return whole;
  const starts = fieldOffsets(text);
  const start = starts[index];
  if (start === undefined) return whole;
  const stop = problem.kind === 'resource-type' || problem.kind === 'resource-separator' ? start + problem.value.length : index + 1 < starts.length ? starts[index + 1]! - 1 : text.length;
  if (stop <= start) return whole;
  return { offset: at + start, length: stop - start };
}

function message(ctx: RuleContext, text: string, p: ArnProblem, where: Where): string {
  const { t, data } = ctx;
  switch (p.kind) {
    case 'not-arn':
      return t.arnNotArn(text, where);
    case 'fields':
      return t.arnFields(text, p.count);
    case 'partition':
      return t.arnPartition(p.value);
    case 'account':
      return t.arnAccount(p.value);
    case 'region':
      return t.arnRegion(p.value, p.service, data.serviceName(p.service));
    case 'resource-type':
      return t.arnResourceType(p.value, p.service, data.serviceName(p.service), p.known);
    case 'resource-separator':
      return t.arnResourceSeparator(p.value, p.service, data.serviceName(p.service), p.known);
  }
}

function check(ctx: RuleContext, item: ValueItem, where: Where, spanning = false): void {
  const text = item.text;
  if (text === undefined || text === '*' || text.startsWith('${')) return;
  // A value that is not an ARN: in Resource and ARN operators that is an error of its own; principals may
  // be account IDs or unique IDs, and string conditions anything.
  if (!text.startsWith('arn:') && (where === 'principal' || where === 'federated' || spanning)) return;
  // Principals are judged by principalTypeOk below, with IAM's own short list of principal types.
  const problems = arnProblems(text, ctx.data, spanning, where !== 'principal' && where !== 'federated');
  for (const p of problems) ctx.report({ ...(p.kind === 'not-arn' || p.kind === 'fields' ? { node: item.node } : { span: spanOf(ctx, item, text, p) }), message: message(ctx, text, p, where) });
  if (problems.some((p) => p.kind === 'not-arn' || p.kind === 'fields')) return;
  if (where === 'principal' || where === 'federated') {
    if (hasWildcard(text.replace(/\$\{[^}]*\}/g, ''))) ctx.report({ node: item.node, message: ctx.t.arnPrincipalWildcard(text) });
    else if (where === 'principal' && !principalTypeOk(text)) ctx.report({ node: item.node, message: ctx.t.arnPrincipalType(text) });
  }
}

function checkDocument(ctx: RuleContext, doc: PolicyDocument): void {
  for (const stmt of doc.statements) {
    // A trust policy has no Resource at all (trust-resource-element); its content is beside the point.
    if (doc.kind !== 'trust') for (const r of [...(stmt.resources ?? []), ...(stmt.notResources ?? [])]) check(ctx, r, 'resource');
    for (const p of [stmt.principal, stmt.notPrincipal]) {
      if (!p || isIntrinsic(p)) continue;
      const set = principalsOf(p);
      for (const a of set.aws) check(ctx, a, 'principal');
      for (const f of set.federated) check(ctx, f, 'federated');
    }
    for (const e of conditionEntries(stmt)) {
      const op = e.operator;
      if (!op.known || op.base === 'Null' || isIntrinsic(valueOf(e.operatorProp))) continue;
      if (op.base.startsWith('Arn')) {
        for (const v of e.values) check(ctx, v, 'condition');
      } else if (op.base.startsWith('String') && !e.key.includes('${')) {
        const type = keyType(resolveConditionKey(e.key, ctx.data)?.info);
        if (type === 'ARN') for (const v of e.values) check(ctx, v, 'condition', true);
      }
    }
  }
}

export const invalidArn: Rule = {
  id: 'invalid-arn',
  defaultSeverity: 'error',
  fixable: false,
  reads: 'resource',
  summary: { en: 'A malformed ARN in Resource, Principal or an ARN condition.', ja: 'Resource、Principal、または ARN の条件に形式の誤った ARN があります。' },
  check(ctx) {
    for (const doc of ctx.analysis.documents) checkDocument(ctx, doc);
  },
};

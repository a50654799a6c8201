import type { Rule } from './rule';

/**
 * IAM's quotas on the length of a role trust policy, whitespace not counted (IAM User Guide, "IAM and AWS STS
 * quotas": 2,048 characters by default, up to 4,096 through Service Quotas; Access Analyzer check
 * POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA).
 */
export const TRUST_POLICY_QUOTA = { default: 2048, max: 4096 };

/** Characters of a value written as compact JSON, whitespace (inside strings too) not counted. */
function size(value: unknown, singletons: boolean): number {
  // The aws_iam_policy_document data source writes a list of one value as that value (Statement excepted).
  const replacer = singletons ? (key: string, v: unknown) => (key !== 'Statement' && Array.isArray(v) && v.length === 1 ? (v[0] as unknown) : v) : undefined;
  return (JSON.stringify(value, replacer) ?? '').replace(/\s/g, '').length;
}

export const trustPolicySize: Rule = {
  id: 'trust-policy-size',
  defaultSeverity: 'warning',
  fixable: false,
  reads: 'resource',
  summary: { en: "A role trust policy longer than IAM's quota (2,048 characters without whitespace by default, 4,096 at most).", ja: 'IAM のクォータ（空白を除いて既定で 2,048 文字、最大 4,096 文字）より長いロールの信頼ポリシー。' },
  check(ctx) {
    const { t } = ctx;
    for (const doc of ctx.analysis.documents) {
      if (doc.kind !== 'trust') continue;
      // As the document is sent to IAM: compact JSON (a template's intrinsic functions as written).
      const n = size(ctx.writer.value(doc.root), doc.cfn?.resource.type === 'aws_iam_policy_document');
      if (n <= TRUST_POLICY_QUOTA.default) continue;
      const over = n > TRUST_POLICY_QUOTA.max;
      ctx.report({ span: doc.anchor, severity: over ? 'error' : 'warning', message: t.trustPolicySize(n, over ? TRUST_POLICY_QUOTA.max : TRUST_POLICY_QUOTA.default, over) });
    }
  },
};

import type { Rule } from './rule';

const MAX_REPORTED = 5;

/** What tree-sitter could not read in a Terraform file: unexpected text, and tokens that are missing. */
export const hclSyntax: Rule = {
  id: 'hcl-syntax',
  defaultSeverity: 'error',
  fixable: false,
  phase: 'syntax',
  summary: { en: 'The Terraform file is not valid HCL.', ja: 'Terraform のファイルが HCL として不正です。' },
  check(ctx) {
    const { analysis, t } = ctx;
    if (analysis.format !== 'hcl') return;
    const all = analysis.options.syntaxErrors === 'all';
    if (analysis.skipped === 'binary') {
      if (all) ctx.report({ span: { offset: 0, length: 0 }, message: t.jsonBinary });
      return;
    }
    if (analysis.skipped === 'not-ready') {
      if (all || analysis.policyLike) ctx.report({ span: { offset: 0, length: 0 }, message: t.hclNotReady });
      return;
    }
    if (analysis.skipped && analysis.skipped !== 'garbled') return;
    if (!all && !analysis.policyLike) return;
    const problems = 'hclProblems' in analysis.parsed ? analysis.parsed.hclProblems : [];
    problems.slice(0, MAX_REPORTED).forEach((p, i) => {
      let message = p.heredoc ? t.hclHeredocUnclosed(p.heredoc.marker) : p.missing ? t.hclMissing(p.missing) : t.hclError;
      if (i === MAX_REPORTED - 1 && problems.length > MAX_REPORTED) message += ' ' + t.hclMoreErrors(problems.length - MAX_REPORTED);
      ctx.report({ span: { offset: p.offset, length: p.length }, message });
    });
  },
};

import { yamlProblems } from '../formats/yaml';
import { contains } from '../json';
import type { Rule } from './rule';

const MAX_REPORTED = 5;

/** What the YAML front end found: syntax errors, tags CloudFormation does not know, duplicate keys. */
export const yamlSyntax: Rule = {
  id: 'yaml-syntax',
  defaultSeverity: 'error',
  fixable: false,
  phase: 'syntax',
  summary: { en: 'The document is not valid YAML, or uses a tag or a duplicate key that CloudFormation rejects.', ja: 'ドキュメントが YAML として不正か、CloudFormation が拒否するタグや重複したキーを使っています。' },
  check(ctx) {
    const { analysis, t } = ctx;
    if (analysis.format !== 'yaml') return;
    const all = analysis.options.syntaxErrors === 'all';
    if (analysis.skipped === 'binary') {
      if (all) ctx.report({ span: { offset: 0, length: 0 }, message: t.jsonBinary });
      return;
    }
    if (analysis.skipped === 'empty') {
      if (all || analysis.policyLike) ctx.report({ span: { offset: 0, length: 0 }, message: t.jsonEmpty });
      return;
    }
    if (analysis.skipped && analysis.skipped !== 'garbled') return;
    if (!all && !analysis.policyLike) return;
    const problems = yamlProblems(analysis.parsed);
    const fatal = problems.filter((p) => p.fatal);
    fatal.slice(0, MAX_REPORTED).forEach((p, i) => {
      let message = t.yamlError(p.detail);
      const more = (analysis.parsed.errorCount ?? fatal.length) - MAX_REPORTED;
      if (i === MAX_REPORTED - 1 && more > 0) message += ' ' + t.yamlMoreErrors(more);
      ctx.report({ span: { offset: p.offset, length: p.length }, message });
    });
    for (const p of problems) {
      if (p.code === 'unknown-tag') ctx.report({ span: p, message: t.yamlUnknownTag(p.detail) });
      // Inside a policy document, policy-structure reports duplicate keys (as it does in JSON).
      if (p.code === 'duplicate-key' && !analysis.documents.some((d) => contains(d.root, p.offset))) ctx.report({ span: p, message: t.yamlDuplicateKey(p.detail) });
    }
  },
};

import { MAX_EXPANDED_NODES } from '../formats/yaml';
import { DEFAULT_MAX_SIZE, MAX_DEPTH, MAX_KEPT_ERRORS } from '../json';
import type { Rule } from './rule';

function size(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(n / 1024)} KB`;
}

/** Not in the IAM sense a problem: says that a document was too large or too deep to analyse. */
export const analysisLimit: Rule = {
  id: 'analysis-limit',
  defaultSeverity: 'info',
  fixable: false,
  phase: 'syntax',
  summary: { en: 'The document was too large, too deeply nested or too garbled to analyse.', ja: 'ドキュメントが大きすぎる、入れ子が深すぎる、または壊れすぎているため解析しませんでした。' },
  check(ctx) {
    const { analysis, t } = ctx;
    if (!analysis.policyLike && analysis.options.syntaxErrors !== 'all') return;
    const format = analysis.format.toUpperCase();
    if (analysis.skipped === 'too-large') {
      ctx.report({ span: { offset: 0, length: 0 }, message: t.tooLarge(size(ctx.text.length), size(analysis.options.maxSize ?? DEFAULT_MAX_SIZE)) });
    } else if (analysis.skipped === 'garbled') {
      ctx.report({ span: { offset: 0, length: 0 }, message: t.garbled(analysis.parsed.errorCount ?? 0, MAX_KEPT_ERRORS, format) });
    } else if (analysis.skipped === 'too-deep') {
      const at = analysis.parsed.tooDeep!;
      ctx.report({ span: { offset: at.offset, length: 1 }, message: t.tooDeep(at.depth, MAX_DEPTH, format) });
    } else if (analysis.skipped === 'aliases') {
      const at = 'aliasBomb' in analysis.parsed ? analysis.parsed.aliasBomb : undefined;
      ctx.report({ span: { offset: at?.offset ?? 0, length: 0 }, message: t.yamlAliases(MAX_EXPANDED_NODES) });
    }
  },
};

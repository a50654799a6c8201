import { printParseErrorCode } from 'jsonc-parser';
import type { Rule } from './rule';

const MAX_REPORTED = 5;

export const jsonSyntax: Rule = {
  id: 'json-syntax',
  defaultSeverity: 'error',
  fixable: false,
  phase: 'syntax',
  summary: { en: 'The document is not valid JSON.', ja: 'ドキュメントが JSON として不正です。' },
  check(ctx) {
    const { analysis, t } = ctx;
    if (analysis.format !== 'json') return;
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
    // jsonc-parser may report two errors at one spot (a trailing comma is "property name expected" and
    // "value expected"): keep the first.
    const errors = analysis.parsed.errors.filter((e, i, all) => i === 0 || all[i - 1]!.offset !== e.offset);
    if (errors.length === 0 || (!all && !analysis.policyLike)) return;
    errors.slice(0, MAX_REPORTED).forEach((e, i) => {
      const name = printParseErrorCode(e.error);
      const text = ctx.text.slice(e.offset, e.offset + e.length);
      let message: string;
      if (name === 'InvalidCommentToken' || /^\/[/*]/.test(text)) message = t.jsonComment;
      else if ((name === 'PropertyNameExpected' || name === 'ValueExpected') && /^[}\]]/.test(text) && /,\s*$/.test(ctx.text.slice(0, e.offset))) message = t.jsonTrailingComma;
      else message = t.jsonError(t.jsonErrorCodes[name] ?? name);
      // Errors past the kept ones were only counted (a garbled file); they are not deduplicated.
      const more = errors.length - MAX_REPORTED + (analysis.parsed.errorCount ?? analysis.parsed.errors.length) - analysis.parsed.errors.length;
      if (i === MAX_REPORTED - 1 && more > 0) message += ' ' + t.jsonMoreErrors(more);
      ctx.report({ span: { offset: e.offset, length: e.length }, message });
    });
  },
};

// `check`: analyse every input and print the findings; the exit status says whether any reached --fail-on.
import { analyze, type AnalysisOptions, type Severity } from '../engine';
import type { CheckOptions } from './args';
import { formatJson, formatSarif, formatText, type FileReport } from './format';
import { collectInputs, errorLine, readInput, type Input } from './inputs';
import { EXIT, type Io } from './io';

const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/**
 * Files named on the command line (and stdin) that are not JSON are a json-syntax finding. Files found by
 * walking a folder only when they look like a policy: a JSONC tsconfig.json is no finding.
 */
export function analysisOptions(o: Pick<CheckOptions, 'locale' | 'kind'> & Partial<Pick<CheckOptions, 'rules'>>, input: Input, io: Io): AnalysisOptions {
  return {
    locale: o.locale,
    kind: o.kind,
    rules: o.rules ?? {},
    fileName: input.path,
    syntaxErrors: input.explicit ? 'all' : 'policy-like',
    onRuleError: (ruleId, error) => {
      io.err(`internal error: rule ${ruleId} failed on ${input.path}: ${(error as Error)?.stack ?? String(error)}`);
      io.failed = true;
    },
  };
}

export async function check(o: CheckOptions, io: Io): Promise<number> {
  const { inputs, errors } = collectInputs(o.paths, o.stdinFileName ?? '<stdin>');
  if (errors.length) {
    for (const e of errors) io.err(e);
    return EXIT.usage;
  }
  const reports: FileReport[] = [];
  let skipped = 0;
  for (const input of inputs) {
    let text: string;
    try {
      text = (await readInput(input)).text;
    } catch (error) {
      io.err(errorLine(input.path, error));
      io.failed = true;
      continue;
    }
    const { analysis, findings } = analyze(text, analysisOptions(o, input, io));
    if (analysis.fileKind === 'unknown' && findings.length === 0) {
      skipped++;
      if (o.verbose) io.info(`skipped ${input.path}: not a policy or template`);
      continue;
    }
    reports.push({ path: input.path, kind: analysis.fileKind, text, findings });
  }

  if (o.format === 'json') io.out(formatJson(reports));
  else if (o.format === 'sarif') io.out(formatSarif(reports, { version: io.version, locale: o.locale, rules: o.rules }));
  else {
    io.out(formatText(reports));
    io.info(summary(inputs.length, skipped, reports));
  }

  if (io.failed) return EXIT.usage;
  if (o.failOn === 'none') return EXIT.ok;
  const threshold = RANK[o.failOn];
  return reports.some((r) => r.findings.some((f) => RANK[f.severity] >= threshold)) ? EXIT.findings : EXIT.ok;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function summary(total: number, skipped: number, reports: readonly FileReport[]): string {
  const count = (s: Severity) => reports.reduce((n, r) => n + r.findings.filter((f) => f.severity === s).length, 0);
  const files = plural(total, 'file') + ' checked' + (skipped ? ` (${skipped} skipped: not policies)` : '');
  return `${files}: ${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')}, ${count('info')} info`;
}

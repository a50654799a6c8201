// `check`: analyse every input and print the findings; the exit status says whether any reached --fail-on.
// The inputs are one workspace: all are read into the index first, then each is analysed with it, so that a
// PassRole grant or a hand-off in one file is checked against the role's trust policy in another.
import { analyze, analyzeRead, messages, ruleById, type AnalysisOptions, type Finding, type Severity } from '../engine';
import { detectFormat } from '../engine/formats';
import { hclReady, initHcl } from '../engine/formats/hcl';
import type { CheckOptions } from './args';
import { formatSarif, formatText, writeJson, type FileReport } from './format';
import { collectInputs, MAX_INPUT_BYTES, readOrReport, type Collected, type Input } from './inputs';
import { EXIT, type Io } from './io';
import { CliWorkspace } from './workspace';

const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/**
 * Words that say a text is meant as a policy or template even when it does not parse: a policy element as a key
 * in any quotes or none (`'Statement':` of a Python dump), or a policy version (`"Version": "2012-`), or a
 * Terraform IAM resource or data source (`resource "aws_iam_role"`).
 */
const MEANT_AS_POLICY = /["']?\b(?:Statement|AssumeRolePolicyDocument|PolicyDocument|AWSTemplateFormatVersion|Resources)\b["']?\s*:|["']?\bVersion\b["']?\s*:\s*["']?20(?:12|08)-|\b(?:resource|data)\s+"aws_iam_[a-z_]+"/;

/** Whether a file found by walking a folder is meant as a policy or template, judged by its first 64 KiB. */
export function meantAsPolicy(text: string): boolean {
  return MEANT_AS_POLICY.test(text.length > 65536 ? text.slice(0, 65536) : text);
}

/**
 * A file named on the command line is meant as a policy or template unless its extension says it is another
 * kind of file (`README.md`, `notes.txt`): those get findings only when their text reads as a policy.
 */
function namedAsPolicy(p: string): boolean {
  const ext = /\.([A-Za-z0-9]+)$/.exec(p.slice(p.lastIndexOf('/') + 1))?.[1]?.toLowerCase();
  return ext === undefined || ['json', 'jsonc', 'yaml', 'yml', 'template', 'tf', 'tofu', 'policy'].includes(ext);
}

/**
 * Files named on the command line (and stdin) that are not JSON are a json-syntax finding. Files found by
 * walking a folder only when they are meant as a policy: a JSONC tsconfig.json is no finding, a policy dumped
 * with single quotes is.
 */
export function analysisOptions(o: Pick<CheckOptions, 'locale' | 'kind'> & Partial<Pick<CheckOptions, 'rules'>>, input: Input, io: Io, text: string): AnalysisOptions {
  return {
    locale: o.locale,
    kind: o.kind,
    rules: o.rules ?? {},
    fileName: input.path,
    syntaxErrors: (input.explicit && namedAsPolicy(input.path)) || meantAsPolicy(text) ? 'all' : 'policy-like',
    onRuleError: (ruleId, error) => {
      io.err(`internal error: rule ${ruleId} failed on ${input.path}: ${(error as Error)?.stack ?? String(error)}`);
      io.failed = true;
    },
  };
}

/** The engine's way of writing a size in analysis-limit messages. */
function size(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(n / 1024)} KB`;
}

/**
 * A file larger than the limit is not read: the analysis-limit finding the engine gives a too large document,
 * with the file's real size. None when the rule is off, or for a walked file that is not meant as a policy.
 */
export function tooLargeFinding(o: Pick<CheckOptions, 'locale'> & Partial<Pick<CheckOptions, 'rules'>>, options: AnalysisOptions, bytes: number): Finding | undefined {
  const setting = o.rules?.['analysis-limit'];
  if (setting === 'off' || options.syntaxErrors !== 'all') return undefined;
  return {
    ruleId: 'analysis-limit',
    severity: setting ?? ruleById('analysis-limit')!.defaultSeverity,
    message: messages(o.locale).tooLarge(size(bytes), size(MAX_INPUT_BYTES)),
    offset: 0,
    length: 0,
    fixes: [],
  };
}

/**
 * What both commands say before reading: named paths that do not exist end the run (exit 2, nothing checked);
 * folders a walk could not list are named and the rest is checked (exit 2 at the end); links not followed are
 * named. Returns false when the run ends here.
 */
export function reportCollected(c: Collected, io: Io): boolean {
  if (c.missing.length) {
    for (const e of c.missing) io.err(e);
    return false;
  }
  for (const line of c.notFollowed) io.info(line);
  for (const e of c.unreadable) {
    io.err(e);
    io.failed = true;
  }
  return true;
}

/**
 * Loads the Terraform grammar (WebAssembly, read once) when an input or a file `--roles` names is Terraform
 * by its name (`.tf`, or `--stdin-filename x.tf` for standard input): parsing is synchronous afterwards. When
 * it cannot be loaded, one line says why (exit 2), and each Terraform file gets an `hcl-syntax` finding saying
 * it was not analysed.
 */
export async function loadFormats(o: Pick<CheckOptions, 'roles' | 'stdinFileName'>, inputs: readonly Input[], io: Io): Promise<void> {
  const names = [...inputs.map((i) => (i.file === undefined ? o.stdinFileName : i.path)), ...[...o.roles.values()].map((r) => r.path)];
  if (names.some((n) => n !== undefined && detectFormat('', n) === 'hcl')) await loadHcl(io);
}

/** The same for one text about to be analysed: Terraform by its name or by its text (standard input). */
export async function loadFormatOf(text: string, options: AnalysisOptions, io: Io): Promise<void> {
  if (!hclReady() && detectFormat(text, options.fileName, options.format) === 'hcl') await loadHcl(io);
}

let hclFailed = false;

async function loadHcl(io: Io): Promise<void> {
  if (hclFailed) return;
  try {
    await initHcl();
  } catch (error) {
    hclFailed = true;
    io.err(`the Terraform grammar could not be loaded (${(error as Error)?.message ?? String(error)}): Terraform files are not analysed`);
    io.failed = true;
  }
}

/**
 * The workspace of a run: the inputs and the files `--roles` names, read into the index. Undefined when a file
 * `--roles` names does not exist (named on stderr; the run ends, exit 2).
 */
export function workspaceOf(o: Pick<CheckOptions, 'locale' | 'kind' | 'roles'> & Partial<Pick<CheckOptions, 'rules'>>, inputs: readonly Input[], io: Io): { workspace: CliWorkspace; extra: Input[] } | undefined {
  const workspace = new CliWorkspace((input, text) => analysisOptions(o, input, io, text), o.roles);
  const { extra, errors } = workspace.roleFiles(inputs);
  if (errors.length) {
    for (const e of errors) io.err(e);
    return undefined;
  }
  workspace.indexAll([...inputs, ...extra]);
  return { workspace, extra };
}

export async function check(o: CheckOptions, io: Io): Promise<number> {
  const collected = collectInputs(o.paths, o.stdinFileName ?? '<stdin>');
  if (!reportCollected(collected, io)) return EXIT.usage;
  const { inputs } = collected;
  if (o.verbose) for (const line of collected.plans) io.info(line);
  await loadFormats(o, inputs, io);
  const ws = workspaceOf(o, inputs, io);
  if (!ws) return EXIT.usage;
  const { workspace } = ws;
  const reports: FileReport[] = [];
  let skipped = 0;
  /** Inputs read (those that could not be are errors of their own). */
  let checked = 0;
  for (const input of inputs) {
    const content = await readOrReport(input, io);
    if (!content) continue;
    checked++;
    const options = workspace.options(input, content.text);
    await loadFormatOf(content.text, options, io);
    let report: FileReport;
    if (content.tooLarge !== undefined) {
      const finding = tooLargeFinding(o, options, content.tooLarge);
      report = { path: input.path, kind: 'unknown', text: '', findings: finding ? [finding] : [] };
    } else {
      const read = workspace.takeRead(input, content.text, options);
      const { analysis, findings } = read ? analyzeRead(read) : analyze(content.text, options);
      report = { path: input.path, kind: analysis.fileKind, text: content.text, findings };
    }
    // A walked file that is no policy or template and has nothing to say is skipped; a named one is listed.
    if (report.kind === 'unknown' && report.findings.length === 0) {
      skipped++;
      if (!input.explicit) {
        if (o.verbose) io.info(`skipped ${input.path}: not a policy or template`);
        continue;
      }
      if (o.verbose) io.info(`${input.path}: not a policy or template`);
    }
    reports.push(report);
  }

  const positionAt = (file: string, offset: number) => workspace.positionAt(file, offset);
  if (o.format === 'json') writeJson(reports, positionAt, (chunk) => io.out(chunk));
  else if (o.format === 'sarif') io.out(formatSarif(reports, { version: io.version, locale: o.locale, rules: o.rules, positionAt }));
  else {
    io.out(formatText(reports, positionAt));
    io.info(summary(checked, skipped, reports));
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

// A seeded fuzzer for the engine: mutates real policies (truncation, character edits, type swaps, deep
// nesting, huge strings, unicode, duplicated keys, spliced statements) and checks, for every input, that
// every rule, hovers at random offsets, completion and every offered fix behave:
//   - nothing throws;
//   - each input is analysed within a time bound;
//   - a fix applied to valid JSON (YAML) yields valid JSON (YAML);
//   - a fix never adds a finding of its own rule.
// JSON inputs get JSON mutations; YAML inputs (templates) get YAML ones: indentation shifts, tags, anchors
// and aliases (bombs included), block scalars, tabs.
import { analyze, applyEdits, type Analysis, type AnalysisOptions, type Finding } from '../../server/src/engine';
import type { Fix } from '../../server/src/engine/types';
import { hover } from '../../server/src/engine/hover';
import { parseText } from '../../server/src/engine/formats';

/** Mulberry32: small, fast, reproducible. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rand = () => number;
const int = (r: Rand, n: number) => Math.floor(r() * n);
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[int(r, xs.length)]!;

const TOKENS = ['"', '{', '}', '[', ']', ',', ':', '*', '?', '$', '${', '\\', '\n', ' ', 'null', 'true', '0', '-1e999', '"iam:PassRole"', '"sts:AssumeRole"', '"*"', '"Allow"', '"Deny"', '"Principal"', '"Condition"', '"Resource"', '"iam:PassedToService"', '"Fn::Sub"', '"Ref"', '//', '/*', '\u0000', '\uFEFF', '😀', '\u202E', 'ｉａｍ', '\uD800'];
const VALUES = ['null', 'true', '1', '"*"', '[]', '{}', '["*"]', '{"AWS": "*"}', '{"Ref": "X"}', '{"Fn::GetAtt": ["Role", "Arn"]}', '"arn:aws:iam::111122223333:role/x"', '"arn:aws:iam::*:instance-profile/*"', '"batch.amazonaws.com"', '"' + 'A'.repeat(5000) + '"', '"repo:*"'];

export type Mutation = (r: Rand, text: string, corpus: readonly string[]) => string;

export const MUTATIONS: Record<string, Mutation> = {
  truncate: (r, t) => t.slice(0, int(r, t.length + 1)),
  deleteChars: (r, t) => {
    const at = int(r, t.length + 1);
    return t.slice(0, at) + t.slice(at + 1 + int(r, 8));
  },
  insertToken: (r, t) => {
    const at = int(r, t.length + 1);
    return t.slice(0, at) + pick(r, TOKENS) + t.slice(at);
  },
  swapValue: (r, t) => {
    // Replace one JSON string/number/literal with a value of another type.
    const m = [...t.matchAll(/"(?:[^"\\]|\\.)*"|\b(?:true|false|null)\b|-?\d+(?:\.\d+)?/g)];
    if (m.length === 0) return t;
    const hit = pick(r, m);
    return t.slice(0, hit.index) + pick(r, VALUES) + t.slice(hit.index + hit[0].length);
  },
  deepNesting: (r, t) => {
    const depth = pick(r, [50, 500, 600, 5000, 20000]);
    const at = int(r, t.length + 1);
    return t.slice(0, at) + '['.repeat(depth) + ']'.repeat(r() < 0.5 ? depth : int(r, depth)) + t.slice(at);
  },
  hugeString: (r, t) => {
    const at = t.indexOf('"', int(r, t.length));
    if (at < 0) return t;
    return t.slice(0, at + 1) + pick(r, ['x', '*', 'é', '\\u0041', '${aws:x}']).repeat(pick(r, [1000, 100_000, 300_000])) + t.slice(at + 1);
  },
  unicode: (r, t) => t.replace(/[a-z]/g, (c) => (r() < 0.05 ? pick(r, ['ı', 'ſ', 'К', '\u200b' + c, c.toUpperCase(), '\uFF41']) : c)),
  duplicateKeys: (r, t) => t.replace(/"(Effect|Action|Resource|Condition|Statement|Principal)"\s*:/g, (m) => (r() < 0.3 ? `${m} null, ${m}` : m)),
  spliceStatement: (r, t, corpus) => {
    const other = pick(r, corpus);
    const s = other.indexOf('{', other.indexOf('"Statement"'));
    const at = t.indexOf('{', t.indexOf('"Statement"'));
    if (s < 0 || at < 0) return t;
    const piece = other.slice(s, s + int(r, other.length - s));
    return t.slice(0, at) + piece + ',' + t.slice(at);
  },
  wrapInTemplate: (r, t) => (r() < 0.5 ? `{"Resources": {"R": {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": ${t}, "Policies": [{"PolicyName": "p", "PolicyDocument": ${t}}]}}}}` : `{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"P": {"Type": "AWS::IAM::ManagedPolicy", "Properties": {"PolicyDocument": ${t}}}}}`),
  caseFlip: (r, t) => t.replace(/"[A-Za-z:]+"/g, (m) => (r() < 0.1 ? (r() < 0.5 ? m.toLowerCase() : m.toUpperCase()) : m)),
  crlf: (_r, t) => t.replace(/\n/g, '\r\n'),
};

const YAML_TOKENS = [':', ': ', '- ', '-', '\t', '  ', '\n', '\n  ', '#', '|', '>-', "'", '"', '[', ']', '{', '}', ',', '---\n', '...\n', '!Ref ', '!GetAtt ', '!Sub ', '!If ', '!Foo ', '!!str ', '&a ', '*a', '<<: *a\n', '? ', '%YAML 1.1\n', '@', '`', '\u0000', '\uFEFF', '😀', 'iam:PassRole', "'*'", 'sts:AssumeRole', 'iam:PassedToService: '];

/** Mutations of YAML text (the JSON ones that make sense in YAML are reused). */
export const YAML_MUTATIONS: Record<string, Mutation> = {
  truncate: MUTATIONS['truncate']!,
  deleteChars: MUTATIONS['deleteChars']!,
  unicode: MUTATIONS['unicode']!,
  crlf: MUTATIONS['crlf']!,
  insertToken: (r, t) => {
    const at = int(r, t.length + 1);
    return t.slice(0, at) + pick(r, YAML_TOKENS) + t.slice(at);
  },
  indentShift: (r, t) => {
    const lines = t.split('\n');
    const i = int(r, lines.length);
    lines[i] = r() < 0.5 ? ' '.repeat(1 + int(r, 4)) + lines[i] : lines[i]!.replace(/^ {1,4}/, '');
    return lines.join('\n');
  },
  swapTag: (r, t) => t.replace(/!(Ref|GetAtt|Sub|Join|If|Select|Split|ImportValue|FindInMap)\b/g, (m) => (r() < 0.3 ? pick(r, ['!Ref', '!GetAtt', '!Sub', '!Join', '!Base64', '!Nope', '!!str', '']) : m)),
  swapScalar: (r, t) => {
    const m = [...t.matchAll(/: (\S[^\n#]*)/g)];
    if (m.length === 0) return t;
    const hit = pick(r, m);
    const at = hit.index + 2;
    return t.slice(0, at) + pick(r, ["'*'", '"*"', '[]', '{}', '~', 'null', 'yes', '0x1F', '2012-10-17', '!Ref X', '!GetAtt Role.Arn', '[iam:PassRole, "*"]', '{Service: lambda.amazonaws.com}', '|\n  multi\n  line', 'A'.repeat(5000)]) + t.slice(at + hit[1]!.length);
  },
  aliasBomb: (r, t) => {
    const levels = 3 + int(r, 7);
    let bomb = 'Bomb0: &b0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n';
    for (let i = 1; i < levels; i++) bomb += `Bomb${i}: &b${i} [${Array(9).fill(`*b${i - 1}`).join(', ')}]\n`;
    return bomb + t;
  },
  anchors: (_r, t) => t.replace(/^(\s*)(Statement|Principal|Condition|Action):( .*)?$/m, (m, ind: string, k: string, v: string | undefined) => (v ? `${ind}${k}: &shared${v}\n${ind}Other${k}: *shared` : `${m}`)),
  deepNesting: (r, t) => {
    const depth = pick(r, [50, 600, 5000]);
    const at = int(r, t.length + 1);
    return r() < 0.5 ? t.slice(0, at) + '['.repeat(depth) + ']'.repeat(depth) + t.slice(at) : t + Array.from({ length: depth }, (_, i) => ' '.repeat(i) + 'k:').join('\n');
  },
  duplicateKeys: (r, t) => t.replace(/^(\s*)(Effect|Action|Resource|Condition|Statement|Principal|Type):(.*)$/gm, (m, ind: string, k: string) => (r() < 0.3 ? `${m}\n${ind}${k}: null` : m)),
  hugeString: (r, t) => {
    const at = t.indexOf(': ', int(r, t.length));
    if (at < 0) return t;
    return t.slice(0, at + 2) + pick(r, ['x', '*', 'é', '${aws:x}']).repeat(pick(r, [1000, 100_000])) + t.slice(at + 2);
  },
};

const HCL_TOKENS = ['{', '}', '[', ']', '(', ')', '"', '=', ':', ',', '\n', '${', '}', '%{', '$${', '<<EOF\n', '<<-EOT\n', 'EOF\n', '#', '//', '/*', 'jsonencode(', 'var.x', 'aws_iam_role.r.arn', 'data.aws_iam_policy_document.p.json', 'statement {', 'dynamic "statement" {', 'condition {', '"iam:PassRole"', '"*"', '\u0000', '😀', '\t'];

/** Mutations of Terraform text (the character-level JSON ones are reused). */
export const HCL_MUTATIONS: Record<string, Mutation> = {
  truncate: MUTATIONS['truncate']!,
  deleteChars: MUTATIONS['deleteChars']!,
  unicode: MUTATIONS['unicode']!,
  crlf: MUTATIONS['crlf']!,
  caseFlip: MUTATIONS['caseFlip']!,
  insertToken: (r, t) => {
    const at = int(r, t.length + 1);
    return t.slice(0, at) + pick(r, HCL_TOKENS) + t.slice(at);
  },
  swapString: (r, t) => {
    const m = [...t.matchAll(/"(?:[^"\\\n]|\\.)*"/g)];
    if (m.length === 0) return t;
    const hit = pick(r, m);
    return t.slice(0, hit.index) + pick(r, ['"*"', '"iam:PassRole"', '"sts:AssumeRole"', 'var.x', '"${var.x}"', '["a", "b"]', '{ a = 1 }', 'null', '"arn:aws:iam::*:role/*"', '"lambda.amazonaws.com"', '"' + 'A'.repeat(5000) + '"']) + t.slice(hit.index + hit[0].length);
  },
  unterminatedHeredoc: (r, t) => {
    const at = int(r, t.length + 1);
    return t.slice(0, at) + '\n  policy = <<EOF\n{"Statement": []}\n' + t.slice(at);
  },
  deepNesting: (r, t) => {
    const depth = pick(r, [50, 600, 5000]);
    return t + `\nresource "aws_iam_policy" "deep" {\n  policy = jsonencode(${'['.repeat(depth)}${']'.repeat(r() < 0.5 ? depth : int(r, depth))})\n}\n`;
  },
  dynamicBlocks: (r, t) => t.replace(/\n(\s*)statement \{/g, (m, ind: string) => (r() < 0.3 ? `\n${ind}dynamic "statement" {\n${ind}  for_each = var.x\n${ind}  content {` : m)),
};

export interface Failure {
  seed: number;
  mutation: string;
  property: string;
  detail: string;
  input: string;
}

export interface FuzzStats {
  inputs: number;
  fixesApplied: number;
  hovers: number;
  completions: number;
  slowest: number;
  failures: Failure[];
}

export interface FuzzOptions {
  seed: number;
  inputs: number;
  /** Time bound for analysing one input and hovering in it, in milliseconds (what a keystroke costs). */
  maxMillisPerInput: number;
  /** Fixes applied and re-analysed per input, picked at random (all of them when undefined). */
  maxFixesPerInput?: number;
  /** Completion at an offset, when the engine has one (plugged in by the caller). */
  complete?: (text: string, offset: number, analysis?: Analysis, options?: AnalysisOptions) => unknown;
  options?: AnalysisOptions;
  /** The corpus's format: which mutations apply (default JSON). */
  format?: 'json' | 'yaml' | 'hcl';
}

function countByRule(findings: readonly Finding[], ruleId: string): number {
  return findings.filter((f) => f.ruleId === ruleId).length;
}

/** Checks one input; returns the failures (empty when every property holds). */
export function checkInput(text: string, r: Rand, stats: FuzzStats, base: Omit<Failure, 'property' | 'detail' | 'input'>, opts: FuzzOptions): Failure[] {
  const failures: Failure[] = [];
  const fail = (property: string, detail: string) => failures.push({ ...base, property, detail, input: text });
  const started = Date.now();
  const options: AnalysisOptions = { syntaxErrors: 'all', ...opts.options, onRuleError: (id, e) => fail('no exception', `rule ${id}: ${String(e)}`) };
  let findings: Finding[] = [];
  let analysis: Analysis | undefined;
  try {
    ({ findings, analysis } = analyze(text, options));
  } catch (e) {
    fail('no exception', `analyze: ${(e as Error).stack ?? String(e)}`);
    return failures;
  }
  for (let i = 0; i < 5; i++) {
    const at = int(r, text.length + 1);
    try {
      // As the server does: hovers reuse the analysis of the current version.
      hover(text, at, options, analysis);
      stats.hovers++;
      if (opts.complete) {
        opts.complete(text, at, analysis, opts.options);
        stats.completions++;
      }
    } catch (e) {
      fail('no exception', `hover/completion at ${at}: ${(e as Error).stack ?? String(e)}`);
    }
  }
  const elapsed = Date.now() - started;
  stats.slowest = Math.max(stats.slowest, elapsed);
  if (elapsed > opts.maxMillisPerInput) fail('bounded time', `${elapsed} ms (limit ${opts.maxMillisPerInput} ms, ${text.length} characters)`);
  const wasValid = analysis.parsed.errors.length === 0 && !analysis.skipped;
  let candidates = findings.flatMap((f) => f.fixes.map((fix) => ({ f, fix })));
  if (opts.maxFixesPerInput !== undefined && candidates.length > opts.maxFixesPerInput) {
    candidates = candidates.map((c) => ({ c, k: r() })).sort((a, b) => a.k - b.k).slice(0, opts.maxFixesPerInput).map((x) => x.c);
  }
  for (const { f, fix } of candidates) {
    const checked = checkFix(text, wasValid, findings, f, fix, options, analysis.format);
    if (checked.applied) stats.fixesApplied++;
    for (const p of checked.problems) fail(p.property, p.detail);
  }
  return failures;
}

/**
 * Applies one offered fix and checks the fix properties: no exception, valid JSON stays valid, and no new
 * finding of the fix's own rule. Shared by the fuzzer and the corpus fix-safety test.
 */
export function checkFix(text: string, wasValid: boolean, findings: readonly Finding[], f: Finding, fix: Fix, options: AnalysisOptions, format: 'json' | 'yaml' | 'hcl' = 'json'): { applied: boolean; problems: { property: string; detail: string }[] } {
  const problems: { property: string; detail: string }[] = [];
  let out: string;
  try {
    out = applyEdits(text, fix.edits());
  } catch (e) {
    problems.push({ property: 'no exception', detail: `fix "${fix.title}" of ${f.ruleId}: ${(e as Error).stack ?? String(e)}` });
    return { applied: false, problems };
  }
  if (wasValid && parseText(out, format).errors.length > 0) problems.push({ property: `fix keeps ${format.toUpperCase()} valid`, detail: `fix "${fix.title}" of ${f.ruleId} at ${f.offset}` });
  try {
    const after = analyze(out, options).findings;
    if (countByRule(after, f.ruleId) > countByRule(findings, f.ruleId)) problems.push({ property: 'fix adds no finding of its own rule', detail: `fix "${fix.title}" of ${f.ruleId} at ${f.offset}: ${countByRule(findings, f.ruleId)} → ${countByRule(after, f.ruleId)}` });
  } catch (e) {
    problems.push({ property: 'no exception', detail: `analyze after fix "${fix.title}": ${(e as Error).stack ?? String(e)}` });
  }
  return { applied: true, problems };
}

/** Runs `opts.inputs` mutated inputs drawn from `corpus`, reproducibly from `opts.seed`. */
export function fuzz(corpus: readonly string[], opts: FuzzOptions, onProgress?: (stats: FuzzStats) => void): FuzzStats {
  const stats: FuzzStats = { inputs: 0, fixesApplied: 0, hovers: 0, completions: 0, slowest: 0, failures: [] };
  const mutations = opts.format === 'yaml' ? YAML_MUTATIONS : opts.format === 'hcl' ? HCL_MUTATIONS : MUTATIONS;
  const names = Object.keys(mutations);
  for (let i = 0; i < opts.inputs; i++) {
    const seed = opts.seed + i;
    const r = rng(seed);
    let text = pick(r, corpus);
    const steps = 1 + int(r, 3);
    const applied: string[] = [];
    for (let s = 0; s < steps; s++) {
      const name = pick(r, names);
      applied.push(name);
      text = mutations[name]!(r, text, corpus);
    }
    stats.failures.push(...checkInput(text, r, stats, { seed, mutation: applied.join('+') }, opts));
    stats.inputs++;
    if (onProgress && i % 200 === 199) onProgress(stats);
  }
  return stats;
}

// Applying fixes in bulk (CLI `fix`, `source.fixAll`): the preferred fix of each finding, skipping any
// that overlaps one already taken (like `eslint --fix`), then analysing again, until nothing changes.
import { analyze } from './analyze';
import { applyEdits, overlaps } from './edits';
import type { IamData } from './iam/data';
import { iamData } from './iam/data';
import { parseText } from './formats';
import type { AnalysisOptions, Finding, TextEdit } from './types';

export const MAX_FIX_PASSES = 10;

/** Non-overlapping edits of the preferred fixes of `findings` (optionally only some rules). */
export function preferredEdits(findings: readonly Finding[], onlyRules?: ReadonlySet<string>): { edits: TextEdit[]; applied: Finding[] } {
  const taken: TextEdit[] = [];
  const applied: Finding[] = [];
  for (const f of findings) {
    if (onlyRules && !onlyRules.has(f.ruleId)) continue;
    const fix = f.fixes.find((x) => x.preferred);
    if (!fix) continue;
    const edits = fix.edits();
    // Bulk fixes change the document they were asked for, never another file of the workspace.
    if (edits.some((e) => e.file !== undefined)) continue;
    if (edits.some((e) => taken.some((t) => overlaps(e, t)))) continue;
    taken.push(...edits);
    applied.push(f);
  }
  return { edits: taken, applied };
}

export interface FixAllResult {
  text: string;
  /** Findings fixed, per pass. */
  fixed: Finding[];
  passes: number;
}

export function fixAll(text: string, options: AnalysisOptions = {}, onlyRules?: ReadonlySet<string>, data: IamData = iamData()): FixAllResult {
  let current = text;
  const fixed: Finding[] = [];
  let passes = 0;
  while (passes < MAX_FIX_PASSES) {
    const { findings, analysis } = analyze(current, options, data);
    const { edits, applied } = preferredEdits(findings, onlyRules);
    if (edits.length === 0) break;
    const next = applyEdits(current, edits);
    // A fix must never turn a file that parses into one that does not; stop rather than write a broken file.
    if (analysis.parsed.errors.length === 0 && parseText(next, analysis.format).errors.length !== 0) break;
    if (next === current) break;
    current = next;
    fixed.push(...applied);
    passes++;
  }
  return { text: current, fixed, passes };
}

/** One edit that turns `before` into `after` (common prefix and suffix left alone). */
export function minimalEdit(before: string, after: string): TextEdit | undefined {
  if (before === after) return undefined;
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let endB = before.length;
  let endA = after.length;
  while (endB > start && endA > start && before[endB - 1] === after[endA - 1]) {
    endB--;
    endA--;
  }
  return { offset: start, length: endB - start, newText: after.slice(start, endA) };
}

// What a request needs from an analysed document, in a form that crosses a worker boundary: the same code
// answers for documents analysed on the server thread and for large ones the analysis worker keeps.
import { fixAll, minimalEdit, type AnalysisOptions, type Result, type TextEdit } from '../engine';
import type { CompletionList } from '../engine/completion';
import type { explain } from '../engine/explain';
import type { HoverResult } from '../engine/hover';
import type { servicePrincipalChoices } from '../engine/passed-to-service';
import type { Summary } from './summary';

/** A finding as a diagnostic names it (rule, offset, length). */
export interface FindingRef {
  ruleId: string;
  offset: number;
  length: number;
}

export interface PlainFix {
  title: string;
  preferred?: boolean;
  edits: TextEdit[];
}

/** The fixes of the finding a diagnostic names; undefined when the result has no such finding. */
export interface FindingFixes {
  fixes: PlainFix[];
  /** The statement, when the finding offers the service pick list. */
  statementOffset?: number;
}

export type Query =
  | { kind: 'hover'; offset: number }
  | { kind: 'complete'; offset: number }
  | { kind: 'explain'; offset?: number }
  | { kind: 'servicePrincipals'; statementOffset: number }
  | { kind: 'passedToServiceEdit'; statementOffset: number; principals: string[] }
  | { kind: 'fixes'; findings: FindingRef[]; fixAll: boolean }
  | { kind: 'summary' };

export interface Answers {
  hover: HoverResult | undefined;
  complete: CompletionList;
  explain: ReturnType<typeof explain>;
  servicePrincipals: ReturnType<typeof servicePrincipalChoices>;
  passedToServiceEdit: TextEdit[] | undefined;
  fixes: { findings: (FindingFixes | undefined)[]; fixAll?: TextEdit };
  summary: Summary;
}

export type Answer<Q extends Query> = Answers[Q['kind']];

/** The fixes of each named finding, with their edits computed. */
export function findingFixes(result: Result, refs: readonly FindingRef[]): (FindingFixes | undefined)[] {
  return refs.map((ref) => {
    const finding = result.findings.find((f) => f.ruleId === ref.ruleId && f.offset === ref.offset && f.length === ref.length);
    if (!finding) return undefined;
    const out: FindingFixes = {
      fixes: finding.fixes.map((fix) => {
        const plain: PlainFix = { title: fix.title, edits: fix.edits() };
        if (fix.preferred) plain.preferred = true;
        return plain;
      }),
    };
    if (finding.data?.statementOffset !== undefined) out.statementOffset = finding.data.statementOffset;
    return out;
  });
}

/** One edit that applies every preferred fix (source.fixAll), or undefined when nothing is fixable. */
export function fixAllEdit(text: string, options: AnalysisOptions): TextEdit | undefined {
  return minimalEdit(text, fixAll(text, options).text);
}

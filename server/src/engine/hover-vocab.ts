// Hovers on the IAM vocabulary beyond actions: condition operators and ARNs. Called by hover.ts for
// nodes it has no card of its own for.
import type { Analysis } from './analyze';
import type { HoverText } from './i18n/hover-en';
import type { IamData } from './iam/data';
import type { JsonNode } from './json';
import type { PolicyDocument, Statement } from './model';
import type { Locale } from './types';

export interface VocabPlace {
  node: JsonNode;
  doc: PolicyDocument;
  stmt: Statement | undefined;
  /** Key of the property holding the node (for array items, the array's property). */
  propKey: string | undefined;
  isKey: boolean;
  /** Inside an operator block of a Condition (key or value). */
  inCondition: boolean;
}

/** Markdown for the node, or undefined when this module has nothing to say. */
export function vocabHover(_analysis: Analysis, _place: VocabPlace, _h: HoverText, _data: IamData, _locale: Locale | undefined): string | undefined {
  return undefined;
}

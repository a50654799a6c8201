// What a rule is, and what it may use while it runs.
import type { Analysis } from '../analyze';
import type { Layout } from '../edits';
import type { Messages } from '../i18n';
import type { IamData } from '../iam/data';
import type { JsonNode } from '../json';
import type { Fix, FindingData, RelatedInfo, Severity, Span } from '../types';
import type { Writer } from '../writer';

export interface Report {
  /** The smallest node that is wrong; or give `span`. */
  node?: JsonNode;
  span?: Span;
  message: string;
  /** Only for rules whose catalog entry has two severities (policy-version, trust-wildcard-principal). */
  severity?: Severity;
  fixes?: Fix[];
  related?: RelatedInfo[];
  data?: FindingData;
}

export interface RuleContext {
  readonly analysis: Analysis;
  readonly text: string;
  readonly data: IamData;
  readonly t: Messages;
  readonly layout: Layout;
  /** Writes fixes in the document's format (JSON, YAML) and layout. */
  readonly writer: Writer;
  report(r: Report): void;
}

export interface Rule {
  /** Public, stable id (rules.md). */
  id: string;
  defaultSeverity: Severity;
  /** Whether some of its findings carry a fix; the registry test checks each has a fix fixture. */
  fixable: boolean;
  /** One line for SARIF and the rules list. */
  summary: { en: string; ja: string };
  /** `syntax` rules run on text that does not parse; the others only on a parsed tree. */
  phase?: 'syntax';
  check(ctx: RuleContext): void;
}

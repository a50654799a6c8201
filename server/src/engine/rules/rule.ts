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
  /**
   * What its findings on a CloudFormation template's policy document follow from, for an analysis that keeps
   * the findings of the resources an edit did not touch (the analysis worker, on large templates): `resource`,
   * only the text of the resource that holds the document (its logical id and its own properties, kinds and
   * places of its documents) and the analysis options; `resource-unattached`, the same as long as no document of
   * the resource has statements attached from another resource (iam/effective.ts reads those). Such a rule
   * checks each document on its own, reading nothing of the rest of the file. Unset: anything in the file; the
   * rule runs over every document each time.
   */
  reads?: 'resource' | 'resource-unattached';
  check(ctx: RuleContext): void;
}

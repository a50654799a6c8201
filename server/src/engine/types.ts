// Plain data types shared by every part of the engine. Offsets are UTF-16 code-unit offsets into the
// document text (what jsonc-parser and LSP's positionAt use); ranges are made only at the edges.
import type { WorkspaceView } from './roles/resolve';

export type Severity = 'error' | 'warning' | 'info';
export type RuleSetting = Severity | 'off';
export type Locale = 'en' | 'ja';

/** What a policy document is (rules.md "Policy kinds"). */
export type PolicyKind = 'identity' | 'trust' | 'resource';
/** What a whole file is. */
export type FileKind = PolicyKind | 'cloudformation' | 'terraform' | 'unknown';
/** A kind the user may force for a file (settings `iamRoleLens.kinds`, CLI `--kind`). */
export type ForcedKind = 'auto' | PolicyKind;

export interface Span {
  offset: number;
  length: number;
}

export interface TextEdit extends Span {
  newText: string;
  /** Another file the edit is in (a fix that edits a role's trust policy there); none: this document. */
  file?: string;
  /**
   * The same text as a snippet (`${1:PLACEHOLDER}` tab stops) for editors that accept snippet edits.
   * `newText` is always the plain, valid-JSON form of it.
   */
  snippet?: string;
}

export interface Fix {
  title: string;
  /** Computed on demand: most findings are shown and never fixed, and edits cost a look at the text. */
  edits: () => TextEdit[];
  /** The fix `fix` and `source.fixAll` apply. At most one per finding. */
  preferred?: boolean;
}

export interface RelatedInfo extends Span {
  message: string;
  /** Another file the place is in; none: this document. */
  file?: string;
}

export interface Finding extends Span {
  ruleId: string;
  severity: Severity;
  message: string;
  fixes: Fix[];
  related?: RelatedInfo[];
  /** Extra payload a client-side action needs (for example the statement a condition goes into). */
  data?: FindingData;
}

export interface FindingData {
  /** Offset of the statement object a PassedToService fix targets. */
  statementOffset?: number;
}

export interface AnalysisOptions {
  locale?: Locale;
  /** Per-rule overrides of the default severity. */
  rules?: Record<string, RuleSetting | undefined>;
  /** Force the kind of every policy in the file. */
  kind?: ForcedKind;
  /** File name or URI path, used for kind hints (`*trust*.json`) and to tell the format by its extension. */
  fileName?: string;
  /** The text's format (an editor's language id says it); `auto` or none: the extension, else the text. */
  format?: 'json' | 'yaml' | 'hcl' | 'auto';
  /**
   * `all`: a file that does not parse is always a syntax finding (CLI).
   * `policy-like`: only when what could be parsed looks like a policy or template (editor; the JSON
   * language service already reports syntax errors in every other JSON file).
   */
  syntaxErrors?: 'all' | 'policy-like';
  /** Documents larger than this (characters) are not analysed; one info finding says so. */
  maxSize?: number;
  /** The rest of the workspace: roles, exports and hand-offs of other files (none: this file alone). */
  workspace?: WorkspaceView;
  /** The role a trust-policy file stands for, when the roles setting names it (else its file name says). */
  roleName?: string;
  /** Called when a rule throws; the other rules still run. */
  onRuleError?: (ruleId: string, error: unknown) => void;
}

// Custom messages between the IAM Role Lens client and server, declared once. Plain types only: both the
// client (vscode-languageclient) and the server (vscode-languageserver) import this file.

export const SERVER_NAME = 'IAM Role Lens';
/** Diagnostic.source of every finding. */
export const DIAGNOSTIC_SOURCE = 'iam-role-lens';
export const FIX_ALL_KIND = 'source.fixAll.iamRoleLens';

export type FileKindName = 'identity' | 'trust' | 'resource' | 'cloudformation' | 'terraform' | 'unknown';

/** Server → client, after each analysis: what the document is (for the language status item). */
export const DocumentInfoNotification = 'iamRoleLens/documentInfo';
/** Client → server: the same, on demand (when the active editor changes). */
export const DocumentInfoRequest = 'iamRoleLens/documentInfo';
export interface DocumentInfoParams {
  uri: string;
}
export interface DocumentInfo {
  uri: string;
  version: number | null;
  kind: FileKindName;
  /** Localised name of the kind. */
  label: string;
  /** Localised one-line detail: how the kind was decided, how many policies a template holds. */
  detail: string;
  findings: { error: number; warning: number; info: number };
  /** IAM data version and date shown to the user (data freshness). */
  data: { version: string; date: string };
  /** Not analysed: excluded by settings, too large … (localised), when so. */
  skipped?: string;
}

/** Client → server: the content of the PassRole vs AssumeRole explainer for a document. */
export const ExplainRequest = 'iamRoleLens/explain';
export interface ExplainParams {
  uri: string;
  /** The cursor: when it is on a role (a hand-off value, a PassRole resource, a role's logical id), the
   *  explanation says everything known of that role (`role`). */
  position?: { line: number; character: number };
}
export interface ExplainSection {
  title: string;
  /** Markdown paragraphs and list items, already localised. */
  lines: string[];
}
export interface Explanation {
  title: string;
  kind: FileKindName;
  passRole: ExplainSection;
  assumeRole: ExplainSection;
  /** What the other side must say for this document to work. */
  together: ExplainSection;
  /** The role under the cursor: who may become it, what it is handed to, who may pass it. */
  role?: ExplainSection;
}

/** Client → server: the role map of the workspace (the IAM Roles view). */
export const RoleMapRequest = 'iamRoleLens/roleMap';
/** Where something is: a document URI and a 0-based range. */
export interface MapPlace {
  uri: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
}
export interface MapUse extends MapPlace {
  /** `MyFunction.Role` for a hand-off; the policy's place for a PassRole grant. */
  label: string;
  /** Services it hands the role to, or may pass it to (empty: any service, for a grant). */
  principals: string[];
  /** Whether the role's trust policy trusts one of them (true when the trust policy is not seen). */
  trusted: boolean;
}
export interface MapRoleItem extends MapPlace {
  name: string;
  id: string;
  source: 'cloudformation' | 'sam' | 'trust-policy-file' | 'terraform' | 'terraform-plan';
  /** Some of its trust policy is known only at deploy or plan time: any service may be trusted. */
  trustUnknown?: true;
  trustPolicySeen: boolean;
  assumedBy: string[];
  handedTo: MapUse[];
  passedBy: MapUse[];
}
export interface RoleMap {
  roles: MapRoleItem[];
  /** The workspace is still being read: the map may grow. */
  indexing: boolean;
  /** Files read into the index. */
  files: number;
}
/** Server → client: the role map changed (the client asks for it again when it shows it). */
export const RoleMapChangedNotification = 'iamRoleLens/roleMapChanged';

/** Client → server: the service principals known to the server (for the quick pick). */
export const ServicePrincipalsRequest = 'iamRoleLens/servicePrincipals';
export interface ServicePrincipalItem {
  principal: string;
  /** Inferred from the policy's own actions. */
  suggested: boolean;
  detail?: string;
}
export interface ServicePrincipalsParams {
  uri: string;
  statementOffset: number;
}

/** Client → server: the edit that adds an iam:PassedToService condition naming the chosen services. */
export const PassedToServiceEditRequest = 'iamRoleLens/passedToServiceEdit';
export interface PassedToServiceEditParams {
  uri: string;
  version: number;
  statementOffset: number;
  principals: string[];
}

/** Client command that asks the user for a service and applies the edit (offered as a code action). */
export const PICK_SERVICE_COMMAND = 'iamRoleLens.pickPassedToService';
export interface PickServiceArgs {
  uri: string;
  version: number;
  statementOffset: number;
  /** Tests and scripts may pass the choice directly instead of showing the quick pick. */
  principals?: string[];
}

/** Initialization options the VS Code client sends. */
export interface InitializationOptions {
  /** Client-side commands the server may reference in code actions. */
  clientCommands?: string[];
  /** Send `iamRoleLens/analysisTrace` notifications (for tests and measurements; VS Code does not ask). */
  analysisTrace?: boolean;
}

/**
 * Server → client, only when asked in the initialization options: what the analysis worker did with a
 * version of a large document (read in full or spliced from the previous tree, stopped and at which stage).
 * `uri` names the document.
 */
export const AnalysisTraceNotification = 'iamRoleLens/analysisTrace';
export interface AnalysisTraceParams {
  uri: string;
  version: number;
  event: 'read' | 'stopped' | 'analyzed';
  how?: 'full' | 'splice' | 'other';
  during?: 'parse' | 'read' | 'rules';
  readMs?: number;
  rulesMs?: number;
  /** Resources of a CloudFormation JSON template whose findings the analysis took from the one before (their text unchanged). */
  reused?: number;
}

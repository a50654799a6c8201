// The engine's entry point: text in, policy documents and findings out. Pure: no editor, no protocol.
import { decideKind, kindFromFileName } from './classify';
import { detectLayout, type Layout } from './edits';
import { messages, type Messages } from './i18n';
import { iamData, type IamData } from './iam/data';
import { DEFAULT_MAX_SIZE, MAX_KEPT_ERRORS, ParseStopped, type ParsedJson } from './json';
import { detectFormat, parseText, writerFor, type Format, type Parsed } from './formats';
import type { Writer } from './writer';
import type { TerraformModel, TfDocument } from './formats/terraform';
import { readTerraformJson, type TfJsonDocument, type TfJsonModel } from './formats/terraform-json';
import type { JsonNode } from './json';

export { DEFAULT_MAX_SIZE };
import type { PolicyDocument, TemplateModel } from './model';
import { attachByHolder } from './identities';
import { embeddedDocuments, looksLikePolicy, looksLikeTemplate, statementsOf, templateOf } from './model';
import { RULES } from './rules';
import type { Report, Rule, RuleContext } from './rules/rule';
import type { AnalysisOptions, FileKind, Finding } from './types';


export interface Analysis {
  text: string;
  /** Which front end read the text (and which writer writes its fixes). */
  format: Format;
  parsed: Parsed;
  fileKind: FileKind;
  template: TemplateModel | undefined;
  /** A Terraform file's resources, data sources and policies. */
  terraform?: TerraformModel;
  /** A `.tf.json` file's or a plan's (`terraform show -json`) resources and policies. */
  terraformJson?: TfJsonModel;
  documents: PolicyDocument[];
  layout: Layout;
  /** Writes fixes in the document's format and layout. */
  writer: Writer;
  options: AnalysisOptions;
  /** Why the text was not analysed, when it was not. */
  /** Not analysed (`garbled`: parsed, its syntax errors reported, its content not checked; `aliases`: YAML
   *  aliases that expand past the limit). */
  skipped?: 'too-large' | 'too-deep' | 'binary' | 'empty' | 'garbled' | 'aliases' | 'not-ready';
  /** The text could be part of a policy (for json-syntax in the editor). */
  policyLike: boolean;
}

export interface Result {
  analysis: Analysis;
  findings: Finding[];
}

const POLICY_HINT = /"(?:Statement|Resources|AssumeRolePolicyDocument|PolicyDocument)"\s*:/i;
/** The same hint in YAML: one of those keys at the start of a line (plain or quoted). */
const YAML_POLICY_HINT = /^[ \t-]*["']?(?:Statement|Resources|AssumeRolePolicyDocument|PolicyDocument|AWSTemplateFormatVersion)["']?[ \t]*:/im;
/** Terraform that writes IAM: a policy document, an IAM resource, or a policy argument. */
const HCL_POLICY_HINT = /\b(?:aws_iam_[a-z_]+|assume_role_policy|jsonencode)\b|^\s*policy\s*=/m;

function hint(format: Format, text: string): boolean {
  return (format === 'yaml' ? YAML_POLICY_HINT : format === 'hcl' ? HCL_POLICY_HINT : POLICY_HINT).test(text);
}

/**
 * What a caller that keeps a document across edits can give the reading: `json`, the text's JSON tree
 * already built (used when the text is read as JSON); `stop`, asked during the parse and between the steps
 * after it — when it says true the reading ends by throwing `ParseStopped`.
 */
export interface ReadHelp {
  json?: ParsedJson;
  stop?: () => boolean;
}

/**
 * The layout (indent, line ends) and the writer of an analysis are only needed when a fix or a completion is
 * built: made on first use, by getters every analysis shares. (Getters defined on each analysis gave each its
 * own hidden class, kept in the old generation and pointing at the analysis through the getters' closures:
 * every analysis then outlived the young-generation collections and was promoted, whole tree included.)
 */
const LAZY = {
  get layout(): Layout {
    const self = this as unknown as Analysis & { layoutMade?: Layout };
    const text = self.text;
    return (self.layoutMade ??= detectLayout(text.length > 200_000 ? text.slice(0, 200_000) : text));
  },
  get writer(): Writer {
    const self = this as unknown as Analysis & { writerMade?: Writer };
    return (self.writerMade ??= writerFor(self.format, self.text, self.parsed, () => self.layout));
  },
};

/** Reads a file's structure: which policy documents it holds and of what kind. */
export function readDocuments(text: string, options: AnalysisOptions = {}, help: ReadHelp = {}): Analysis {
  return Object.assign(Object.create(LAZY) as Analysis, readStructure(text, options, help));
}

/** A policy Terraform (HCL, `.tf.json`, a plan) holds, of the kind its place implies, else its content's. */
function terraformDocument(d: TfDocument | TfJsonDocument): PolicyDocument {
  const { statementProp, statements } = statementsOf(d.root);
  const decision = decideKind(statements, undefined, d.kind, undefined);
  const property: JsonNode = { type: 'string', value: d.location, offset: d.anchor.offset, length: d.anchor.length };
  const resource = { logicalId: d.owner.address, type: d.owner.type, node: d.owner.node, properties: d.owner.node };
  return { root: d.root, kind: decision.kind, kindSource: decision.source, cfn: { resource, property, location: d.location }, statementProp, statements, anchor: d.anchor };
}

function readStructure(text: string, options: AnalysisOptions, help: ReadHelp): Omit<Analysis, 'layout' | 'writer'> {
  const check = () => {
    if (help.stop?.()) throw new ParseStopped();
  };
  const format = detectFormat(text, options.fileName, options.format);
  const base = { text, format, options, template: undefined, documents: [] as PolicyDocument[] };
  const maxSize = options.maxSize ?? DEFAULT_MAX_SIZE;
  const empty: ParsedJson = { text, root: undefined, errors: [] };
  if (text.length > maxSize) return { ...base, parsed: empty, fileKind: 'unknown', skipped: 'too-large', policyLike: hint(format, text.slice(0, 65536)) };
  if (text.includes('\u0000')) return { ...base, parsed: empty, fileKind: 'unknown', skipped: 'binary', policyLike: false };
  if (text.trim() === '') return { ...base, parsed: empty, fileKind: 'unknown', skipped: 'empty', policyLike: options.kind !== undefined && options.kind !== 'auto' };
  const parsed = format === 'json' && help.json ? help.json : parseText(text, format, help.stop);
  check();
  if (parsed.tooDeep) return { ...base, parsed, fileKind: 'unknown', skipped: 'too-deep', policyLike: hint(format, text) };
  if ('notReady' in parsed && parsed.notReady) return { ...base, parsed, fileKind: 'unknown', skipped: 'not-ready', policyLike: hint(format, text) };
  if ('aliasBomb' in parsed && parsed.aliasBomb) return { ...base, parsed, fileKind: 'unknown', skipped: 'aliases', policyLike: hint(format, text.slice(0, 65536)) };
  // Thousands of syntax errors are no policy being typed: what the parser recovered from them (a hundred
  // thousand "statements" in a pasted blob) is not worth checking, and checking it costs seconds.
  if ((parsed.errorCount ?? 0) > MAX_KEPT_ERRORS) return { ...base, parsed, fileKind: 'unknown', skipped: 'garbled', policyLike: hint(format, text.slice(0, 65536)) };
  const root = parsed.root;
  const forced = options.kind;
  const documents: PolicyDocument[] = [];
  let fileKind: FileKind = 'unknown';
  let template: TemplateModel | undefined;
  const terraform = 'terraform' in parsed ? parsed.terraform : undefined;
  const terraformJson = format === 'json' && !terraform ? readTerraformJson(text, root, options.fileName) : undefined;
  if (terraformJson) {
    // A plan or a `.tf.json` file: the policies its strings (and data sources) hold, found as for Terraform.
    if (terraformJson.source === 'plan' || terraformJson.resources.size) fileKind = 'terraform';
    for (const d of terraformJson.documents) documents.push(terraformDocument(d));
  } else if (terraform) {
    // Terraform: every policy the HCL front end found, of the kind its place implies, else its content's.
    if (terraform.resources.size || terraform.modules.length || terraform.blocks.some((b) => b.type === 'output')) fileKind = 'terraform';
    for (const d of terraform.documents) documents.push(terraformDocument(d));
  } else if (looksLikeTemplate(root)) {
    fileKind = 'cloudformation';
    template = templateOf(root!);
    check();
    const embedded = embeddedDocuments(template);
    check();
    for (const [i, e] of embedded.entries()) {
      // A few thousand documents take a few hundred ms to classify: looked at every 256.
      if ((i & 255) === 255) check();
      const { statementProp, statements } = statementsOf(e.root);
      const decision = decideKind(statements, undefined, e.kind, undefined);
      documents.push({ root: e.root, kind: decision.kind, kindSource: decision.source, cfn: e.cfn, statementProp, statements, anchor: { offset: e.cfn.property.offset, length: e.cfn.property.length } });
    }
    check();
    attachByHolder(template, documents);
  } else if (root && root.type === 'object' && (looksLikePolicy(root) || (forced && forced !== 'auto'))) {
    const { statementProp, statements } = statementsOf(root);
    const decision = decideKind(statements, forced, undefined, options.fileName);
    fileKind = decision.kind;
    documents.push({ root, kind: decision.kind, kindSource: decision.source, statementProp, statements, anchor: { offset: root.offset, length: 1 } });
  }
  const policyLike = fileKind !== 'unknown' || hint(format, text) || kindFromFileName(options.fileName) !== undefined;
  // Written out rather than spread: the spreads made a slow copy of every analysis.
  const analysis: Omit<Analysis, 'layout' | 'writer'> = { text, format, options, template, documents, parsed, fileKind, policyLike };
  if (terraform) analysis.terraform = terraform;
  if (terraformJson) analysis.terraformJson = terraformJson;
  return analysis;
}

/**
 * What a rule sees while it runs. One class rather than an object literal with getters per rule and file:
 * such a literal is built with its own accessors each time, which was a tenth of the engine's allocation.
 */
class RuleRun implements RuleContext {
  readonly text: string;
  /** Findings come without fixes where the text is no text the writers edit (see `start`). */
  private fixable = true;
  private setting: Finding['severity'] | undefined;
  private rule!: Rule;

  constructor(
    readonly analysis: Analysis,
    readonly data: IamData,
    readonly t: Messages,
    private readonly findings: Finding[],
  ) {
    this.text = analysis.text;
  }

  get layout(): Layout {
    return this.analysis.layout;
  }

  get writer(): Writer {
    return this.analysis.writer;
  }

  /** Makes this the context of `rule`: its id, configured severity and whether its findings keep fixes. */
  start(rule: Rule): void {
    const configured = this.analysis.options.rules?.[rule.id];
    // A plan is generated, and a policy inside a JSON string of a `.tf.json` file is no text the writers edit:
    // findings there come without fixes, but for the hand-off reference a `.tf.json` argument holds.
    const tfJson = this.analysis.terraformJson?.source;
    this.rule = rule;
    this.fixable = tfJson === undefined || (tfJson === 'tf-json' && rule.id === 'handoff-role-reference');
    this.setting = configured === 'off' ? undefined : configured;
  }

  report(r: Report): void {
    const span = r.node ? { offset: r.node.offset, length: r.node.length } : r.span!;
    const finding: Finding = {
      ruleId: this.rule.id,
      severity: this.setting ?? r.severity ?? this.rule.defaultSeverity,
      message: r.message,
      offset: span.offset,
      length: span.length,
      fixes: this.fixable ? (r.fixes ?? []) : [],
    };
    if (r.related?.length) finding.related = r.related;
    if (r.data) finding.data = r.data;
    this.findings.push(finding);
  }
}

/** Runs one rule, collecting its findings; a rule that throws is reported through `onRuleError`. */
function runRule(rule: Rule, run: RuleRun): void {
  run.start(rule);
  try {
    rule.check(run);
  } catch (error) {
    run.analysis.options.onRuleError?.(rule.id, error);
  }
}

/** The rules that apply to this analysis: enabled, and (but for syntax rules) only on a clean parse. */
function applicableRules(analysis: Analysis): Rule[] {
  const parsedCleanly = !analysis.skipped && analysis.parsed.errors.length === 0;
  return RULES.filter((rule) => {
    if (analysis.options.rules?.[rule.id] === 'off') return false;
    if (rule.phase === 'syntax') return true;
    // A template without policy documents still hands roles to services.
    return parsedCleanly && (analysis.documents.length > 0 || analysis.template !== undefined || analysis.terraform !== undefined || analysis.terraformJson !== undefined);
  });
}

function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort((a, b) => a.offset - b.offset || a.ruleId.localeCompare(b.ruleId));
}

/** Runs every enabled rule. A rule that throws is reported through `onRuleError`; the others still run. */
export function analyze(text: string, options: AnalysisOptions = {}, data: IamData = iamData()): Result {
  return analyzeRead(readDocuments(text, options), data);
}

/** The same, over a text already read with `readDocuments` (its options are the analysis's). */
export function analyzeRead(analysis: Analysis, data: IamData = iamData()): Result {
  const t = messages(analysis.options.locale);
  const findings: Finding[] = [];
  const run = new RuleRun(analysis, data, t, findings);
  for (const rule of applicableRules(analysis)) runRule(rule, run);
  return { analysis, findings: sortFindings(findings) };
}

/**
 * The same analysis, giving the event loop back between rules once `sliceMs` has passed, so a server
 * keeps answering other requests while a large template is analysed. `stale()` is asked at each pause:
 * when it says the text has changed since, the work stops and the result is undefined.
 */
export async function analyzeAsync(text: string, options: AnalysisOptions = {}, stale: () => boolean = () => false, sliceMs = 10, data: IamData = iamData()): Promise<Result | undefined> {
  // Requests already queued (a hover, a completion) go first; parsing is the one step that cannot pause.
  await pause();
  if (stale()) return undefined;
  return analyzeReadAsync(readDocuments(text, options), stale, sliceMs, data);
}

const pause = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The rules of `analyzeAsync` over a text already read. `stop`, when given, is asked after every rule (it
 * must be cheap: a shared counter read), besides `stale` at each pause; either saying true stops the work.
 */
export async function analyzeReadAsync(analysis: Analysis, stale: () => boolean = () => false, sliceMs = 10, data: IamData = iamData(), stop?: () => boolean): Promise<Result | undefined> {
  const t = messages(analysis.options.locale);
  const findings: Finding[] = [];
  const run = new RuleRun(analysis, data, t, findings);
  let sliceStart = Date.now();
  for (const rule of applicableRules(analysis)) {
    runRule(rule, run);
    if (stop?.()) return undefined;
    if (Date.now() - sliceStart >= sliceMs) {
      await pause();
      if (stale()) return undefined;
      sliceStart = Date.now();
    }
  }
  return { analysis, findings: sortFindings(findings) };
}

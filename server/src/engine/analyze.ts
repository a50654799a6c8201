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
import { column, type ParsedYaml } from './formats/yaml';
import type { JsonNode } from './json';

export { DEFAULT_MAX_SIZE };
import type { CfnResource, PolicyDocument, TemplateModel } from './model';
import { attachByHolder } from './identities';
import { embeddedDocuments, looksLikePolicy, looksLikeTemplate, statementsOf, templateOf } from './model';
import { RULES } from './rules';
import type { Report, Rule, RuleContext } from './rules/rule';
import type { AnalysisOptions, FileKind, Finding, FindingData, RelatedInfo } from './types';


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
  /** The text's tree, already read: a JSON one (`ParsedJson`) or a YAML one (`ParsedYaml`), as the text's format is. */
  json?: ParsedJson;
  stop?: () => boolean;
  /**
   * The statements of a template's policy documents read before, by their root node, filled as documents are
   * read: for a caller that keeps `json` across edits and forgets each node an edit changed in place
   * (json-splice.ts says which). A document whose root node was kept gets the same statements again, with what
   * the rules found out about them (`Statement.facts`).
   */
  statements?: WeakMap<JsonNode, StatementsRead>;
}

export type StatementsRead = ReturnType<typeof statementsOf>;

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
  const parsed = help.json && (format === 'yaml' ? 'problems' in help.json : format === 'json' && !('problems' in help.json)) ? help.json : parseText(text, format, help.stop);
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
      let read = help.statements?.get(e.root);
      if (!read) {
        read = statementsOf(e.root);
        help.statements?.set(e.root, read);
      }
      const { statementProp, statements } = read;
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

  /** A finding made elsewhere (kept from an earlier analysis, or by another run of the same rule). */
  push(finding: Finding): void {
    this.findings.push(finding);
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

/**
 * One pass of the rules over an analysis, shared by the synchronous and the sliced runs: `step` runs one rule
 * (reusing the findings a memo kept, for a rule that reads only its resource), `finish` keeps this pass's
 * findings in the memo (only a finished pass is kept) and gives the result.
 */
function rulePass(analysis: Analysis, data: IamData, memo: RuleMemo | undefined): { rules: Rule[]; step: (rule: Rule) => void; finish: () => Result } {
  const t = messages(analysis.options.locale);
  const findings: Finding[] = [];
  const run = new RuleRun(analysis, data, t, findings);
  const reuse = memo ? Reuse.plan(memo, analysis, data, t) : undefined;
  if (memo && !reuse) memo.reused = 0;
  return {
    rules: applicableRules(analysis),
    step: (rule) => (reuse && rule.reads ? reuse.run(rule, run) : runRule(rule, run)),
    finish: () => {
      reuse?.commit();
      return { analysis, findings: sortFindings(findings) };
    },
  };
}

/** The same, over a text already read with `readDocuments` (its options are the analysis's). */
export function analyzeRead(analysis: Analysis, data: IamData = iamData(), memo?: RuleMemo): Result {
  const pass = rulePass(analysis, data, memo);
  for (const rule of pass.rules) pass.step(rule);
  return pass.finish();
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
export async function analyzeReadAsync(analysis: Analysis, stale: () => boolean = () => false, sliceMs = 10, data: IamData = iamData(), stop?: () => boolean, memo?: RuleMemo): Promise<Result | undefined> {
  const pass = rulePass(analysis, data, memo);
  let sliceStart = Date.now();
  for (const rule of pass.rules) {
    pass.step(rule);
    if (stop?.()) return undefined;
    if (Date.now() - sliceStart >= sliceMs) {
      await pause();
      if (stale()) return undefined;
      sliceStart = Date.now();
    }
  }
  // A stopped pass returned above: the memo stays as the last finished one left it.
  return pass.finish();
}

/** A finding of a rule that `reads` only its resource, kept between versions: plain data, places from the resource's start. */
interface KeptFinding {
  severity: Finding['severity'];
  message: string;
  offset: number;
  length: number;
  fixes: { title: string; preferred?: boolean }[];
  related?: RelatedInfo[];
  data?: FindingData;
}

/** What was kept of one resource of the template: where it was in the memo's text, and its rules' findings. */
interface KeptResource {
  offset: number;
  length: number;
  /** How many policy documents it holds. */
  docs: number;
  /** A document of it had statements of other resources attached: `resource-unattached` rules kept nothing. */
  attached: boolean;
  /** Findings by rule (its place in `RULES`); undefined for a rule that kept none for it. */
  rules: readonly (readonly KeptFinding[] | undefined)[];
}

/**
 * The findings of the rules that read only the resource a document is in (`Rule.reads`), per resource of a
 * CloudFormation JSON or YAML template, kept from one finished analysis of a document to the next: a resource whose text
 * and logical id are the same gets its findings again (moved to where it now is) instead of its rules running
 * again over it. Typing in a 1 MB template touches one resource of thousands. A caller keeps one per document (the
 * analysis worker does); analyses without one are unchanged.
 */
export class RuleMemo {
  /** The text of the last finished analysis, which the kept places are in. */
  text = '';
  /** Its options (the workspace aside: no rule that reuses findings reads it) and its IAM data. */
  options = '';
  data: IamData | undefined;
  resources = new Map<string, KeptResource>();
  /** Resources whose findings were reused by the last finished analysis (for tests and traces). */
  reused = 0;
}

/** The options that can change a finding of a rule that reads only its resource. */
function memoOptions(o: AnalysisOptions): string {
  return JSON.stringify([o.locale, o.rules, o.kind, o.fileName, o.format, o.syntaxErrors, o.maxSize, o.roleName]);
}

/** One resource of the analysed template and its documents, with what may be reused for it. */
interface Group {
  resource: CfnResource;
  docs: PolicyDocument[];
  start: number;
  end: number;
  /** A document of it has statements of other resources attached (`resource-unattached` rules run again). */
  attached: boolean;
  kept: KeptResource | undefined;
  /** The findings to keep for the next analysis, by rule (its place in `RULES`): the kept ones until a rule runs again. */
  next: (readonly KeptFinding[] | undefined)[];
}

const NONE: readonly KeptFinding[] = [];
const NONE_FOUND: readonly Finding[] = [];
const RULE_INDEX = new Map(RULES.map((r, i) => [r, i]));

/** The same analysis with only some of its documents: what a rule that reads only its resource sees of them. */
function withDocuments(analysis: Analysis, documents: PolicyDocument[]): Analysis {
  const view = Object.create(analysis) as Analysis;
  view.documents = documents;
  return view;
}

/** A rule's findings on some documents only (thrown errors are the caller's). */
function findingsOn(rule: Rule, analysis: Analysis, data: IamData, t: Messages): Finding[] {
  const findings: Finding[] = [];
  const run = new RuleRun(analysis, data, t, findings);
  run.start(rule);
  rule.check(run);
  return findings;
}

/** One analysis's use of a memo: which resources are unchanged, and the findings to keep once it finishes. */
class Reuse {
  /** Resources with nothing kept (new, or changed). */
  private readonly changed: Group[] = [];
  /** Unchanged resources with statements of others attached, then or now: `resource-unattached` rules run again. */
  private readonly attachedKept: Group[] = [];
  /** Unchanged resources with kept findings to give again. */
  private readonly withFindings: Group[] = [];
  /** Whether the kept resources have findings of each rule (a rule that ran on the whole file last time has none). */
  private readonly keptRules: boolean[];

  private constructor(
    private readonly memo: RuleMemo,
    private readonly analysis: Analysis,
    private readonly data: IamData,
    private readonly t: Messages,
    private readonly options: string,
    private readonly groups: Group[],
  ) {
    this.keptRules = RULES.map(() => true);
    for (const g of groups) {
      const k = g.kept;
      if (!k) {
        this.changed.push(g);
        continue;
      }
      if (g.attached || k.attached) this.attachedKept.push(g);
      let found = false;
      for (let i = 0; i < k.rules.length; i++) {
        const r = k.rules[i];
        if (r === undefined) {
          // Unattached rules keep nothing for an attached resource; any other rule then ran on the whole file.
          if (!k.attached || RULES[i]!.reads !== 'resource-unattached') this.keptRules[i] = false;
        } else if (r.length) found = true;
      }
      if (found) this.withFindings.push(g);
    }
  }

  /** Undefined when the analysis is no CloudFormation JSON or YAML template read cleanly (nothing is reused, or kept). */
  static plan(memo: RuleMemo, analysis: Analysis, data: IamData, t: Messages): Reuse | undefined {
    if (!analysis.template || analysis.skipped || analysis.parsed.errors.length || analysis.terraform || analysis.terraformJson) return undefined;
    // A YAML resource means what its text says only where no anchor, alias or merge key brings in text from elsewhere.
    const yaml = analysis.format === 'yaml';
    if (!(analysis.format === 'json' || (yaml && (analysis.parsed as ParsedYaml).separable))) return undefined;
    const options = memoOptions(analysis.options);
    const same = memo.options === options && memo.data === data;
    const groups: Group[] = [];
    let last: Group | undefined;
    for (const doc of analysis.documents) {
      if (!doc.cfn) return undefined;
      if (last?.resource !== doc.cfn.resource) {
        const node = doc.cfn.resource.node;
        // The documents of a resource follow one another, and resources do not overlap (else nothing is reused).
        if (last && node.offset < last.end) return undefined;
        last = { resource: doc.cfn.resource, docs: [], start: node.offset, end: node.offset + node.length, attached: false, kept: undefined, next: [] };
        groups.push(last);
      }
      last.docs.push(doc);
      if (doc.attached !== undefined && doc.attached.length > 0) last.attached = true;
    }
    const text = analysis.text;
    const sameText = memo.text === text;
    for (const g of groups) {
      if (!same) continue;
      // The same logical id and the same text give the same documents (their kinds and places follow from them).
      const k = memo.resources.get(g.resource.logicalId);
      if (!k || k.length !== g.end - g.start || k.docs !== g.docs.length) continue;
      // In YAML the column a resource starts at is part of what its text says (its later lines are indented from it).
      if (yaml && !sameText && column(memo.text, k.offset) !== column(text, g.start)) continue;
      if (sameText ? k.offset === g.start : memo.text.slice(k.offset, k.offset + k.length) === text.slice(g.start, g.end)) {
        g.kept = k;
        g.next = k.rules as (readonly KeptFinding[] | undefined)[];
      }
    }
    return new Reuse(memo, analysis, data, t, options, groups);
  }

  /** Runs a rule that reads only its resource: again on the resources it cannot reuse, kept findings for the others. */
  run(rule: Rule, run: RuleRun): void {
    const unattachedOnly = rule.reads === 'resource-unattached';
    const index = RULE_INDEX.get(rule)!;
    const all = !this.keptRules[index];
    const dirty = all ? this.groups : unattachedOnly && this.attachedKept.length ? [...this.changed, ...this.attachedKept].sort((a, b) => a.start - b.start) : this.changed;
    const fresh = new Map<Group, Finding[]>();
    if (dirty.length) {
      let found: Finding[];
      try {
        found = findingsOn(rule, dirty.length === this.groups.length ? this.analysis : withDocuments(this.analysis, dirty.flatMap((g) => g.docs)), this.data, this.t);
      } catch {
        return this.fallBack(rule, run);
      }
      for (const f of found) {
        const g = groupAt(dirty, f.offset);
        if (!g || !keepable(f, g)) return this.fallBack(rule, run);
        let list = fresh.get(g);
        if (!list) fresh.set(g, (list = []));
        list.push(f);
      }
    }
    // The order findings are pushed in does not matter beyond one resource's (they are sorted by place, and
    // resources do not overlap).
    for (const g of dirty) {
      const list = fresh.get(g) ?? NONE_FOUND;
      for (const f of list) run.push(f);
      this.setNext(g, index, unattachedOnly && g.attached ? undefined : list.length ? keep(list, g.start) : NONE);
    }
    if (all) return;
    for (const g of this.withFindings) {
      if (unattachedOnly && (g.attached || g.kept!.attached)) continue;
      const kept = g.kept!.rules[index];
      if (kept) for (let i = 0; i < kept.length; i++) run.push(this.replay(rule, g, kept[i]!, i));
    }
  }

  /** Sets what a resource keeps of a rule, copying the kept list of an unchanged resource first. */
  private setNext(g: Group, index: number, findings: readonly KeptFinding[] | undefined): void {
    if (g.kept && g.next === g.kept.rules) g.next = g.next.slice();
    g.next[index] = findings;
  }

  /** The rule as without a memo, over the whole file; none of its findings is kept. */
  private fallBack(rule: Rule, run: RuleRun): void {
    const index = RULE_INDEX.get(rule)!;
    for (const g of this.groups) if (g.next[index] !== undefined) this.setNext(g, index, undefined);
    runRule(rule, run);
  }

  /** A kept finding where its resource now is; its fixes' edits are made when asked, by the rule on that resource. */
  private replay(rule: Rule, g: Group, k: KeptFinding, index: number): Finding {
    const base = g.start;
    const finding: Finding = {
      ruleId: rule.id,
      severity: k.severity,
      message: k.message,
      offset: base + k.offset,
      length: k.length,
      fixes: k.fixes.map((f, i) => {
        const fix: Finding['fixes'][number] = { title: f.title, edits: () => this.fixEdits(rule, g, index, i) };
        if (f.preferred !== undefined) fix.preferred = f.preferred;
        return fix;
      }),
    };
    if (k.related) finding.related = k.related.map((r) => ({ ...r, offset: base + r.offset }));
    if (k.data) finding.data = k.data.statementOffset === undefined ? { ...k.data } : { ...k.data, statementOffset: base + k.data.statementOffset };
    return finding;
  }

  private fixEdits(rule: Rule, g: Group, index: number, fix: number) {
    return findingsOn(rule, withDocuments(this.analysis, g.docs), this.data, this.t)[index]?.fixes[fix]?.edits() ?? [];
  }

  /** Keeps this analysis's findings for the next one (called once it has finished). */
  commit(): void {
    const memo = this.memo;
    memo.text = this.analysis.text;
    memo.options = this.options;
    memo.data = this.data;
    memo.reused = this.groups.length - this.changed.length;
    const resources = new Map<string, KeptResource>();
    for (const g of this.groups) resources.set(g.resource.logicalId, { offset: g.start, length: g.end - g.start, docs: g.docs.length, attached: g.attached, rules: g.next });
    memo.resources = resources;
  }
}

/** The group (sorted, disjoint) whose resource holds an offset. */
function groupAt(groups: Group[], offset: number): Group | undefined {
  let lo = 0;
  let hi = groups.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const g = groups[mid]!;
    if (offset < g.start) hi = mid - 1;
    else if (offset >= g.end) lo = mid + 1;
    else return g;
  }
  return undefined;
}

const inside = (g: Group, offset: number, length: number) => offset >= g.start && offset + length <= g.end;

/** Whether a finding can be kept with its resource: every place it names is inside the resource, in this file. */
function keepable(f: Finding, g: Group): boolean {
  if (!inside(g, f.offset, f.length)) return false;
  if (f.related?.some((r) => r.file !== undefined || !inside(g, r.offset, r.length))) return false;
  if (f.data) {
    for (const key of Object.keys(f.data)) if (key !== 'statementOffset') return false;
    if (f.data.statementOffset !== undefined && !inside(g, f.data.statementOffset, 0)) return false;
  }
  return true;
}

/**
 * Findings as kept: places from the resource's start, no functions, and strings copied, so that kept findings
 * hold nothing of the analysis that made them (a message made of slices would hold on to that version's text).
 */
function keep(findings: readonly Finding[], base: number): readonly KeptFinding[] {
  const kept: KeptFinding[] = findings.map((f) => {
    const k: KeptFinding = { severity: f.severity, message: f.message, offset: f.offset - base, length: f.length, fixes: f.fixes.map((x) => (x.preferred === undefined ? { title: x.title } : { title: x.title, preferred: x.preferred })) };
    if (f.related) k.related = f.related.map((r) => ({ ...r, offset: r.offset - base }));
    if (f.data) k.data = f.data.statementOffset === undefined ? { ...f.data } : { ...f.data, statementOffset: f.data.statementOffset - base };
    return k;
  });
  return JSON.parse(JSON.stringify(kept)) as KeptFinding[];
}

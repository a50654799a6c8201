// A worker thread that keeps the large documents (over 256 KB) and analyses them, so the server's own
// thread keeps answering while a 5 MB template is parsed and checked. The server sends a document once,
// then its edits; it asks for analyses by version and for what requests need (hovers, fixes …).
//
// At most one analysis runs at a time. A newer version of a document replaces its queued analysis, and an
// edit or a close stops its running one at once: the server counts the edits it posts for each document in
// memory shared with this thread (`EditCounters`), and the parse, the steps after it and the rules look at
// that count — a parse of a text that has changed since it started is abandoned within a few thousand values.
// Without shared memory (a host that refuses it) the analysis stops at the next rule boundary, where the
// event loop is given back, the edit's message is handled and the analysis finds itself stale.
//
// The tree of the current version is kept between edits: in JSON, an edit inside one object or array re-parses
// only that object or array and moves what follows (json-splice.ts); in a CloudFormation YAML template, an edit
// inside one resource re-reads only that resource's lines (yaml-splice.ts); anything else parses the text again.
import { parentPort, workerData } from 'node:worker_threads';
import { TextDocument, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { complete, type Analysis, type AnalysisOptions, type Result } from '../engine';
import { analyzeReadAsync, readDocuments, RuleMemo, type StatementsRead } from '../engine/analyze';
import { detectFormat } from '../engine/formats';
import { parseJson, ParseStopped, type JsonNode, type ParsedJson } from '../engine/json';
import { spliceJson } from '../engine/json-splice';
import { parseYaml, type ParsedYaml } from '../engine/formats/yaml';
import { spliceYaml } from '../engine/formats/yaml-splice';
import { explain } from '../engine/explain';
import { initHcl } from '../engine/formats/hcl';
import { hover } from '../engine/hover';
import { passedToServiceEditAt, servicePrincipalChoices } from '../engine/passed-to-service';
import { exposeGc, growthCollector, idleCollector } from './gc';
import { findingFixes, fixAllEdit, type Answer, type Answers, type Query } from './queries';
import { summarize, type Summary } from './summary';

/** Analysis options without the callback (functions do not cross to a worker). */
export type PlainOptions = Omit<AnalysisOptions, 'onRuleError' | 'workspace'>;

export type WorkerRequest =
  /** The document's whole text (first sent, or replaced by an edit larger than a copy). */
  | { type: 'open'; key: number; version: number; text: string }
  /** Edits, as the client sent them, taking the document from its version to `version`. */
  | { type: 'change'; key: number; version: number; changes: TextDocumentContentChangeEvent[] }
  | { type: 'close'; key: number }
  /** Analyse this version: answered once, with a summary or as superseded. */
  | { type: 'analyze'; id: number; key: number; version: number; options: PlainOptions }
  /** A request's needs for this version: answered once, null when the document has moved on. */
  | { type: 'query'; id: number; key: number; version: number; options: PlainOptions; query: Query };

/** What the worker did with a version, for a server that traces it (tests, bench, a curious user). */
export type TraceEvent =
  /** A version's reading starts: its JSON or YAML tree read in full, spliced at the edit (kept), or another format. */
  | { event: 'read'; key: number; version: number; how: 'full' | 'splice' | 'other' }
  /** An analysis stopped because its text changed: during the parse, the reading after it, or the rules. */
  | { event: 'stopped'; key: number; version: number; during: 'parse' | 'read' | 'rules' }
  /** An analysis done: how long the reading (parse or splice, and the model) and the rules took, in ms. */
  | { event: 'analyzed'; key: number; version: number; readMs: number; rulesMs: number; reused: number };

export type WorkerResponse =
  | { type: 'trace'; trace: TraceEvent }
  | { type: 'analyzed'; id: number; summary: Summary; ruleErrors: string[] }
  | { type: 'superseded'; id: number }
  | { type: 'answer'; id: number; value: unknown }
  | { type: 'failed'; id: number; error: string };

interface Doc {
  key: number;
  doc: TextDocument;
  /** The full result of the current version, for the options it was computed with. */
  result?: { options: string; result: Result };
  /** The current version read (parsed), for hovers and completion before its analysis is done. */
  read?: { options: string; analysis: Analysis };
  /** The tree of the current version, when it was read as JSON or YAML: kept across edits and spliced. */
  json?: ParsedJson;
  yaml?: ParsedYaml;
  /** A template's findings per resource from the last finished analysis, for the next one to reuse (engine/analyze.ts). */
  memo: RuleMemo;
  /** The statements of the template's policies by root node, for the next versions read from the same tree. */
  statements: WeakMap<JsonNode, StatementsRead>;
}

/** An analysis's result and the rule errors to log, or why it failed; undefined when superseded or stopped. */
type Outcome = { result: Result; ruleErrors: string[] } | { error: string } | undefined;

interface Job {
  key: number;
  version: number;
  options: PlainOptions;
  /** Told the outcome: the server's analysis requests, and queries waiting for the result. */
  done: ((outcome: Outcome) => void)[];
}

/** Edits (and closes) the server posted per document slot, counted in memory it shares with this thread. */
const posted: Int32Array | undefined = (workerData as { edits?: SharedArrayBuffer } | null)?.edits ? new Int32Array((workerData as { edits: SharedArrayBuffer }).edits) : undefined;
/** The same messages, counted as this thread handles them: the document has moved on while they differ. */
const handled = new Int32Array(posted?.length ?? 0);
const slotOf = (key: number) => key % handled.length;
/** Whether an edit or a close of this document was posted and not handled yet (false without shared memory). */
const editPending = (key: number) => posted !== undefined && Atomics.load(posted, slotOf(key)) !== handled[slotOf(key)];
function countHandled(key: number): void {
  if (posted) handled[slotOf(key)] = handled[slotOf(key)]! + 1;
}
const pause = () => new Promise<void>((resolve) => setImmediate(resolve));

const docs = new Map<number, Doc>();
const queue: Job[] = [];
let running: Job | undefined;
const collector = growthCollector(exposeGc(), 1.3);
/** Terraform's parser, loaded once; a document waits for it (and is read without it if it cannot load). */
const hclLoading: Promise<void> = initHcl().catch(() => undefined);
const collectWhenIdle = idleCollector(collector.now, 1000);

function post(m: WorkerResponse): void {
  parentPort!.postMessage(m);
}

const trace = (t: TraceEvent) => post({ type: 'trace', trace: t });

const optionsKey = (o: PlainOptions) => JSON.stringify(o);
const isCurrent = (job: { key: number; version: number }) => docs.get(job.key)?.doc.version === job.version;
const sameJob = (a: Job | undefined, key: number, version: number, options: string) => a !== undefined && a.key === key && a.version === version && optionsKey(a.options) === options;

function failure(e: unknown): string {
  return e instanceof Error ? (e.stack ?? e.message) : String(e);
}

/**
 * Asks for an analysis. One already running or queued for the same version answers both; one queued for
 * another version of the same document is superseded (told undefined) and leaves the queue.
 */
function request(key: number, version: number, options: PlainOptions, done: (outcome: Outcome) => void): void {
  const k = optionsKey(options);
  if (sameJob(running, key, version, k)) return void running!.done.push(done);
  for (let i = queue.length - 1; i >= 0; i--) {
    const q = queue[i]!;
    if (q.key !== key) continue;
    if (sameJob(q, key, version, k)) return void q.done.push(done);
    queue.splice(i, 1);
    for (const f of q.done) f(undefined);
  }
  queue.push({ key, version, options, done: [done] });
  void pump();
}

async function pump(): Promise<void> {
  if (running) return;
  for (let job = queue.shift(); job; job = queue.shift()) {
    running = job;
    let outcome: Outcome;
    try {
      outcome = await run(job);
    } catch (e) {
      outcome = { error: failure(e) };
    }
    running = undefined;
    for (const f of job.done) f(outcome);
    // A finished analysis leaves the previous version's text, model and findings behind: once the heap has
    // grown by 30% since the last collection, collected now (its result is posted already), so typing with a
    // pause after every edit does not grow the heap by a version each time. An edit's analysis is short now
    // (findings of untouched resources are reused), so the collection mostly falls in the pause.
    collector.whenGrown();
    collectWhenIdle();
  }
}

async function run(job: Job): Promise<Outcome> {
  await hclLoading;
  // Requests already queued (a hover, a completion) go first.
  await pause();
  for (let attempt = 0; ; attempt++) {
    const d = docs.get(job.key);
    if (!d || !isCurrent(job)) return undefined;
    const k = optionsKey(job.options);
    if (d.result?.options === k) return { result: d.result.result, ruleErrors: [] };
    const ruleErrors: string[] = [];
    const options: AnalysisOptions = { ...job.options, onRuleError: (id, e) => ruleErrors.push(`rule ${id} threw: ${failure(e)}`) };
    // An edit posted since the start stops the work at once; one already handled, at the next pause. Two
    // documents may share a counter: a stop for the other one's edit is noticed below and the work redone.
    const stop = attempt < 3 ? () => editPending(job.key) : () => false;
    let stage: 'parse' | 'read' | 'rules' = 'parse';
    let result: Result | undefined;
    const started = performance.now();
    let read = started;
    try {
      const analysis = readVersion(d, options, stop, (s) => (stage = s));
      stage = 'rules';
      read = performance.now();
      result = await analyzeReadAsync(analysis, () => !isCurrent(job), 10, undefined, stop, d.memo);
    } catch (e) {
      if (!(e instanceof ParseStopped)) throw e;
    }
    if (result && isCurrent(job)) {
      d.result = { options: k, result };
      if (d.read?.options === k) d.read = undefined;
      trace({ event: 'analyzed', key: job.key, version: job.version, readMs: Math.round(read - started), rulesMs: Math.round(performance.now() - read), reused: d.memo.reused });
      return { result, ruleErrors };
    }
    trace({ event: 'stopped', key: job.key, version: job.version, during: stage });
    // The edits that stopped it are handled before looking again (they are already in this thread's queue:
    // the server counts an edit after posting it).
    while (editPending(job.key)) await pause();
    // A stopped analysis leaves its work behind (its model and the rules' results, and its tree when it
    // could not be kept: tens to a hundred MB for a 5 MB template). Collected now, while the server waits out
    // its debounce, once the heap has grown by 30% since the last collection: a collection after every stop
    // kept the peak lowest but put a few hundred ms before most versions' analyses; none let it double.
    if (stage !== 'parse') collector.whenGrown();
    if (!isCurrent(job)) return undefined;
  }
}

/**
 * Reads the current version: its JSON tree kept (or spliced at the last edit) when there is one, else parsed
 * and kept for the next edits. `stop` ends the work by throwing `ParseStopped`.
 */
function readVersion(d: Doc, options: AnalysisOptions, stop: () => boolean, stage: (s: 'parse' | 'read') => void = () => undefined): Analysis {
  const text = d.doc.getText();
  const format = detectFormat(text, options.fileName, options.format);
  if (format === 'yaml') {
    d.json = undefined;
    trace({ event: 'read', key: d.key, version: d.doc.version, how: d.yaml ? 'splice' : 'full' });
    d.yaml ??= parseYaml(text);
    stage('read');
    return readDocuments(text, options, { json: d.yaml, stop, statements: d.statements });
  }
  d.yaml = undefined;
  if (format !== 'json') {
    d.json = undefined;
    stage('read');
    trace({ event: 'read', key: d.key, version: d.doc.version, how: 'other' });
    return readDocuments(text, options, { stop });
  }
  trace({ event: 'read', key: d.key, version: d.doc.version, how: d.json ? 'splice' : 'full' });
  d.json ??= parseJson(text, stop);
  stage('read');
  return readDocuments(text, options, { json: d.json, stop, statements: d.statements });
}

/** The full result of a version: kept, or computed (waiting for a queued or running analysis of it). */
function resultOf(d: Doc, version: number, options: PlainOptions): Promise<Result | undefined> {
  if (d.doc.version !== version) return Promise.resolve(undefined);
  if (d.result?.options === optionsKey(options)) return Promise.resolve(d.result.result);
  return new Promise((resolve, reject) => request(d.key, version, options, (o) => (o && 'error' in o ? reject(new Error(o.error)) : resolve(o?.result))));
}

/** The version read (parsed): from its result when there is one, else read once and kept until an edit. */
function analysisOf(d: Doc, options: PlainOptions): Analysis {
  const k = optionsKey(options);
  if (d.result?.options === k) return d.result.result.analysis;
  if (d.read?.options !== k) d.read = { options: k, analysis: readVersion(d, options, () => false) };
  return d.read.analysis;
}

async function answer(d: Doc, version: number, options: PlainOptions, query: Query): Promise<Answer<Query> | null> {
  await hclLoading;
  if (d.doc.version !== version) return null;
  const text = d.doc.getText();
  switch (query.kind) {
    case 'hover':
      return hover(text, query.offset, options, analysisOf(d, options));
    case 'complete':
      return complete(text, query.offset, options, undefined, analysisOf(d, options));
    case 'explain':
      return explain(text, options, analysisOf(d, options), query.offset);
    case 'servicePrincipals':
      return servicePrincipalChoices(analysisOf(d, options), query.statementOffset);
    case 'passedToServiceEdit':
      return passedToServiceEditAt(analysisOf(d, options), query.statementOffset, query.principals);
    case 'summary': {
      const result = await resultOf(d, version, options);
      return result ? summarize(result) : null;
    }
    case 'fixes': {
      const result = query.findings.length ? await resultOf(d, version, options) : undefined;
      if (query.findings.length && !result) return null;
      if (d.doc.version !== version) return null;
      const out: Answers['fixes'] = { findings: result ? findingFixes(result, query.findings) : [] };
      if (query.fixAll) {
        const edit = fixAllEdit(d.doc.getText(), options);
        if (edit) out.fixAll = edit;
      }
      return out;
    }
  }
}

/**
 * Applies an edit to the document and, when its JSON or YAML tree is kept, to the tree: each change spliced in
 * (json-splice.ts and yaml-splice.ts check it gives what a full reading would), or the tree dropped to be read again.
 */
function applyChanges(d: Doc, changes: TextDocumentContentChangeEvent[], version: number): void {
  // A node whose content an edit changed in place is read again; the others keep their statements.
  const forget = (node: JsonNode) => d.statements.delete(node);
  // The kept result and reading are of the old text: dropped now, not when the next analysis ends (the
  // tree they share is changed in place below).
  d.result = undefined;
  d.read = undefined;
  for (const change of changes) {
    const { json, yaml } = d;
    d.json = undefined;
    d.yaml = undefined;
    if ((json || yaml) && 'range' in change) {
      const offset = d.doc.offsetAt(change.range.start);
      const removed = d.doc.offsetAt(change.range.end) - offset;
      TextDocument.update(d.doc, [change], version);
      const edit = { offset, removed, inserted: change.text.length };
      if (json) d.json = spliceJson(json, d.doc.getText(), edit, undefined, forget);
      else d.yaml = spliceYaml(yaml!, d.doc.getText(), edit, forget);
    } else {
      TextDocument.update(d.doc, [change], version);
    }
  }
}

function handle(m: WorkerRequest): void {
  switch (m.type) {
    case 'open':
      countHandled(m.key);
      docs.set(m.key, { key: m.key, doc: TextDocument.create('', '', m.version, m.text), memo: new RuleMemo(), statements: new WeakMap() });
      return;
    case 'change': {
      countHandled(m.key);
      const d = docs.get(m.key);
      if (!d) return;
      applyChanges(d, m.changes, m.version);
      return;
    }
    case 'close':
      countHandled(m.key);
      docs.delete(m.key);
      collectWhenIdle();
      return;
    case 'analyze': {
      const id = m.id;
      request(m.key, m.version, m.options, (o) => post(!o ? { type: 'superseded', id } : 'error' in o ? { type: 'failed', id, error: o.error } : { type: 'analyzed', id, summary: summarize(o.result), ruleErrors: o.ruleErrors }));
      return;
    }
    case 'query': {
      const d = docs.get(m.key);
      if (!d || d.doc.version !== m.version) return post({ type: 'answer', id: m.id, value: null });
      answer(d, m.version, m.options, m.query).then(
        (value) => post({ type: 'answer', id: m.id, value: value ?? null }),
        (e: unknown) => post({ type: 'failed', id: m.id, error: failure(e) }),
      );
      return;
    }
  }
}

parentPort?.on('message', (m: WorkerRequest) => {
  try {
    handle(m);
  } catch (e) {
    if ('id' in m) post({ type: 'failed', id: m.id, error: failure(e) });
  }
});

// A worker thread that keeps the large documents (over 256 KB) and analyses them, so the server's own
// thread keeps answering while a 5 MB template is parsed and checked. The server sends a document once,
// then its edits; it asks for analyses by version and for what requests need (hovers, fixes …).
//
// At most one analysis runs at a time. A newer version of a document replaces its queued analysis, and an
// edit or a close stops its running one at the next rule boundary: between rules the analysis gives the
// event loop back, the edit's message is handled, and the analysis finds itself stale.
import { parentPort } from 'node:worker_threads';
import { TextDocument, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { analyzeAsync, complete, readDocuments, type Analysis, type AnalysisOptions, type Result } from '../engine';
import { explain } from '../engine/explain';
import { hover } from '../engine/hover';
import { passedToServiceEditAt, servicePrincipalChoices } from '../engine/passed-to-service';
import { initHcl } from '../engine/formats/hcl';
import { exposeGc, idleCollector } from './gc';
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

export type WorkerResponse =
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

const docs = new Map<number, Doc>();
const queue: Job[] = [];
let running: Job | undefined;
const gc = exposeGc();
/** Terraform's parser, loaded once; a document waits for it (and is read without it if it cannot load). */
const hclLoading: Promise<void> = initHcl().catch(() => undefined);
const collectWhenIdle = idleCollector(gc, 1000);

function post(m: WorkerResponse): void {
  parentPort!.postMessage(m);
}

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
    collectWhenIdle();
  }
}

async function run(job: Job): Promise<Outcome> {
  await hclLoading;
  const d = docs.get(job.key);
  if (!d || !isCurrent(job)) return undefined;
  const k = optionsKey(job.options);
  if (d.result?.options === k) return { result: d.result.result, ruleErrors: [] };
  const ruleErrors: string[] = [];
  const options: AnalysisOptions = { ...job.options, onRuleError: (id, e) => ruleErrors.push(`rule ${id} threw: ${failure(e)}`) };
  // Between rules, edits and closes are handled; the analysis stops once its version is stale.
  let parsed = false;
  const result = await analyzeAsync(d.doc.getText(), options, () => {
    const stale = !isCurrent(job);
    parsed ||= !stale;
    return stale;
  });
  if (!result || !isCurrent(job)) {
    // A stopped analysis leaves its parse behind (a hundred MB for a 5 MB template): collected now, before
    // the next version is parsed, rather than once the heap has grown by several of them.
    if (parsed) gc?.();
    return undefined;
  }
  d.result = { options: k, result };
  if (d.read?.options === k) d.read = undefined;
  return { result, ruleErrors };
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
  if (d.read?.options !== k) d.read = { options: k, analysis: readDocuments(d.doc.getText(), options) };
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

function handle(m: WorkerRequest): void {
  switch (m.type) {
    case 'open':
      docs.set(m.key, { key: m.key, doc: TextDocument.create('', '', m.version, m.text) });
      return;
    case 'change': {
      const d = docs.get(m.key);
      if (!d) return;
      // The kept result and reading are of the old text: dropped now, not when the next analysis ends.
      d.result = undefined;
      d.read = undefined;
      TextDocument.update(d.doc, m.changes, m.version);
      return;
    }
    case 'close':
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

// The analysis worker as the server sees it: started on the first large document, told each large
// document once and then its edits, asked for analyses and for what requests need. It stops after a minute
// without being asked anything (its heap, the documents it keeps and its IAM data are memory the server does
// not need the rest of the time); its `generation` then changes, and the server sends its documents again.
//
// Each edit or close posted is also counted, per document, in memory shared with the thread: its parse and
// its rules look at the count and abandon a text that has changed, without waiting for the message.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import type { AnalysisOptions } from '../engine';
import type { PlainOptions, TraceEvent, WorkerRequest, WorkerResponse } from './analysis-worker';
import type { Answer, Query } from './queries';
import type { Summary } from './summary';
import { heapProfile } from './gc';

const IDLE_MS = 60_000;
/** Edit counters shared with the thread; documents beyond this many share one (a stop is then re-checked). */
const COUNTER_SLOTS = 1024;
/**
 * The worker's young generation, at most (V8 lets it grow to 32 MB otherwise). An edit of a large template now
 * reads and checks only what it touched (engine/analyze.ts, `RuleMemo`), so a small young generation costs its
 * analyses little and keeps the process's peak lower while typing (docs/performance.md).
 */
const WORKER_YOUNG_MB = 8;

type Pending = { resolve: (value: unknown) => void; reject: (e: Error) => void };

export class AnalysisWorker {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private idle: NodeJS.Timeout | undefined;
  /** The thread's edit counters (none where shared memory is refused: stops then wait for a rule boundary). */
  private edits: Int32Array | undefined;
  /** Changes each time the thread starts: documents sent to an earlier thread are gone. */
  generation = 0;

  constructor(
    private readonly script: string,
    private readonly log: (message: string) => void,
    /** Told each time the thread starts (the server logs it, so a trace shows where analyses ran). */
    private readonly onStart: () => void = () => undefined,
    /** Told what the thread did with each version (read in full or spliced, stopped and where). */
    private readonly onTrace: (t: TraceEvent) => void = () => undefined,
  ) {}

  /** Whether the worker bundle exists (it does next to the server bundle; not when running from out/). */
  static find(dir: string): string | undefined {
    const file = path.join(dir, 'analysis-worker.js');
    return fs.existsSync(file) ? file : undefined;
  }

  /** Starts the thread if needed; the generation the document messages that follow belong to. */
  start(): number {
    this.thread();
    return this.generation;
  }

  open(key: number, version: number, text: string): void {
    this.send({ type: 'open', key, version, text });
    this.count(key);
  }

  change(key: number, version: number, changes: TextDocumentContentChangeEvent[]): void {
    this.send({ type: 'change', key, version, changes });
    this.count(key);
  }

  close(key: number): void {
    if (!this.worker) return;
    this.send({ type: 'close', key });
    this.count(key);
  }

  /** Counted after the message is posted: a thread that sees the count finds the message in its queue. */
  private count(key: number): void {
    if (this.edits) Atomics.add(this.edits, key % COUNTER_SLOTS, 1);
  }

  /** The summary of this version, or undefined when a newer version (or a close) superseded it. */
  analyze(key: number, version: number, options: AnalysisOptions): Promise<Summary | undefined> {
    return this.ask<Summary | undefined>((id) => ({ type: 'analyze', id, key, version, options: plain(options) }));
  }

  /** What a request needs of this version, or null when the document has moved on. */
  query<Q extends Query>(key: number, version: number, options: AnalysisOptions, query: Q): Promise<Answer<Q> | null> {
    return this.ask<Answer<Q> | null>((id) => ({ type: 'query', id, key, version, options: plain(options), query }));
  }

  private ask<T>(message: (id: number) => WorkerRequest): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.send(message(id));
    });
  }

  private send(m: WorkerRequest): void {
    this.thread().postMessage(m);
  }

  private thread(): Worker {
    clearTimeout(this.idle);
    this.idle = setTimeout(() => this.stop(), IDLE_MS);
    this.idle.unref();
    if (this.worker) return this.worker;
    this.edits = typeof SharedArrayBuffer === 'function' ? new Int32Array(new SharedArrayBuffer(COUNTER_SLOTS * 4)) : undefined;
    // The worker parses megabytes: V8's default heap sizing, set before the thread reads it.
    heapProfile('throughput');
    const worker = new Worker(this.script, { workerData: { edits: this.edits?.buffer }, resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_MB } });
    worker.unref();
    this.generation++;
    this.onStart();
    worker.on('message', (m: WorkerResponse) => {
      if (m.type === 'trace') return this.onTrace(m.trace);
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.type === 'failed') p.reject(new Error(m.error));
      else if (m.type === 'superseded') p.resolve(undefined);
      else if (m.type === 'answer') p.resolve(m.value);
      else {
        for (const e of m.ruleErrors) this.log(e);
        p.resolve(m.summary);
      }
    });
    worker.on('error', (e) => this.fail(worker, e));
    worker.on('exit', (code) => this.fail(worker, new Error(`analysis worker exited with code ${code}`)));
    this.worker = worker;
    return worker;
  }

  /** The thread is gone: its pending answers fail, and its documents must be sent again. */
  private fail(worker: Worker, e: Error): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    heapProfile('lean');
    this.generation++;
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }

  stop(): void {
    clearTimeout(this.idle);
    const w = this.worker;
    if (!w) return;
    this.fail(w, new Error('analysis worker stopped'));
    void w.terminate();
  }
}

/** Functions and the role index do not cross to a worker: rule errors come back in the response and are logged here. */
function plain(options: AnalysisOptions): PlainOptions {
  const p = { ...options };
  delete p.onRuleError;
  // The role index stays on the server's thread: a document the worker owns is checked on its own.
  delete p.workspace;
  return p;
}

// One analysis worker, started on the first large document and stopped after a minute without one (its
// heap and IAM data are memory the server does not need the rest of the time).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { AnalysisOptions } from '../engine';
import type { WorkerRequest, WorkerResponse } from './analysis-worker';
import type { Summary } from './summary';

const IDLE_MS = 60_000;

export class AnalysisWorker {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (s: Summary) => void; reject: (e: Error) => void }>();
  private idle: NodeJS.Timeout | undefined;

  constructor(
    private readonly script: string,
    private readonly log: (message: string) => void,
    /** Told each time the thread starts (the server logs it, so a trace shows where analyses ran). */
    private readonly onStart: () => void = () => undefined,
  ) {}

  /** Whether the worker bundle exists (it does next to the server bundle; not when running from out/). */
  static find(dir: string): string | undefined {
    const file = path.join(dir, 'analysis-worker.js');
    return fs.existsSync(file) ? file : undefined;
  }

  analyze(text: string, options: AnalysisOptions): Promise<Summary> {
    const worker = this.start();
    const id = this.nextId++;
    // Functions do not cross to a worker: rule errors come back in the response and are logged here.
    const plain = { ...options };
    delete plain.onRuleError;
    return new Promise<Summary>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, text, options: plain } satisfies WorkerRequest);
    });
  }

  private start(): Worker {
    clearTimeout(this.idle);
    this.idle = setTimeout(() => this.stop(), IDLE_MS);
    this.idle.unref();
    if (this.worker) return this.worker;
    const worker = new Worker(this.script);
    worker.unref();
    this.onStart();
    worker.on('message', (m: WorkerResponse) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if ('error' in m) p.reject(new Error(m.error));
      else {
        for (const e of m.ruleErrors) this.log(e);
        p.resolve(m.summary);
      }
    });
    worker.on('error', (e) => this.fail(e));
    worker.on('exit', (code) => {
      if (this.worker === worker) this.worker = undefined;
      if (code !== 0) this.fail(new Error(`analysis worker exited with code ${code}`));
    });
    this.worker = worker;
    return worker;
  }

  private fail(e: Error): void {
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }

  stop(): void {
    clearTimeout(this.idle);
    const w = this.worker;
    this.worker = undefined;
    void w?.terminate();
  }
}

// A worker thread that analyses large documents, so the server's own thread keeps answering hovers and
// completions while a 1 MB template is parsed and checked. It sends back the summary (findings without
// fixes); fixes are computed on the server thread when someone asks for them.
import * as vm from 'node:vm';
import { parentPort } from 'node:worker_threads';
import { analyze, type AnalysisOptions } from '../engine';
import { summarize } from './summary';

export interface WorkerRequest {
  id: number;
  text: string;
  options: Omit<AnalysisOptions, 'onRuleError'>;
}

export type WorkerResponse = { id: number; summary: ReturnType<typeof summarize>; ruleErrors: string[] } | { id: number; error: string };

/** Node's gc(), when the server enabled --expose-gc for the process (see main.ts). */
const gc = ((): (() => void) | undefined => {
  try {
    const f: unknown = vm.runInNewContext('gc');
    return typeof f === 'function' ? (f as () => void) : undefined;
  } catch {
    return undefined;
  }
})();
let gcTimer: NodeJS.Timeout | undefined;

parentPort?.on('message', (req: WorkerRequest) => {
  // Each analysis of a large template leaves tens of megabytes of garbage: collect it once idle.
  clearTimeout(gcTimer);
  gcTimer = setTimeout(() => gc?.(), 1000);
  gcTimer.unref();
  const ruleErrors: string[] = [];
  try {
    const result = analyze(req.text, { ...req.options, onRuleError: (id, e) => ruleErrors.push(`rule ${id} threw: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`) });
    parentPort!.postMessage({ id: req.id, summary: summarize(result), ruleErrors } satisfies WorkerResponse);
  } catch (e) {
    parentPort!.postMessage({ id: req.id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) } satisfies WorkerResponse);
  }
});

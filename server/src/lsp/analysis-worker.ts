// A worker thread that analyses large documents, so the server's own thread keeps answering hovers and
// completions while a 1 MB template is parsed and checked. It sends back the summary (findings without
// fixes); fixes are computed on the server thread when someone asks for them.
import { parentPort } from 'node:worker_threads';
import { analyze, type AnalysisOptions } from '../engine';
import { exposeGc, idleCollector } from './gc';
import { summarize } from './summary';

export interface WorkerRequest {
  id: number;
  text: string;
  options: Omit<AnalysisOptions, 'onRuleError'>;
}

export type WorkerResponse = { id: number; summary: ReturnType<typeof summarize>; ruleErrors: string[] } | { id: number; error: string };

const collectWhenIdle = idleCollector(exposeGc(), 1000);

parentPort?.on('message', (req: WorkerRequest) => {
  collectWhenIdle();
  const ruleErrors: string[] = [];
  try {
    const result = analyze(req.text, { ...req.options, onRuleError: (id, e) => ruleErrors.push(`rule ${id} threw: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`) });
    parentPort!.postMessage({ id: req.id, summary: summarize(result), ruleErrors } satisfies WorkerResponse);
  } catch (e) {
    parentPort!.postMessage({ id: req.id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) } satisfies WorkerResponse);
  }
});

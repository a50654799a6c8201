// In the browser the server itself runs in a web worker, off the editor's thread, and analyses every
// document there (this file replaces worker-pool.ts in the browser bundles): the browser server starts
// without a worker script, so server.ts never creates an AnalysisWorker. The analysis gives its thread back
// between rules (analyzeAsync), so requests are answered while a large template is checked. See
// docs/web.md for why no nested worker is used.
export class AnalysisWorker {
  static find(): string | undefined {
    return undefined;
  }

  constructor() {
    throw new Error('the browser server analyses in its own worker: there is no analysis worker to start');
  }
}

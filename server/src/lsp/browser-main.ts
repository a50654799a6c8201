// Entry point of the language server in a web worker (dist/web/server.js), for the web extension and any
// page that runs it: the same server as `iam-role-lens-server --stdio`, over postMessage. It waits for the
// client's first message (web-protocol.ts), which carries the data bundle and the Terraform grammar read
// from the extension's own files, decompresses the data (DecompressionStream), puts it where the engine
// reads it, says `ready`, and serves. Every document is analysed in this worker (worker-pool.browser.ts).
import { BrowserMessageReader, BrowserMessageWriter, createConnection, ProposedFeatures } from 'vscode-languageserver/browser';
import { initHcl } from '../engine/formats/hcl';
import { setHclFiles } from '../engine/formats/hcl-files.browser';
import { setDataBundle } from '../engine/iam/data-source.browser';
import type { WebBoot, WebBootAnswer } from '../web-protocol';
import { startServer } from './server';

/** The worker's global scope, as much of it as this file uses. */
interface WorkerScope {
  onmessage: ((event: { data: unknown }) => void) | null;
  postMessage(message: unknown): void;
}
interface Decompressor {
  readonly readable: unknown;
  readonly writable: unknown;
}
declare const self: WorkerScope;
declare const DecompressionStream: new (format: 'gzip') => Decompressor;

/**
 * Node's setImmediate, with which the analysis gives its thread back between rules (analyzeAsync): a worker
 * has none, so a MessageChannel turn stands in for it (setTimeout would wait at least 4 ms each time).
 */
function installSetImmediate(): void {
  const scope = globalThis as { setImmediate?: (fn: () => void) => void };
  if (scope.setImmediate) return;
  const queue: (() => void)[] = [];
  const channel = new MessageChannel();
  // A worker's MessagePort (the DOM's, which this file is not compiled with): onmessage starts it.
  (channel.port1 as unknown as { onmessage: () => void }).onmessage = () => queue.shift()?.();
  scope.setImmediate = (fn) => {
    queue.push(fn);
    channel.port2.postMessage(undefined);
  };
}
installSetImmediate();

/** The gzip-compressed data bundle, decompressed. */
async function gunzip(gzip: ArrayBuffer): Promise<Uint8Array> {
  const stream = new Blob([gzip]).stream().pipeThrough(new DecompressionStream('gzip') as unknown as TransformStream<Uint8Array, Uint8Array>);
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

async function boot(message: WebBoot): Promise<WebBootAnswer> {
  const started = Date.now();
  const files = setDataBundle(await gunzip(message.data));
  let hcl = false;
  let hclError: string | undefined;
  if (message.runtime && message.grammar) {
    setHclFiles({ runtime: new Uint8Array(message.runtime), grammar: new Uint8Array(message.grammar) });
    try {
      await initHcl();
      hcl = true;
    } catch (e) {
      hclError = e instanceof Error ? e.message : String(e);
    }
  }
  return { type: 'iamRoleLens/ready', files, ms: Date.now() - started, hcl, ...(hclError ? { hclError } : {}) };
}

self.onmessage = (event) => {
  const message = event.data as WebBoot | undefined;
  if (message?.type !== 'iamRoleLens/boot') return;
  self.onmessage = null;
  boot(message).then(
    (answer) => {
      // The reader takes over the worker's messages from here: the client starts the protocol on `ready`.
      const connection = createConnection(ProposedFeatures.all, new BrowserMessageReader(self as never), new BrowserMessageWriter(self as never));
      // No WorkspaceFiles: in the browser the role index holds the open documents only (docs/web.md).
      startServer(connection);
      self.postMessage(answer);
    },
    (error: unknown) => self.postMessage({ type: 'iamRoleLens/failed', error: error instanceof Error ? error.message : String(error) } satisfies WebBootAnswer),
  );
};

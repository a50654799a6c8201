// The web extension (vscode.dev, github.dev, VS Code in a browser): the language server runs in a web
// worker (dist/web/server.js). The client reads the server's data bundle and the Terraform grammar from
// the extension's own files, hands them to the worker (web-protocol.ts) and starts the protocol once the
// worker says it is ready. Nothing is fetched from anywhere else. Everything else is activate.ts.
import * as vscode from 'vscode';
import { BrowserMessageReader, BrowserMessageWriter, LanguageClient, type MessageTransports } from 'vscode-languageclient/browser';
import { SERVER_NAME } from '../../server/src/protocol';
import { isWebBootAnswer, WEB_FILES, type WebBoot, type WebBootAnswer } from '../../server/src/web-protocol';
import { activateWith, deactivateClient, type IamRoleLensApi } from './activate';

export type { IamRoleLensApi } from './activate';

/** A file of the extension: through the workbench's file system, or fetched where the extension is served over http(s). */
async function readOwnFile(context: vscode.ExtensionContext, relative: string): Promise<ArrayBuffer> {
  const uri = vscode.Uri.joinPath(context.extensionUri, relative);
  try {
    const bytes = await vscode.workspace.fs.readFile(uri);
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  } catch (error) {
    if (uri.scheme !== 'http' && uri.scheme !== 'https') throw error;
    const response = await fetch(uri.toString(true));
    if (!response.ok) throw new Error(`${relative}: ${response.status} ${response.statusText}`);
    return response.arrayBuffer();
  }
}

/** The web worker, as much of it as this file uses (the client is compiled without the DOM's types). */
interface WebWorker {
  postMessage(message: unknown, transfer: ArrayBuffer[]): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  addEventListener(type: 'error', listener: (event: { message: string }) => void, options: { once: boolean }): void;
  removeEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  terminate(): void;
}
declare const Worker: new (url: string) => WebWorker;

let worker: WebWorker | undefined;

/** A new server worker with its data in place (each start of the client, restarts included, has its own). */
async function startWorker(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): Promise<WebWorker> {
  worker?.terminate();
  const [script, data, runtime, grammar] = await Promise.all([
    readOwnFile(context, WEB_FILES.server),
    readOwnFile(context, WEB_FILES.data),
    readOwnFile(context, WEB_FILES.runtime).catch(() => undefined),
    readOwnFile(context, WEB_FILES.grammar).catch(() => undefined),
  ]);
  // The worker is started from the script's bytes: a web extension host may refuse to start a worker from
  // the extension's own location (VS Code does for an extension installed on a remote machine), and a
  // script of another origin cannot be a worker at all.
  const url = URL.createObjectURL(new Blob([script], { type: 'text/javascript' }));
  const w = new Worker(url);
  worker = w;
  const answer = await new Promise<WebBootAnswer>((resolve, reject) => {
    const onMessage = (event: { data: unknown }): void => {
      if (!isWebBootAnswer(event.data)) return;
      w.removeEventListener('message', onMessage);
      resolve(event.data);
    };
    w.addEventListener('message', onMessage);
    w.addEventListener('error', (event) => reject(new Error(`the server worker failed to load: ${event.message}`)), { once: true });
    const boot: WebBoot = { type: 'iamRoleLens/boot', data, ...(runtime && grammar ? { runtime, grammar } : {}) };
    w.postMessage(boot, [data, ...(runtime && grammar ? [runtime, grammar] : [])]);
  });
  URL.revokeObjectURL(url);
  if (answer.type === 'iamRoleLens/failed') throw new Error(`the server could not load its data: ${answer.error}`);
  log.info(`server ready in a web worker: ${answer.files} data files in ${answer.ms} ms; Terraform ${answer.hcl ? 'read' : `not read${answer.hclError ? ` (${answer.hclError})` : ''}`}`);
  return w;
}

export async function activate(context: vscode.ExtensionContext): Promise<IamRoleLensApi> {
  const log = vscode.window.createOutputChannel(SERVER_NAME, { log: true });
  context.subscriptions.push(log, { dispose: () => worker?.terminate() });
  // The transports are made here rather than by handing the worker to the client: the client tells a worker
  // by `instanceof Worker`, which the web extension host's own Worker (it starts nested workers through the
  // workbench) is not.
  const transports = async (): Promise<MessageTransports> => {
    const w = await startWorker(context, log);
    return { reader: new BrowserMessageReader(w), writer: new BrowserMessageWriter(w) };
  };
  return activateWith(context, (clientOptions) => new LanguageClient('iamRoleLens', SERVER_NAME, transports, { ...clientOptions, outputChannel: log }));
}

export function deactivate(): Promise<void> {
  return deactivateClient();
}

// A real LSP client over stdio for protocol tests: spawns bin/iam-role-lens-server.js --stdio and talks
// JSON-RPC to it with vscode-jsonrpc. Tests wait on the server's notifications, never on sleeps.
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { Diagnostic, PublishDiagnosticsParams, Range } from 'vscode-languageserver-protocol';
import { ROOT } from './paths';

export interface Settings {
  [key: string]: unknown;
}

export class LspClient {
  readonly connection: MessageConnection;
  readonly process: ChildProcess;
  readonly stderr: string[] = [];
  private readonly waiters: { uri: string; test: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void }[] = [];
  readonly published: PublishDiagnosticsParams[] = [];
  readonly notifications: { method: string; params: unknown }[] = [];
  /** Capabilities the server registered (client/registerCapability). */
  readonly registrations: { method: string; registerOptions?: unknown }[] = [];
  /** Progress tokens the server created (window/workDoneProgress/create). */
  readonly progressTokens: (string | number)[] = [];
  settings: Settings = {};
  private versions = new Map<string, number>();
  private readonly notificationWaiters: { method: string; test: (params: unknown) => boolean; resolve: (params: unknown) => void }[] = [];

  constructor() {
    this.process = spawn(process.execPath, [path.join(ROOT, 'bin', 'iam-role-lens-server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.process.stderr!.on('data', (d: Buffer) => this.stderr.push(d.toString()));
    this.connection = createMessageConnection(new StreamMessageReader(this.process.stdout!), new StreamMessageWriter(this.process.stdin!));
    this.connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.published.push(p);
      for (const w of [...this.waiters]) {
        if (w.uri === p.uri && w.test(p)) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          w.resolve(p);
        }
      }
    });
    this.connection.onNotification((method: string, params: unknown) => {
      this.notifications.push({ method, params });
      for (const w of [...this.notificationWaiters]) {
        if (w.method !== method || !w.test(params)) continue;
        this.notificationWaiters.splice(this.notificationWaiters.indexOf(w), 1);
        w.resolve(params);
      }
    });
    this.connection.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) => p.items.map(() => this.settings));
    this.connection.onRequest('client/registerCapability', (p: { registrations: { method: string; registerOptions?: unknown }[] }) => {
      this.registrations.push(...p.registrations);
      return null;
    });
    this.connection.onRequest('window/workDoneProgress/create', (p: { token: string | number }) => {
      this.progressTokens.push(p.token);
      return null;
    });
    this.connection.listen();
  }

  /**
   * `folders`: workspace folder URIs (the server indexes them); `progress`: the client shows `$/progress`;
   * `watchFiles`: the server may register file watchers (didChangeWatchedFiles).
   */
  async initialize(options: { locale?: string; configuration?: boolean; snippets?: boolean; clientCommands?: string[]; folders?: string[]; progress?: boolean; watchFiles?: boolean; analysisTrace?: boolean } = {}): Promise<unknown> {
    const result = await this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: options.folders?.[0] ?? null,
      locale: options.locale,
      workspaceFolders: options.folders ? options.folders.map((uri) => ({ uri, name: path.basename(uri) })) : null,
      initializationOptions: { clientCommands: options.clientCommands ?? [], ...(options.analysisTrace ? { analysisTrace: true } : {}) },
      capabilities: {
        workspace: {
          configuration: options.configuration ?? true,
          workspaceEdit: { documentChanges: true, snippetEditSupport: options.snippets ?? false },
          didChangeWatchedFiles: { dynamicRegistration: options.watchFiles ?? false },
        },
        window: { workDoneProgress: options.progress ?? false },
        textDocument: { publishDiagnostics: { versionSupport: true, codeDescriptionSupport: true, relatedInformation: true }, hover: { contentFormat: ['markdown'] } },
      },
    });
    await this.connection.sendNotification('initialized', {});
    return result;
  }

  /** Resolves with the next notification of `method` (other than diagnostics) that passes `test`. */
  notification(method: string, test: (params: unknown) => boolean = () => true): Promise<unknown> {
    return new Promise((resolve) => this.notificationWaiters.push({ method, test, resolve }));
  }

  /** Resolves with the next diagnostics for `uri` that pass `test` (already received ones count). */
  diagnostics(uri: string, test: (p: PublishDiagnosticsParams) => boolean = () => true): Promise<PublishDiagnosticsParams> {
    return new Promise((resolve) => this.waiters.push({ uri, test, resolve }));
  }

  async open(uri: string, text: string, languageId = 'json'): Promise<Diagnostic[]> {
    this.versions.set(uri, 1);
    const next = this.diagnostics(uri, (p) => p.version === 1);
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    return (await next).diagnostics;
  }

  /** Replaces the whole text; resolves with the diagnostics published for the new version. */
  async change(uri: string, text: string): Promise<Diagnostic[]> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    const next = this.diagnostics(uri, (p) => p.version === version);
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
    return (await next).diagnostics;
  }

  /** Sends edits (ranged changes) as the next version without waiting; returns that version. */
  async edit(uri: string, changes: { range: Range; text: string }[]): Promise<number> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
    return version;
  }

  version(uri: string): number {
    return this.versions.get(uri) ?? 1;
  }

  request<T>(method: string, params: unknown): Promise<T> {
    return this.connection.sendRequest<T>(method, params);
  }

  async stop(): Promise<void> {
    try {
      await this.connection.sendRequest('shutdown');
      await this.connection.sendNotification('exit');
    } catch {
      // the process may already be gone
    }
    this.connection.dispose();
    if (this.process.exitCode === null) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          this.process.kill('SIGKILL');
          resolve();
        }, 2000);
        this.process.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }
}

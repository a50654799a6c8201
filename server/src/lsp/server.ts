// The language server: thin glue between LSP and the engine. Diagnostics are pushed at once on open and
// debounced on edits; a result computed for an older version, or for a document closed or replaced since,
// is never published; every handler runs through `runSafe`, so an exception is logged and the server keeps
// serving. Documents over 256 KB belong to the analysis worker, which keeps their text (the server sends
// their edits) and answers what requests need of them: this thread never analyses them.
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  DiagnosticSeverity,
  ErrorCodes,
  ResponseError,
  TextDocuments,
  TextDocumentSyncKind,
  type CodeAction,
  type CodeActionParams,
  type CancellationToken,
  type Connection,
  type Diagnostic,
  type Hover,
  type HoverParams,
  type InitializeParams,
  type InitializeResult,
  type TextEdit as LspTextEdit,
  type SnippetTextEdit,
  type WorkspaceEdit,
  type TextDocumentEdit,
} from 'vscode-languageserver';
import { TextDocument, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import {
  analyze,
  analyzeAsync,
  readDocuments,
  type Analysis,
  iamData,
  messages,
  ruleDocsUrl,
  toLocale,
  type AnalysisOptions,
  type Locale,
  type Result,
  type TextEdit,
} from '../engine';
import { explain } from '../engine/explain';
import { hover } from '../engine/hover';
import { passedToServiceEditAt, servicePrincipalChoices } from '../engine/passed-to-service';
import { complete, completionDocumentation, type CompletionDoc, type CompletionEntry } from '../engine/completion';
import { CompletionItemKind, InsertTextFormat, InsertTextMode, type CompletionItem, type CompletionList, type CompletionOptions } from 'vscode-languageserver';
import {
  DIAGNOSTIC_SOURCE,
  DocumentInfoNotification,
  DocumentInfoRequest,
  ExplainRequest,
  FIX_ALL_KIND,
  PassedToServiceEditRequest,
  PICK_SERVICE_COMMAND,
  RoleMapChangedNotification,
  RoleMapRequest,
  ServicePrincipalsRequest,
  type MapPlace,
  type RoleMap,
  type DocumentInfo,
  type DocumentInfoParams,
  type ExplainParams,
  type Explanation,
  type InitializationOptions,
  AnalysisTraceNotification,
  type AnalysisTraceParams,
  type PassedToServiceEditParams,
  type ServicePrincipalItem,
  type ServicePrincipalsParams,
} from '../protocol';
import { SERVER_VERSION } from '../version';
import { DEFAULT_SETTINGS, forcedKind, isIncluded, normalizeSettings, roleNameFor, type Settings } from './settings';
import { ServerRoles, type Change, type IndexProgress } from './roles';
import type { WorkspaceFiles } from './workspace-files';
import { mapOf } from '../engine/roles/map';
import { summarize, type PlainFinding, type Summary } from './summary';
import { growthCollector, idleCollector } from './gc';
import { findingFixes, fixAllEdit, type Answer, type FindingFixes, type FindingRef, type Query } from './queries';
import { AnalysisWorker } from './worker-pool';

interface Analysed {
  /** The text it was computed from: this document object (a reopened document is another) at this version. */
  doc: TextDocument;
  version: number;
  options: AnalysisOptions;
  /** Not analysed (excluded by settings): why, localised. */
  skipped?: string;
  /** What the diagnostics and the status item show: set when the diagnostics are published, computed on
   *  demand (summaryOf) for a version read for a request before its diagnostics; never when excluded. */
  summary?: Summary;
  /** The engine's result with nodes and fixes: kept for documents analysed here (the worker keeps the
   *  results of the documents it owns). */
  full?: Result;
  /** The documents read (parsed), for hovers and completion, when there is no full result. */
  read?: Analysis;
}

/** Data a diagnostic carries so its code actions can find the finding again. */
interface DiagnosticData {
  version: number;
  offset: number;
  length: number;
}

const SEVERITY = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information } as const;

/** Documents above this size leave enough garbage behind that the server collects it when idle. */
const LARGE_DOCUMENT = 256 * 1024;
/** A worker-owned document that shrinks below this comes back to this thread. */
const SMALL_AGAIN = LARGE_DOCUMENT / 2;
const IDLE_GC_MS = 1000;
/** Documents above this size are collected after while typing (see `collectWhenGrown`). */
const HUGE_DOCUMENT = 2 * 1024 * 1024;

export interface ServerHooks {
  /** A full garbage collection, when the runtime offers one (main.ts enables it). */
  collectGarbage?: () => void;
  /** The analysis worker bundle, for large documents (none: everything is analysed on this thread). */
  workerScript?: string;
  /** Reads the workspace's files for the role index (none: only open documents are indexed). */
  files?: WorkspaceFiles;
  /** Loads what Terraform files need (the HCL parser); until it resolves, .tf documents wait. */
  initHcl?: () => Promise<void>;
}

export function startServer(connection: Connection, hooks: ServerHooks = {}): void {
  // Edits are applied here and, for documents the worker owns, sent on to it as they arrive.
  const documents = new TextDocuments<TextDocument>({
    create: (uri, languageId, version, content) => TextDocument.create(uri, languageId, version, content),
    update: (doc, changes, version) => {
      const before = doc.getText().length;
      const updated = TextDocument.update(doc, changes, version);
      forwardEdits(updated, changes, before);
      return updated;
    },
  });
  const analysed = new Map<string, Analysed>();
  const timers = new Map<string, NodeJS.Timeout>();
  /** The version last queued for analysis, so the open event and its content event queue it once. */
  const queued = new Map<string, number>();
  const settingsCache = new Map<string, Promise<Settings>>();
  let clientLocale: Locale = 'en';
  let hasConfiguration = false;
  let snippetEdits = false;
  let workspaceFolders: string[] = [];
  let clientCommands: string[] = [];
  let globalSettings: Settings = DEFAULT_SETTINGS;
  let initialized = false;
  let watchFiles = false;
  let analysisTrace = false;
  const workerScript = hooks.workerScript;
  const worker = workerScript
    ? new AnalysisWorker(
        workerScript,
        (m) => log(m),
        () => connection.console.info(`analysis worker started for documents over ${LARGE_DOCUMENT / 1024} KB`),
        (t) => {
          if (!analysisTrace) return;
          const uri = [...owned].find(([, o]) => o.key === t.key)?.[0];
          if (!uri) return;
          const params: AnalysisTraceParams = { ...t, uri };
          delete (params as { key?: number }).key;
          void connection.sendNotification(AnalysisTraceNotification, params).catch(() => undefined);
        },
      )
    : undefined;
  /** Each open document object's key: a document closed and reopened under the same URI is another. */
  const keys = new WeakMap<TextDocument, number>();
  let nextKey = 1;
  /** The documents the worker keeps: URI → their key and the worker thread (generation) that has them. */
  const owned = new Map<string, { key: number; generation: number }>();

  const hclLoading: Promise<void> = hooks.initHcl ? hooks.initHcl().catch((error: unknown) => log('the Terraform parser did not load: .tf files are not analysed', error)) : Promise.resolve();
  /** Open documents by the file name they are analysed (and indexed) under. */
  const openByFile = new Map<string, string>();
  const roles = new ServerRoles({
    files: hooks.files,
    open: (file) => {
      const uri = openByFile.get(file);
      const doc = uri ? documents.get(uri) : undefined;
      if (!doc) return undefined;
      const options: AnalysisOptions = { ...(analysed.get(doc.uri)?.options ?? { fileName: file }) };
      delete options.workspace;
      return { text: doc.getText(), options };
    },
    optionsFor: async (file) => {
      const paths = pathsOf(file);
      // Settings of the workspace folder that holds the file (asked once per folder, not once per file).
      const folder = workspaceFolders.find((f) => paths.length > 1 && isInside(f, file));
      const settings = await getSettings(folder ? pathToFileURL(folder).href : uriOf(file));
      return { options: fileOptions(paths, settings, 'auto'), included: isIncluded(settings, paths), maxBytes: Math.round(settings.maxFileSize * 1024 * 1024) };
    },
    ready: () => hclLoading,
  });
  let workDoneProgress = false;
  let mapTimer: NodeJS.Timeout | undefined;

  function keyOf(doc: TextDocument): number {
    let key = keys.get(doc);
    if (key === undefined) keys.set(doc, (key = nextKey++));
    return key;
  }

  /** Whether `doc` at `version` is still what the URI holds (not edited, closed, or replaced by a reopen). */
  function isCurrent(doc: TextDocument, version: number): boolean {
    return documents.get(doc.uri) === doc && doc.version === version;
  }

  /**
   * The worker's key for a document it owns (now or from here on), or undefined when this thread analyses
   * it. A document over 256 KB is sent once; one that shrinks to half that comes back to this thread.
   */
  function workerKey(doc: TextDocument): number | undefined {
    if (!worker) return undefined;
    const key = keyOf(doc);
    const size = doc.getText().length;
    let o = owned.get(doc.uri);
    if (o && (o.key !== key || o.generation !== worker.generation)) {
      if (o.generation === worker.generation) worker.close(o.key);
      owned.delete(doc.uri);
      o = undefined;
    }
    if (o) {
      if (size >= SMALL_AGAIN) return key;
      worker.close(key);
      owned.delete(doc.uri);
      return undefined;
    }
    if (size <= LARGE_DOCUMENT) return undefined;
    const generation = worker.start();
    worker.open(key, doc.version, doc.getText());
    owned.set(doc.uri, { key, generation });
    return key;
  }

  /** Sends an edit of a worker-owned document: the changes, or the new text when that is smaller. */
  function forwardEdits(doc: TextDocument, changes: TextDocumentContentChangeEvent[], before: number): void {
    const o = owned.get(doc.uri);
    if (!worker || !o || o.key !== keys.get(doc) || o.generation !== worker.generation) return;
    let changed = 0;
    for (const c of changes) changed += 'range' in c ? c.text.length : before;
    if (changed < doc.getText().length / 2) worker.change(o.key, doc.version, changes);
    else worker.open(o.key, doc.version, doc.getText());
  }

  /** After a large document is analysed, garbage is collected once the user pauses. */
  const collectWhenIdle = idleCollector(hooks.collectGarbage, IDLE_GC_MS);
  const collectWhenGrown = growthCollector(hooks.collectGarbage, 1.5).whenGrown;

  function log(message: string, error?: unknown): void {
    const detail = error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : error !== undefined ? JSON.stringify(error) : '';
    connection.console.error(`${message}${detail ? `: ${detail}` : ''}`);
  }

  /** Settings not taken as given, said once each (they are read again for every document). */
  const settingsWarned = new Set<string>();
  function warnSettings(message: string): void {
    if (settingsWarned.has(message)) return;
    if (settingsWarned.size < 100) settingsWarned.add(message);
    connection.console.warn(message);
  }

  /** Runs a handler; on an exception logs it and answers `fallback` (json-language-features' runSafe). */
  async function runSafeAsync<T>(name: string, fallback: T, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      log(`${name} failed`, error);
      return fallback;
    }
  }

  function fsPaths(uri: string): string[] | undefined {
    if (!uri.startsWith('file:')) return undefined;
    let full: string;
    try {
      full = fileURLToPath(uri);
    } catch {
      return undefined;
    }
    return pathsOf(full.split(path.sep).join('/'));
  }

  /** A file's absolute path (`/`-separated) and its paths relative to each workspace folder that holds it. */
  function pathsOf(posix: string): string[] {
    const full = posix.split('/').join(path.sep);
    const out = [posix];
    for (const folder of workspaceFolders) {
      const rel = path.relative(folder, full);
      if (rel && !rel.startsWith('..') && !path.isAbsolute(rel)) out.push(rel.split(path.sep).join('/'));
    }
    return out;
  }

  function isInside(folder: string, posixFile: string): boolean {
    const rel = path.relative(folder, posixFile.split('/').join(path.sep));
    return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
  }

  /** The name a document is analysed and indexed under: its absolute path, or its URI when not a file. */
  function fileOf(uri: string): string {
    return fsPaths(uri)?.[0] ?? uri;
  }

  /** The URI of an indexed file: the open document's, else the file's. */
  function uriOf(file: string): string {
    const open = openByFile.get(file);
    if (open) return open;
    return file.startsWith('/') || /^[A-Za-z]:\//.test(file) ? pathToFileURL(file).href : file;
  }

  /** Line and character of an offset in another file: from the open document, else from the index. */
  function positionIn(file: string, offset: number): { line: number; character: number } {
    const uri = openByFile.get(file);
    const doc = uri ? documents.get(uri) : undefined;
    return doc ? doc.positionAt(offset) : (roles.index.positionAt(file, offset) ?? { line: 0, character: 0 });
  }

  function getSettings(uri: string): Promise<Settings> {
    if (!hasConfiguration) return Promise.resolve(globalSettings);
    let s = settingsCache.get(uri);
    if (!s) {
      s = connection.workspace.getConfiguration({ scopeUri: uri, section: 'iamRoleLens' }).then((raw: unknown) => normalizeSettings(raw, warnSettings), (error: unknown) => {
        log('reading settings failed', error);
        return DEFAULT_SETTINGS;
      });
      settingsCache.set(uri, s);
    }
    return s;
  }

  function localeOf(settings: Settings): Locale {
    return settings.language === 'auto' ? clientLocale : settings.language;
  }

  /** The format the editor says a document is in (its language id); other ids leave it to the engine. */
  function formatOf(uri: string): AnalysisOptions['format'] {
    const id = documents.get(uri)?.languageId;
    return id === 'json' || id === 'jsonc' ? 'json' : id === 'yaml' ? 'yaml' : id === 'terraform' || id === 'opentofu' || id === 'hcl' || id === 'tf' ? 'hcl' : 'auto';
  }

  /** The options a file is read with, by its paths and settings (the workspace is added for analyses here). */
  function fileOptions(paths: readonly string[] | undefined, settings: Settings, format: AnalysisOptions['format']): AnalysisOptions {
    const options: AnalysisOptions = {
      format,
      locale: localeOf(settings),
      rules: settings.rules,
      kind: forcedKind(settings, paths),
      syntaxErrors: 'policy-like',
      maxSize: Math.round(settings.maxFileSize * 1024 * 1024),
    };
    if (paths) options.fileName = paths[0]!;
    const roleName = roleNameFor(settings, paths);
    if (roleName !== undefined) options.roleName = roleName;
    return options;
  }

  function optionsFor(uri: string, settings: Settings): AnalysisOptions {
    return {
      ...fileOptions(fsPaths(uri), settings, formatOf(uri)),
      fileName: fileOf(uri),
      workspace: roles.index,
      onRuleError: (ruleId, error) => log(`rule ${ruleId} threw on ${uri}`, error),
    };
  }

  function toDiagnostic(doc: TextDocument, f: PlainFinding): Diagnostic {
    const data: DiagnosticData = { version: doc.version, offset: f.offset, length: f.length };
    const d: Diagnostic = {
      range: { start: doc.positionAt(f.offset), end: doc.positionAt(f.offset + f.length) },
      severity: SEVERITY[f.severity],
      code: f.ruleId,
      codeDescription: { href: ruleDocsUrl(f.ruleId) },
      source: DIAGNOSTIC_SOURCE,
      message: f.message,
      data,
    };
    if (f.related?.length) {
      d.relatedInformation = f.related.map((r) => ({
        location:
          r.file === undefined || openByFile.get(r.file) === doc.uri
            ? { uri: doc.uri, range: { start: doc.positionAt(r.offset), end: doc.positionAt(r.offset + r.length) } }
            : { uri: uriOf(r.file), range: { start: positionIn(r.file, r.offset), end: positionIn(r.file, r.offset + r.length) } },
        message: r.message,
      }));
    }
    return d;
  }

  function documentInfo(doc: TextDocument, entry: Analysed | undefined, summary: Summary | undefined, settings: Settings): DocumentInfo {
    const t = messages(localeOf(settings));
    const kind = summary?.fileKind ?? 'unknown';
    const findings = { error: 0, warning: 0, info: 0 };
    for (const f of summary?.findings ?? []) findings[f.severity]++;
    const docs = summary?.documents ?? [];
    const meta = iamData().meta();
    const info: DocumentInfo = {
      uri: doc.uri,
      version: doc.version,
      kind,
      label: t.kindShort[kind] ?? kind,
      detail: kind === 'cloudformation' ? t.statusTemplate(docs.length) : docs[0] ? t.statusKindSource(docs[0].kindSource) : t.kindName['unknown']!,
      findings,
      data: meta,
    };
    if (entry?.skipped) info.skipped = entry.skipped;
    return info;
  }

  async function validate(uri: string): Promise<void> {
    const doc = documents.get(uri);
    if (!doc) return;
    const version = doc.version;
    const settings = await getSettings(uri);
    await hclLoading;
    if (!isCurrent(doc, version)) return; // a newer edit (or a reopen) will be analysed
    let entry: Analysed;
    const options = optionsFor(uri, settings);
    const key = isIncluded(settings, fsPaths(uri)) ? workerKey(doc) : undefined;
    if (!isIncluded(settings, fsPaths(uri))) {
      entry = { doc, version, options, skipped: messages(localeOf(settings)).statusExcluded };
    } else if (key !== undefined) {
      // The worker has the text: it analyses this version unless a newer one supersedes it first.
      let summary: Summary | undefined;
      try {
        summary = await worker!.analyze(key, version, options);
      } catch (error) {
        if (!isCurrent(doc, version)) return;
        log('the analysis worker failed; analysing here instead', error);
        const result = await analyzeAsync(doc.getText(), options, () => !isCurrent(doc, version));
        if (!result) return;
        summary = summarize(result);
      }
      if (!summary) return;
      collectWhenIdle();
      // Each version of a document of megabytes leaves its text and the diagnostics made of its findings on
      // this thread too: while the user types on, collected once the heap has grown by half, after this version
      // is published. Not for smaller ones: the collection would hold up hovers and the next edit for tens of ms.
      if (doc.getText().length > HUGE_DOCUMENT) setImmediate(collectWhenGrown);
      entry = { doc, version, options, summary };
    } else {
      // Between rules the event loop is given back, and an analysis overtaken by an edit stops early.
      const result = await analyzeAsync(doc.getText(), options, () => !isCurrent(doc, version));
      if (!result) return;
      if (doc.getText().length > LARGE_DOCUMENT) collectWhenIdle();
      entry = { doc, version, options, summary: summarize(result), full: result };
    }
    // Results are of the text they were computed from: not published once it was edited, closed or reopened.
    if (!isCurrent(doc, version)) return;
    analysed.set(uri, entry);
    void connection.sendDiagnostics({ uri, version, diagnostics: (entry.summary?.findings ?? []).map((f) => toDiagnostic(doc, f)) });
    void connection.sendNotification(DocumentInfoNotification, documentInfo(doc, entry, entry.summary, settings));
    // The role index follows the editor's text: what this version says about roles (from this analysis), or
    // nothing for a document excluded or owned by the worker. Documents it concerns are analysed again.
    // A document outside the workspace folders (or untitled) is not part of the workspace: its roles are
    // nobody else's.
    const file = fileOf(uri);
    openByFile.set(file, uri);
    const inWorkspace = (fsPaths(uri)?.length ?? 0) > 1;
    crossFile(uri, entry.full && inWorkspace ? roles.opened(file, entry.full.analysis) : roles.openedWithout(file));
  }

  /**
   * After what a file says about roles changed: the open documents it concerns are analysed again (all of
   * them when roles, names or trust changed; those linked to it when only places moved), and the role map
   * is announced as changed.
   */
  function crossFile(from: string | undefined, update: { change: Change; related: string[] }): void {
    if (update.change === 'none') return;
    announceMap();
    if (roles.indexing) return; // every open document is analysed again when the index is read
    const targets = update.change === 'facts' ? documents.all().map((d) => d.uri) : update.related.flatMap((file) => openByFile.get(file) ?? []);
    for (const uri of new Set(targets)) {
      if (uri === from || owned.has(uri)) continue;
      // The edit that caused this was debounced already: the documents it concerns are analysed at once.
      schedule(uri, 0);
    }
  }

  function announceMap(): void {
    clearTimeout(mapTimer);
    mapTimer = setTimeout(() => void connection.sendNotification(RoleMapChangedNotification).catch(() => undefined), 200);
  }

  /** Reads the workspace into the role index, with progress shown; then analyses the open documents again. */
  async function reindex(): Promise<void> {
    if (!hooks.files || workspaceFolders.length === 0) return;
    const t = messages(clientLocale);
    const reporter = workDoneProgress ? await connection.window.createWorkDoneProgress().catch(() => undefined) : undefined;
    const progress: IndexProgress = {
      begin: (total) => reporter?.begin(t.indexTitle, 0, t.indexFiles(0, total), false),
      report: (done, total) => reporter?.report(Math.floor((done * 100) / Math.max(total, 1)), t.indexFiles(done, total)),
      end: () => reporter?.done(),
    };
    const folders = workspaceFolders.map((f) => f.split(path.sep).join('/'));
    const done = await roles.indexFolders(folders, progress, (m) => connection.console.info(m));
    if (!done) return;
    connection.console.info(`IAM role index: ${roles.files} files say something about roles`);
    announceMap();
    for (const doc of documents.all()) if (!owned.has(doc.uri)) schedule(doc.uri, 0);
  }

  function schedule(uri: string, delay: number): void {
    clearTimeout(timers.get(uri));
    if (delay <= 0) {
      timers.delete(uri);
      void runSafeAsync('validation', undefined, () => validate(uri));
      return;
    }
    timers.set(
      uri,
      setTimeout(() => {
        timers.delete(uri);
        void runSafeAsync('validation', undefined, () => validate(uri));
      }, delay),
    );
  }

  /**
   * The document as it is now. An edit not analysed yet gets an entry whose results are computed only as a
   * request needs them (a hover reads the documents; it does not run the rules).
   */
  async function current(uri: string): Promise<{ doc: TextDocument; entry: Analysed } | undefined> {
    const doc = documents.get(uri);
    if (!doc) return undefined;
    const version = doc.version;
    let entry = analysed.get(uri);
    if (!entry || entry.doc !== doc || entry.version !== version) {
      const settings = await getSettings(uri);
      if (!isCurrent(doc, version)) return undefined;
      const options = optionsFor(uri, settings);
      entry = isIncluded(settings, fsPaths(uri)) ? { doc, version, options } : { doc, version, options, skipped: messages(localeOf(settings)).statusExcluded };
    }
    return { doc, entry };
  }

  /**
   * What a request needs of a document: asked of the worker for the documents it owns (null when the
   * document moved on meanwhile), computed here for the others.
   */
  async function ask<Q extends Query>(doc: TextDocument, entry: Analysed, query: Q, here: () => Answer<Q>): Promise<Answer<Q> | null> {
    const key = workerKey(doc);
    if (key === undefined) return here();
    const answer = await worker!.query(key, entry.version, entry.options, query);
    return isCurrent(doc, entry.version) ? answer : null;
  }

  /** The full result (with fixes) of a document analysed here, computed the first time it is needed. */
  function fullOf(doc: TextDocument, entry: Analysed): Result | undefined {
    if (entry.skipped !== undefined) return undefined;
    return (entry.full ??= analyze(doc.getText(), entry.options));
  }

  /** The findings and kinds: from the published diagnostics, or computed (by the worker for its documents). */
  async function summaryOf(doc: TextDocument, entry: Analysed): Promise<Summary | undefined> {
    if (entry.skipped !== undefined) return undefined;
    if (entry.summary) return entry.summary;
    const summary = await ask(doc, entry, { kind: 'summary' }, () => summarize(fullOf(doc, entry)!));
    if (summary && isCurrent(doc, entry.version)) entry.summary = summary;
    return summary ?? undefined;
  }

  /** The documents read (parsed) from the text, for hovers, completion and the explainer (documents analysed here). */
  function analysisOf(doc: TextDocument, entry: Analysed): Analysis | undefined {
    if (entry.skipped !== undefined) return undefined;
    return entry.full?.analysis ?? (entry.read ??= readDocuments(doc.getText(), entry.options));
  }

  /**
   * Edits as a WorkspaceEdit: those of this document at its version, those of another file (a fix that edits
   * a role's trust policy there) at its open version, or unversioned when it is not open. Undefined when
   * another file's text cannot be had any more.
   */
  function toWorkspaceEdit(doc: TextDocument, edits: readonly TextEdit[]): WorkspaceEdit | undefined {
    const here = edits.filter((e) => e.file === undefined || openByFile.get(e.file) === doc.uri);
    const lsp: (LspTextEdit | SnippetTextEdit)[] = here.map((e) => {
      const range = { start: doc.positionAt(e.offset), end: doc.positionAt(e.offset + e.length) };
      return snippetEdits && e.snippet !== undefined ? { range, snippet: { kind: 'snippet', value: e.snippet } } : { range, newText: e.newText };
    });
    const changes: TextDocumentEdit[] = lsp.length ? [{ textDocument: { uri: doc.uri, version: doc.version }, edits: lsp }] : [];
    const elsewhere = new Map<string, TextEdit[]>();
    for (const e of edits) if (!here.includes(e)) elsewhere.set(e.file!, [...(elsewhere.get(e.file!) ?? []), e]);
    for (const [file, list] of elsewhere) {
      const uri = uriOf(file);
      const open = openByFile.has(file) ? documents.get(uri) : undefined;
      const text = open ? undefined : roles.index.analysisOf(file)?.text;
      const other = open ?? (text !== undefined ? TextDocument.create(uri, '', 0, text) : undefined);
      if (!other) return undefined;
      changes.push({
        textDocument: { uri, version: open ? open.version : null },
        edits: list.map((e) => ({ range: { start: other.positionAt(e.offset), end: other.positionAt(e.offset + e.length) }, newText: e.newText })),
      });
    }
    return { documentChanges: changes };
  }

  function kindRequested(only: string[] | undefined, kind: string): boolean {
    if (!only) return kind === CodeActionKind.QuickFix;
    return only.some((o) => kind === o || kind.startsWith(o + '.'));
  }

  /**
   * Quick fixes for the request's diagnostics that are ours and of this version, and the fix-all action when
   * asked for. A request with neither (the cursor moved over other squiggles, or none) is answered at once,
   * without an analysis.
   */
  async function codeActions(params: CodeActionParams): Promise<CodeAction[]> {
    const state = await current(params.textDocument.uri);
    if (!state || state.entry.skipped !== undefined) return [];
    const { doc, entry } = state;
    const ours = kindRequested(params.context.only, CodeActionKind.QuickFix)
      ? params.context.diagnostics.filter((d) => {
          const data = d.data as DiagnosticData | undefined;
          return d.source === DIAGNOSTIC_SOURCE && typeof d.code === 'string' && data?.version === doc.version;
        })
      : [];
    const wantsFixAll = params.context.only !== undefined && kindRequested(params.context.only, FIX_ALL_KIND);
    if (ours.length === 0 && !wantsFixAll) return [];
    const refs: FindingRef[] = ours.map((d) => {
      const data = d.data as DiagnosticData;
      return { ruleId: d.code as string, offset: data.offset, length: data.length };
    });
    const answer = await ask(doc, entry, { kind: 'fixes', findings: refs, fixAll: wantsFixAll }, () => {
      const out: Answer<{ kind: 'fixes'; findings: FindingRef[]; fixAll: boolean }> = { findings: refs.length ? findingFixes(fullOf(doc, entry)!, refs) : [] };
      const edit = wantsFixAll ? fixAllEdit(doc.getText(), entry.options) : undefined;
      if (edit) out.fixAll = edit;
      return out;
    });
    if (!answer) return [];
    const t = messages(entry.options.locale);
    const actions: CodeAction[] = [];
    answer.findings.forEach((found: FindingFixes | undefined, i) => {
      if (!found) return;
      const diag = ours[i]!;
      for (const fix of found.fixes) {
        const edit = toWorkspaceEdit(doc, fix.edits);
        if (!edit) continue;
        const action: CodeAction = { title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diag], edit };
        if (fix.preferred) action.isPreferred = true;
        actions.push(action);
      }
      if (found.statementOffset !== undefined && clientCommands.includes(PICK_SERVICE_COMMAND)) {
        actions.push({
          title: t.fixPickService,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diag],
          command: { title: t.fixPickService, command: PICK_SERVICE_COMMAND, arguments: [{ uri: doc.uri, version: doc.version, statementOffset: found.statementOffset }] },
        });
      }
    });
    const fixAll = answer.fixAll ? toWorkspaceEdit(doc, [answer.fixAll]) : undefined;
    if (fixAll) actions.push({ title: t.fixAllTitle, kind: FIX_ALL_KIND, edit: fixAll });
    return actions;
  }

  async function onHover(params: HoverParams): Promise<Hover | null> {
    const state = await current(params.textDocument.uri);
    if (!state || state.entry.skipped !== undefined) return null;
    const { doc, entry } = state;
    const offset = doc.offsetAt(params.position);
    const h = await ask(doc, entry, { kind: 'hover', offset }, () => hover(doc.getText(), offset, entry.options, analysisOf(doc, entry)));
    if (!h) return null;
    return { contents: { kind: 'markdown', value: h.markdown }, range: { start: doc.positionAt(h.offset), end: doc.positionAt(h.offset + h.length) } };
  }

  /** Requests are refused until `initialize` has been answered (LSP: ServerNotInitialized). */
  function whenInitialized<P, R>(handler: (params: P, token: CancellationToken) => R): (params: P, token: CancellationToken) => R {
    return (params, token) => {
      if (!initialized) throw new ResponseError(ErrorCodes.ServerNotInitialized, 'The server has not been initialized.');
      return handler(params, token);
    };
  }

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    initialized = true;
    clientLocale = toLocale(params.locale);
    hasConfiguration = params.capabilities.workspace?.configuration === true;
    snippetEdits = params.capabilities.workspace?.workspaceEdit?.snippetEditSupport === true;
    workDoneProgress = params.capabilities.window?.workDoneProgress === true;
    watchFiles = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    workspaceFolders = (params.workspaceFolders ?? []).flatMap((f) => {
      try {
        return [fileURLToPath(f.uri)];
      } catch {
        return [];
      }
    });
    clientCommands = (params.initializationOptions as InitializationOptions | undefined)?.clientCommands ?? [];
    analysisTrace = (params.initializationOptions as InitializationOptions | undefined)?.analysisTrace === true;
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        hoverProvider: true,
        completionProvider: completionCapability(params),
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
      },
      serverInfo: { name: 'iam-role-lens', version: SERVER_VERSION },
    };
  });

  connection.onInitialized(() => {
    if (hasConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, undefined).catch(() => undefined);
    // Files changed outside the editor keep the role index current (a client without dynamic registration
    // may still send these events from its own watchers).
    if (watchFiles && hooks.files) void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*' }] }).catch(() => undefined);
    void runSafeAsync('indexing', undefined, reindex);
  });

  connection.onDidChangeConfiguration((change) => {
    settingsCache.clear();
    if (!hasConfiguration) globalSettings = normalizeSettings((change.settings as { iamRoleLens?: unknown } | undefined)?.iamRoleLens, warnSettings);
    // Which files are read, and the role each trust-policy file stands for, may have changed.
    if (hooks.files && workspaceFolders.length) {
      roles.clearClosed();
      void runSafeAsync('indexing', undefined, reindex);
    }
    for (const doc of documents.all()) schedule(doc.uri, 0);
  });

  connection.onDidChangeWatchedFiles((params) =>
    runSafeAsync('watched files', undefined, async () => {
      const updates = await Promise.all(
        params.changes.flatMap((c) => {
          if (documents.get(c.uri)) return []; // open: the editor's text is what counts
          const paths = fsPaths(c.uri);
          if (!paths) return [];
          return [c.type === FileChangeType.Deleted ? roles.closed(paths[0]!) : roles.changedOnDisk(paths[0]!)];
        }),
      );
      const related = updates.flatMap((u) => u.related);
      const change: Change = updates.some((u) => u.change === 'facts') ? 'facts' : updates.some((u) => u.change === 'places') ? 'places' : 'none';
      crossFile(undefined, { change, related });
    }),
  );

  // A newly opened document is analysed at once; edits typed in quick succession are debounced.
  documents.onDidOpen((e) => {
    queued.set(e.document.uri, e.document.version);
    schedule(e.document.uri, 0);
  });
  documents.onDidChangeContent((e) => {
    const { uri, version } = e.document;
    if (queued.get(uri) === version) return;
    queued.set(uri, version);
    void getSettings(uri).then((s) => schedule(uri, s.debounceMs));
  });
  documents.onDidClose((e) => {
    const uri = e.document.uri;
    // The index goes back to what the disk says (nothing for an untitled document).
    const file = fileOf(uri);
    if (openByFile.get(file) === uri) {
      openByFile.delete(file);
      void roles.closed(file).then((u) => crossFile(uri, u), (error: unknown) => log('updating the role index failed', error));
    }
    clearTimeout(timers.get(uri));
    timers.delete(uri);
    analysed.delete(uri);
    queued.delete(uri);
    settingsCache.delete(uri);
    // The worker drops its text and stops its analysis at the next rule boundary.
    const o = owned.get(uri);
    if (o && o.key === keys.get(e.document)) {
      owned.delete(uri);
      if (o.generation === worker?.generation) worker.close(o.key);
    }
    // Clear squiggles of documents that are not on disk (untitled); files keep nothing stale either.
    void connection.sendDiagnostics({ uri, diagnostics: [] });
  });

  connection.onHover(whenInitialized((params, token) => runSafeAsync('hover', null, () => (token.isCancellationRequested ? Promise.resolve(null) : onHover(params)))));
  connection.onCodeAction(whenInitialized((params, token) => runSafeAsync('codeAction', [], () => (token.isCancellationRequested ? Promise.resolve([]) : codeActions(params)))));

  connection.onRequest(
    DocumentInfoRequest,
    whenInitialized((params: DocumentInfoParams) =>
      runSafeAsync('documentInfo', null, async () => {
        const state = await current(params.uri);
        if (!state) return null;
        const summary = await summaryOf(state.doc, state.entry);
        if (!isCurrent(state.doc, state.entry.version)) return null;
        return documentInfo(state.doc, state.entry, summary, await getSettings(params.uri));
      }),
    ),
  );

  connection.onRequest(
    ExplainRequest,
    whenInitialized((params: ExplainParams) =>
      runSafeAsync<Explanation | null>('explain', null, async () => {
        const state = await current(params.uri);
        if (!state || state.entry.skipped !== undefined) return null;
        const { doc, entry } = state;
        const offset = params.position ? doc.offsetAt(params.position) : undefined;
        const query = offset === undefined ? { kind: 'explain' as const } : { kind: 'explain' as const, offset };
        return ask(doc, entry, query, () => explain(doc.getText(), entry.options, analysisOf(doc, entry), offset));
      }),
    ),
  );

  connection.onRequest(
    ServicePrincipalsRequest,
    whenInitialized((params: ServicePrincipalsParams) =>
      runSafeAsync<ServicePrincipalItem[]>('servicePrincipals', [], async () => {
        const state = await current(params.uri);
        if (!state || state.entry.skipped !== undefined) return servicePrincipalChoices(undefined, params.statementOffset);
        const { doc, entry } = state;
        const choices = await ask(doc, entry, { kind: 'servicePrincipals', statementOffset: params.statementOffset }, () => servicePrincipalChoices(analysisOf(doc, entry), params.statementOffset));
        return choices ?? servicePrincipalChoices(undefined, params.statementOffset);
      }),
    ),
  );

  connection.onRequest(
    PassedToServiceEditRequest,
    whenInitialized((params: PassedToServiceEditParams) =>
      runSafeAsync<WorkspaceEdit | null>('passedToServiceEdit', null, async () => {
        const state = await current(params.uri);
        if (!state || state.entry.skipped !== undefined || state.doc.version !== params.version) return null;
        const { doc, entry } = state;
        const query = { kind: 'passedToServiceEdit' as const, statementOffset: params.statementOffset, principals: [...params.principals] };
        const edits = await ask(doc, entry, query, () => passedToServiceEditAt(analysisOf(doc, entry)!, params.statementOffset, params.principals));
        return (edits && toWorkspaceEdit(doc, edits)) ?? null;
      }),
    ),
  );

  connection.onRequest(
    RoleMapRequest,
    whenInitialized(() =>
      runSafeAsync<RoleMap>('roleMap', { roles: [], indexing: roles.indexing, files: roles.files }, () => {
        const place = (p: { path: string; range: MapPlace['range'] }): MapPlace => ({ uri: uriOf(p.path), range: p.range });
        const map = mapOf(roles.index.roleMap(), (file, offset) => roles.index.positionAt(file, offset));
        return Promise.resolve({
          roles: map.map((r) => ({
            ...place(r),
            name: r.name,
            id: r.id,
            source: r.source,
            trustPolicySeen: r.trustPolicySeen,
            assumedBy: r.assumedBy,
            handedTo: r.handedTo.map((h) => ({ ...place(h), label: h.label, principals: h.principals, trusted: h.trusted })),
            passedBy: r.passedBy.map((g) => ({ ...place(g), label: g.label, principals: g.passedToService, trusted: g.trusted })),
          })),
          indexing: roles.indexing,
          files: roles.files,
        });
      }),
    ),
  );

  // ---- Completion: the engine's items (../engine/completion.ts) mapped to LSP ----------------------
  let completionSnippets = false;
  const COMPLETION_KIND: Record<CompletionEntry['kind'], CompletionItemKind> = {
    property: CompletionItemKind.Property,
    value: CompletionItemKind.Value,
    enumMember: CompletionItemKind.EnumMember,
    module: CompletionItemKind.Module,
    function: CompletionItemKind.Function,
    operator: CompletionItemKind.Operator,
    field: CompletionItemKind.Field,
    reference: CompletionItemKind.Reference,
    constant: CompletionItemKind.Constant,
  };
  /** What resolve needs: the item's documentation key and the language to write it in. */
  interface CompletionData {
    locale: Locale;
    doc: CompletionDoc;
  }

  /** Called by onInitialize: declares the provider and notes whether the client accepts snippets. */
  function completionCapability(params: InitializeParams): CompletionOptions {
    completionSnippets = params.capabilities.textDocument?.completion?.completionItem?.snippetSupport === true;
    return { triggerCharacters: ['"', ':'], resolveProvider: true };
  }

  function toCompletionItem(doc: TextDocument, e: CompletionEntry, locale: Locale): CompletionItem {
    const range = { start: doc.positionAt(e.range.offset), end: doc.positionAt(e.range.offset + e.range.length) };
    const snippet = completionSnippets && e.snippet !== undefined;
    const item: CompletionItem = {
      label: e.label,
      kind: COMPLETION_KIND[e.kind],
      sortText: e.sortText,
      filterText: e.filterText,
      textEdit: { range, newText: snippet ? e.snippet! : e.insertText },
      insertTextFormat: snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
      // Multi-line values are already indented for their place in the file.
      insertTextMode: InsertTextMode.asIs,
    };
    if (e.detail) item.detail = e.detail;
    if (e.preselect) item.preselect = true;
    if (e.retrigger) item.command = { title: '', command: 'editor.action.triggerSuggest' };
    if (e.doc) item.data = { locale, doc: e.doc } satisfies CompletionData;
    return item;
  }

  connection.onCompletion(
    whenInitialized((params, token) =>
      runSafeAsync<CompletionList | null>('completion', null, async () => {
        const state = await current(params.textDocument.uri);
        if (!state || token.isCancellationRequested || state.entry.skipped !== undefined) return null;
        const { doc, entry } = state;
        const offset = doc.offsetAt(params.position);
        // The analysis of this version, when it is already there (it usually is: completion follows an edit).
        const cached = analysed.get(doc.uri);
        const known = cached?.doc === doc && cached.version === doc.version ? analysisOf(doc, cached) : undefined;
        const result = await ask(doc, entry, { kind: 'complete', offset }, () => complete(doc.getText(), offset, entry.options, undefined, known));
        if (!result) return null;
        return { isIncomplete: result.isIncomplete, items: result.items.map((e) => toCompletionItem(doc, e, entry.options.locale ?? 'en')) };
      }),
    ),
  );

  connection.onCompletionResolve(
    whenInitialized((item: CompletionItem) =>
      runSafeAsync<CompletionItem>('completionResolve', item, () => {
        const data = item.data as CompletionData | undefined;
        const markdown = data?.doc ? completionDocumentation(data.doc, data.locale) : undefined;
        if (markdown) item.documentation = { kind: 'markdown', value: markdown };
        return Promise.resolve(item);
      }),
    ),
  );
  // ---- end of completion ------------------------------------------------------------------------

  documents.listen(connection);
  connection.listen();
}

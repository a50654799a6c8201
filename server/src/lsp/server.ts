// The language server: thin glue between LSP and the engine. Diagnostics are pushed at once on open and
// debounced on edits; a result computed for an older version is never published; every handler runs
// through `runSafe`, so an exception is logged and the server keeps serving.
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  DiagnosticSeverity,
  TextDocuments,
  TextDocumentSyncKind,
  type CodeAction,
  type CodeActionParams,
  type Connection,
  type Diagnostic,
  type Hover,
  type HoverParams,
  type InitializeParams,
  type InitializeResult,
  type TextEdit as LspTextEdit,
  type SnippetTextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  analyze,
  analyzeAsync,
  readDocuments,
  type Analysis,
  fixAll,
  iamData,
  messages,
  minimalEdit,
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
  ServicePrincipalsRequest,
  type DocumentInfo,
  type DocumentInfoParams,
  type ExplainParams,
  type Explanation,
  type InitializationOptions,
  type PassedToServiceEditParams,
  type ServicePrincipalItem,
  type ServicePrincipalsParams,
} from '../protocol';
import { SERVER_VERSION } from '../version';
import { DEFAULT_SETTINGS, forcedKind, isIncluded, normalizeSettings, type Settings } from './settings';
import { summarize, type PlainFinding, type Summary } from './summary';
import { idleCollector } from './gc';
import { AnalysisWorker } from './worker-pool';

interface Analysed {
  version: number;
  options: AnalysisOptions;
  /** Not analysed (excluded by settings): why, localised. */
  skipped?: string;
  /** What the diagnostics and the status item show: set when the diagnostics are published, computed on
   *  demand (summaryOf) for a version read for a request before its diagnostics; never when excluded. */
  summary?: Summary;
  /** The engine's result with nodes and fixes: kept for documents analysed here, computed on demand for
   *  large ones analysed by the worker (when someone asks for fixes). */
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
const IDLE_GC_MS = 1000;

export interface ServerHooks {
  /** A full garbage collection, when the runtime offers one (main.ts enables it). */
  collectGarbage?: () => void;
  /** The analysis worker bundle, for large documents (none: everything is analysed on this thread). */
  workerScript?: string;
}

export function startServer(connection: Connection, hooks: ServerHooks = {}): void {
  const documents = new TextDocuments(TextDocument);
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
  const workerScript = hooks.workerScript;
  const worker = workerScript
    ? new AnalysisWorker(workerScript, (m) => log(m), () => connection.console.info(`analysis worker started for documents over ${LARGE_DOCUMENT / 1024} KB`))
    : undefined;

  /** After a large document is analysed, garbage is collected once the user pauses. */
  const collectWhenIdle = idleCollector(hooks.collectGarbage, IDLE_GC_MS);

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
    const posix = full.split(path.sep).join('/');
    const out = [posix];
    for (const folder of workspaceFolders) {
      const rel = path.relative(folder, full);
      if (rel && !rel.startsWith('..') && !path.isAbsolute(rel)) out.push(rel.split(path.sep).join('/'));
    }
    return out;
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
    return id === 'json' || id === 'jsonc' ? 'json' : id === 'yaml' ? 'yaml' : 'auto';
  }

  function optionsFor(uri: string, settings: Settings): AnalysisOptions {
    const paths = fsPaths(uri);
    return {
      format: formatOf(uri),
      locale: localeOf(settings),
      rules: settings.rules,
      kind: forcedKind(settings, paths),
      fileName: paths?.[0] ?? uri,
      syntaxErrors: 'policy-like',
      maxSize: Math.round(settings.maxFileSize * 1024 * 1024),
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
      d.relatedInformation = f.related.map((r) => ({ location: { uri: doc.uri, range: { start: doc.positionAt(r.offset), end: doc.positionAt(r.offset + r.length) } }, message: r.message }));
    }
    return d;
  }

  function documentInfo(doc: TextDocument, entry: Analysed | undefined, settings: Settings): DocumentInfo {
    const t = messages(localeOf(settings));
    const summary = entry ? summaryOf(doc, entry) : undefined;
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
    const current = documents.get(uri);
    if (!current || current.version !== version) return; // a newer edit will be analysed
    let entry: Analysed;
    const options = optionsFor(uri, settings);
    if (!isIncluded(settings, fsPaths(uri))) {
      entry = { version, options, skipped: messages(localeOf(settings)).statusExcluded };
    } else if (current.getText().length > LARGE_DOCUMENT && worker) {
      // A large document is analysed by the worker thread: this thread stays free for other requests.
      const text = current.getText();
      let summary: Summary;
      try {
        summary = await worker.analyze(text, options);
      } catch (error) {
        log('the analysis worker failed; analysing here instead', error);
        const result = await analyzeAsync(text, options, () => documents.get(uri)?.version !== version);
        if (!result) return;
        summary = summarize(result);
      }
      collectWhenIdle();
      entry = { version, options, summary };
    } else {
      // Between rules the event loop is given back, and an analysis overtaken by an edit stops early.
      const result = await analyzeAsync(current.getText(), options, () => documents.get(uri)?.version !== version);
      if (!result) return;
      if (current.getText().length > LARGE_DOCUMENT) collectWhenIdle();
      entry = { version, options, summary: summarize(result), full: result };
    }
    if (documents.get(uri)?.version !== version) return;
    analysed.set(uri, entry);
    void connection.sendDiagnostics({ uri, version, diagnostics: (entry.summary?.findings ?? []).map((f) => toDiagnostic(current, f)) });
    void connection.sendNotification(DocumentInfoNotification, documentInfo(current, entry, settings));
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
    let entry = analysed.get(uri);
    if (!entry || entry.version !== doc.version) {
      const settings = await getSettings(uri);
      const options = optionsFor(uri, settings);
      entry = isIncluded(settings, fsPaths(uri)) ? { version: doc.version, options } : { version: doc.version, options, skipped: messages(localeOf(settings)).statusExcluded };
    }
    return { doc, entry };
  }

  /** The full result (with fixes) of an analysed document, computed here the first time it is needed. */
  function fullOf(doc: TextDocument, entry: Analysed): Result | undefined {
    if (entry.skipped !== undefined) return undefined;
    return (entry.full ??= analyze(doc.getText(), entry.options));
  }

  /** The findings and kinds, from the published diagnostics or computed here. */
  function summaryOf(doc: TextDocument, entry: Analysed): Summary | undefined {
    if (entry.skipped !== undefined) return undefined;
    return (entry.summary ??= summarize(fullOf(doc, entry)!));
  }

  /** The documents read (parsed) from the text, for hovers, completion and the explainer. */
  function analysisOf(doc: TextDocument, entry: Analysed): Analysis | undefined {
    if (entry.skipped !== undefined) return undefined;
    return entry.full?.analysis ?? (entry.read ??= readDocuments(doc.getText(), entry.options));
  }

  function toWorkspaceEdit(doc: TextDocument, edits: readonly TextEdit[]): WorkspaceEdit {
    const lsp: (LspTextEdit | SnippetTextEdit)[] = edits.map((e) => {
      const range = { start: doc.positionAt(e.offset), end: doc.positionAt(e.offset + e.length) };
      return snippetEdits && e.snippet !== undefined ? { range, snippet: { kind: 'snippet', value: e.snippet } } : { range, newText: e.newText };
    });
    return { documentChanges: [{ textDocument: { uri: doc.uri, version: doc.version }, edits: lsp }] };
  }

  function kindRequested(only: string[] | undefined, kind: string): boolean {
    if (!only) return kind === CodeActionKind.QuickFix;
    return only.some((o) => kind === o || kind.startsWith(o + '.'));
  }

  async function codeActions(params: CodeActionParams): Promise<CodeAction[]> {
    const state = await current(params.textDocument.uri);
    const result = state ? fullOf(state.doc, state.entry) : undefined;
    if (!state || !result) return [];
    const { doc, entry } = state;
    const t = messages(entry.options.locale);
    const actions: CodeAction[] = [];
    if (kindRequested(params.context.only, CodeActionKind.QuickFix)) {
      for (const diag of params.context.diagnostics) {
        const data = diag.data as DiagnosticData | undefined;
        if (diag.source !== DIAGNOSTIC_SOURCE || !data || data.version !== doc.version) continue;
        const finding = result.findings.find((f) => f.ruleId === diag.code && f.offset === data.offset && f.length === data.length);
        if (!finding) continue;
        for (const fix of finding.fixes) {
          const action: CodeAction = { title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diag], edit: toWorkspaceEdit(doc, fix.edits()) };
          if (fix.preferred) action.isPreferred = true;
          actions.push(action);
        }
        if (finding.data?.statementOffset !== undefined && clientCommands.includes(PICK_SERVICE_COMMAND)) {
          actions.push({
            title: t.fixPickService,
            kind: CodeActionKind.QuickFix,
            diagnostics: [diag],
            command: { title: t.fixPickService, command: PICK_SERVICE_COMMAND, arguments: [{ uri: doc.uri, version: doc.version, statementOffset: finding.data.statementOffset }] },
          });
        }
      }
    }
    if (params.context.only && kindRequested(params.context.only, FIX_ALL_KIND)) {
      const fixed = fixAll(doc.getText(), entry.options);
      const edit = minimalEdit(doc.getText(), fixed.text);
      if (edit) actions.push({ title: t.fixAllTitle, kind: FIX_ALL_KIND, edit: toWorkspaceEdit(doc, [edit]) });
    }
    return actions;
  }

  async function onHover(params: HoverParams): Promise<Hover | null> {
    const state = await current(params.textDocument.uri);
    if (!state) return null;
    const { doc, entry } = state;
    const h = hover(doc.getText(), doc.offsetAt(params.position), entry.options, analysisOf(doc, entry));
    if (!h) return null;
    return { contents: { kind: 'markdown', value: h.markdown }, range: { start: doc.positionAt(h.offset), end: doc.positionAt(h.offset + h.length) } };
  }

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    clientLocale = toLocale(params.locale);
    hasConfiguration = params.capabilities.workspace?.configuration === true;
    snippetEdits = params.capabilities.workspace?.workspaceEdit?.snippetEditSupport === true;
    workspaceFolders = (params.workspaceFolders ?? []).flatMap((f) => {
      try {
        return [fileURLToPath(f.uri)];
      } catch {
        return [];
      }
    });
    clientCommands = (params.initializationOptions as InitializationOptions | undefined)?.clientCommands ?? [];
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
  });

  connection.onDidChangeConfiguration((change) => {
    settingsCache.clear();
    if (!hasConfiguration) globalSettings = normalizeSettings((change.settings as { iamRoleLens?: unknown } | undefined)?.iamRoleLens, warnSettings);
    for (const doc of documents.all()) schedule(doc.uri, 0);
  });

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
    clearTimeout(timers.get(uri));
    timers.delete(uri);
    analysed.delete(uri);
    queued.delete(uri);
    settingsCache.delete(uri);
    // Clear squiggles of documents that are not on disk (untitled); files keep nothing stale either.
    void connection.sendDiagnostics({ uri, diagnostics: [] });
  });

  connection.onHover((params, token) => runSafeAsync('hover', null, () => (token.isCancellationRequested ? Promise.resolve(null) : onHover(params))));
  connection.onCodeAction((params, token) => runSafeAsync('codeAction', [], () => (token.isCancellationRequested ? Promise.resolve([]) : codeActions(params))));

  connection.onRequest(DocumentInfoRequest, (params: DocumentInfoParams) =>
    runSafeAsync('documentInfo', null, async () => {
      const state = await current(params.uri);
      if (!state) return null;
      return documentInfo(state.doc, state.entry, await getSettings(params.uri));
    }),
  );

  connection.onRequest(ExplainRequest, (params: ExplainParams) =>
    runSafeAsync<Explanation | null>('explain', null, async () => {
      const state = await current(params.uri);
      if (!state) return null;
      return explain(state.doc.getText(), state.entry.options, analysisOf(state.doc, state.entry));
    }),
  );

  connection.onRequest(ServicePrincipalsRequest, (params: ServicePrincipalsParams) =>
    runSafeAsync<ServicePrincipalItem[]>('servicePrincipals', [], async () => {
      const state = await current(params.uri);
      return servicePrincipalChoices(state ? analysisOf(state.doc, state.entry) : undefined, params.statementOffset);
    }),
  );

  connection.onRequest(PassedToServiceEditRequest, (params: PassedToServiceEditParams) =>
    runSafeAsync<WorkspaceEdit | null>('passedToServiceEdit', null, async () => {
      const state = await current(params.uri);
      const analysis = state ? analysisOf(state.doc, state.entry) : undefined;
      if (!state || !analysis || state.doc.version !== params.version) return null;
      const edits = passedToServiceEditAt(analysis, params.statementOffset, params.principals);
      return edits ? toWorkspaceEdit(state.doc, edits) : null;
    }),
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

  connection.onCompletion((params, token) =>
    runSafeAsync<CompletionList | null>('completion', null, async () => {
      const doc = documents.get(params.textDocument.uri);
      if (!doc) return null;
      const settings = await getSettings(doc.uri);
      if (token.isCancellationRequested || !isIncluded(settings, fsPaths(doc.uri))) return null;
      const options = optionsFor(doc.uri, settings);
      // The analysis of this version, when it is already there (it usually is: completion follows an edit).
      const cached = analysed.get(doc.uri);
      const result = complete(doc.getText(), doc.offsetAt(params.position), options, undefined, cached?.version === doc.version ? analysisOf(doc, cached) : undefined);
      return { isIncomplete: result.isIncomplete, items: result.items.map((e) => toCompletionItem(doc, e, options.locale ?? 'en')) };
    }),
  );

  connection.onCompletionResolve((item) =>
    runSafeAsync<CompletionItem>('completionResolve', item, () => {
      const data = item.data as CompletionData | undefined;
      const markdown = data?.doc ? completionDocumentation(data.doc, data.locale) : undefined;
      if (markdown) item.documentation = { kind: 'markdown', value: markdown };
      return Promise.resolve(item);
    }),
  );
  // ---- end of completion ------------------------------------------------------------------------

  documents.listen(connection);
  connection.listen();
}

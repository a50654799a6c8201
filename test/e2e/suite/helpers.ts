// Helpers for the integration suite: open fixture files, wait for diagnostics on the
// onDidChangeDiagnostics event, query hovers and code actions through the built-in commands.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'iam-role-lens.iam-role-lens';
export const SOURCE = 'iam-role-lens';
const DEFAULT_TIMEOUT = 20_000;

/** What the extension's activate() returns (client/src/extension.ts, IamRoleLensApi). */
export interface IamRoleLensApi {
  documentInfo(uri: vscode.Uri): Promise<{ kind: string; label: string; detail: string; findings: { error: number; warning: number; info: number } } | null>;
  status(): { text: string; detail: string | undefined };
  explanation(): { title: string; kind: string; passRole: { lines: string[] }; assumeRole: { lines: string[] }; together: { lines: string[] } } | undefined;
  roleMap(): Promise<RoleMap | undefined>;
}

/** The role map the IAM Roles view shows (server/src/protocol.ts, RoleMap). */
export interface MapPlace {
  uri: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
}
export interface MapUse extends MapPlace {
  label: string;
  principals: string[];
  trusted: boolean;
}
export interface RoleMap {
  roles: (MapPlace & { name: string; id: string; source: string; trustPolicySeen: boolean; assumedBy: string[]; handedTo: MapUse[]; passedBy: MapUse[] })[];
  indexing: boolean;
  files: number;
}

export function extension(): vscode.Extension<IamRoleLensApi> {
  const ext = vscode.extensions.getExtension<IamRoleLensApi>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not installed in this extension host`);
  return ext;
}

/** The API, once the extension is active (activation is caused by opening a policy, never forced here). */
export async function api(): Promise<IamRoleLensApi> {
  const ext = extension();
  await waitUntil(() => ext.isActive, 'the extension to be active');
  assert.ok(ext.exports, 'the extension is active but exported no API: its activate() failed (see the extension host log)');
  return ext.exports;
}

export function fixture(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the suite needs the fixture workspace open (test/e2e/workspace)');
  return vscode.Uri.joinPath(folder.uri, name);
}

export async function open(name: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(fixture(name));
  return vscode.window.showTextDocument(doc, { preview: false });
}

/** Our diagnostics for a document (others, from JSON schema validation for example, are left out). */
export function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

export function ruleId(d: vscode.Diagnostic): string | undefined {
  const code = d.code;
  return typeof code === 'object' ? String(code.value) : code === undefined ? undefined : String(code);
}

/** Resolves with our diagnostics for `uri` as soon as `predicate` holds: checked now and on each change event. */
export function waitForDiagnostics(uri: vscode.Uri, predicate: (ds: vscode.Diagnostic[]) => boolean, what: string, timeoutMs = DEFAULT_TIMEOUT): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      const ds = ours(uri);
      if (!predicate(ds)) return false;
      finish();
      resolve(ds);
      return true;
    };
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) check();
    });
    const timer = setTimeout(() => {
      sub.dispose();
      const now = ours(uri).map((d) => `${ruleId(d)}@${d.range.start.line}:${d.range.start.character} ${d.message}`);
      const active = vscode.extensions.getExtension(EXTENSION_ID)?.isActive;
      reject(new Error(`timed out after ${timeoutMs} ms waiting for diagnostics on ${uri.path}: ${what}; current: ${JSON.stringify(now)}; extension active: ${active}`));
    }, timeoutMs);
    function finish(): void {
      clearTimeout(timer);
      sub.dispose();
    }
    check();
  });
}

export const hasRule = (id: string) => (ds: vscode.Diagnostic[]) => ds.some((d) => ruleId(d) === id);
export const lacksRule = (id: string) => (ds: vscode.Diagnostic[]) => !ds.some((d) => ruleId(d) === id);

/** For state with no change event (the language status item, activation): checked every 50 ms, bounded. */
export async function waitUntil<T>(fn: () => T | Promise<T>, what: string, timeoutMs = DEFAULT_TIMEOUT): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Position inside the first occurrence of `needle` (plus `delta` characters). */
export function positionOf(doc: vscode.TextDocument, needle: string, delta = 1): vscode.Position {
  const at = doc.getText().indexOf(needle);
  assert.ok(at >= 0, `"${needle}" not found in ${doc.uri.path}`);
  return doc.positionAt(at + delta);
}

function markdownOf(c: vscode.MarkdownString | vscode.MarkedString): string {
  if (typeof c === 'string') return c;
  return c.value;
}

/** All hover Markdown at a position, from every provider, joined. */
export async function hoverAt(uri: vscode.Uri, pos: vscode.Position): Promise<{ markdown: string; hovers: vscode.Hover[] }> {
  const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, pos)) ?? [];
  return { markdown: hovers.flatMap((h) => h.contents.map(markdownOf)).join('\n\n'), hovers };
}

export async function codeActionsAt(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
  const all = (await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', uri, range)) ?? [];
  return all.filter((a): a is vscode.CodeAction => 'title' in a && !('command' in a && typeof a.command === 'string'));
}

export function rangeJson(r: vscode.Range): [number, number, number, number] {
  return [r.start.line, r.start.character, r.end.line, r.end.character];
}

/** Sets an iamRoleLens setting in the workspace (the fixture copy's .vscode/settings.json). */
export async function setSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('iamRoleLens').update(key, value, vscode.ConfigurationTarget.Workspace);
}

/** Completion items at a position (all providers), ours first by their sort text. Plain words are left out. */
export async function completionsAt(uri: vscode.Uri, pos: vscode.Position): Promise<vscode.CompletionItem[]> {
  const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, pos);
  const label = (i: vscode.CompletionItem) => (typeof i.label === 'string' ? i.label : i.label.label);
  return (list?.items ?? [])
    .filter((i) => i.kind !== vscode.CompletionItemKind.Text)
    .map((i) => Object.assign(i, { label: label(i) }))
    .sort((a, b) => (a.sortText ?? label(a)).localeCompare(b.sortText ?? label(b)));
}

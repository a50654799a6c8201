// The side-by-side PassRole vs AssumeRole explainer: a webview beside the policy, refreshed as the policy
// changes. Content comes from the server (localised); this file only lays it out.
import * as vscode from 'vscode';
import type { Explanation, ExplainSection } from '../../server/src/protocol';

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** The small Markdown subset the server's lines use: `code` and **bold**. */
export function inlineMarkdown(s: string): string {
  return escapeHtml(s)
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>');
}

function section(s: ExplainSection, cls: string): string {
  return `<section class="${cls}"><h2>${inlineMarkdown(s.title)}</h2><ul>${s.lines.map((l) => `<li>${inlineMarkdown(l)}</li>`).join('')}</ul></section>`;
}

export function explanationHtml(e: Explanation, nonce: string): string {
  return `<!DOCTYPE html>
<html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-${nonce}';">
<style nonce="${nonce}">
body { font-family: var(--vscode-font-family); color: var(--vscode-foreground); padding: 0 1em; }
.columns { display: grid; grid-template-columns: 1fr 1fr; gap: 1.5em; }
section { border-top: 3px solid var(--vscode-textLink-foreground); padding-top: .25em; }
section.assume { border-top-color: var(--vscode-charts-purple, #a371f7); }
section.together { grid-column: 1 / span 2; border-top-color: var(--vscode-charts-green, #3fb950); }
section.role { grid-column: 1 / span 2; border-top-color: var(--vscode-charts-orange, #d18616); }
code { font-family: var(--vscode-editor-font-family); background: var(--vscode-textCodeBlock-background); padding: 0 .2em; }
li { margin: .35em 0; }
</style></head>
<body><h1>${inlineMarkdown(e.title)}</h1>
<div class="columns">${e.role ? section(e.role, 'role') : ''}${section(e.passRole, 'pass')}${section(e.assumeRole, 'assume')}${section(e.together, 'together')}</div>
</body></html>`;
}

export class ExplainerPanel {
  private panel: vscode.WebviewPanel | undefined;
  private uri: vscode.Uri | undefined;
  private timer: NodeJS.Timeout | undefined;
  current: Explanation | undefined;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly fetch: (uri: vscode.Uri, position: vscode.Position | undefined) => Promise<Explanation | null>,
  ) {}

  async show(uri: vscode.Uri): Promise<void> {
    this.uri = uri;
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel('iamRoleLens.explainer', vscode.l10n.t('PassRole and AssumeRole'), { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, { enableScripts: false });
      this.panel.onDidDispose(() => {
        this.panel = undefined;
        this.current = undefined;
      }, undefined, this.context.subscriptions);
    } else {
      this.panel.reveal(vscode.ViewColumn.Beside, true);
    }
    await this.render();
  }

  /** Re-renders shortly after the cursor moves in the explained document (the role under it may change). */
  selectionChanged(uri: vscode.Uri): void {
    this.documentChanged(uri);
  }

  /** Re-renders shortly after the explained document changes. */
  documentChanged(uri: vscode.Uri): void {
    if (!this.panel || uri.toString() !== this.uri?.toString()) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.render(), 300);
  }

  private async render(): Promise<void> {
    if (!this.panel || !this.uri) return;
    const editor = vscode.window.activeTextEditor;
    const position = editor && editor.document.uri.toString() === this.uri.toString() ? editor.selection.active : undefined;
    const e = await this.fetch(this.uri, position);
    if (!e || !this.panel) return;
    this.current = e;
    this.panel.title = e.title;
    const nonce = Array.from({ length: 16 }, () => Math.floor(Math.random() * 36).toString(36)).join('');
    this.panel.webview.html = explanationHtml(e, nonce);
  }
}

// The VS Code client, the same on the desktop and on the web: shows the document's policy kind in a
// language status item, and adds the interactive parts (the service quick pick, the explainer, the IAM Roles
// view, restart).
// How the server is started is the platform's: extension.ts (a Node process) or browser.ts (a web worker).
import * as vscode from 'vscode';
import type { BaseLanguageClient, LanguageClientOptions, WorkspaceEdit } from 'vscode-languageclient';
import {
  DocumentInfoNotification,
  DocumentInfoRequest,
  ExplainRequest,
  PassedToServiceEditRequest,
  PICK_SERVICE_COMMAND,
  RoleMapChangedNotification,
  RoleMapRequest,
  SERVER_NAME,
  ServicePrincipalsRequest,
  type DocumentInfo,
  type Explanation,
  type RoleMap,
  type PickServiceArgs,
  type ServicePrincipalItem,
} from '../../server/src/protocol';
import { ExplainerPanel } from './explainer';
import { RolesView } from './roles-view';

/**
 * The documents the server reads: on disk, unsaved, in a virtual workspace (vscode-vfs: a GitHub repository
 * opened in the browser), and on a remote machine as the web extension host sees it (vscode-remote).
 */
const SCHEMES = ['file', 'untitled', 'vscode-vfs', 'vscode-remote', 'vscode-test-web'];
/** JSON, YAML and Terraform (the language id of the HashiCorp extension, of this one, and OpenTofu's). */
const LANGUAGES = ['json', 'jsonc', 'yaml', 'terraform', 'opentofu'];
const SELECTOR: { language: string; scheme: string }[] = SCHEMES.flatMap((scheme) => LANGUAGES.map((language) => ({ language, scheme })));

/** What the extension exports, for integration tests and other extensions. */
export interface IamRoleLensApi {
  /** The server's view of a document (kind, counts, data version). */
  documentInfo(uri: vscode.Uri): Promise<DocumentInfo | null>;
  /** The language status item as shown. */
  status(): { text: string; detail: string | undefined };
  /** The explainer's current content, when it is open. */
  explanation(): Explanation | undefined;
  /** The role map the IAM Roles view shows (asked of the server again after it changed). */
  roleMap(): Promise<RoleMap | undefined>;
}

let client: BaseLanguageClient | undefined;

/** How a platform starts its client: the Node server in a process (desktop), or in a web worker (web). */
export type ClientFactory = (clientOptions: LanguageClientOptions) => BaseLanguageClient;

export async function activateWith(context: vscode.ExtensionContext, createClient: ClientFactory): Promise<IamRoleLensApi> {
  const clientOptions: LanguageClientOptions = {
    documentSelector: SELECTOR,
    synchronize: { configurationSection: 'iamRoleLens' },
    initializationOptions: { clientCommands: [PICK_SERVICE_COMMAND] },
    outputChannelName: SERVER_NAME,
  };
  client = createClient(clientOptions);

  const status = vscode.languages.createLanguageStatusItem('iamRoleLens.kind', SELECTOR);
  status.name = SERVER_NAME;
  status.text = '$(loading~spin) IAM Role Lens';
  status.command = { title: vscode.l10n.t('Explain PassRole and AssumeRole'), command: 'iamRoleLens.explain' };
  context.subscriptions.push(status);

  const explainer = new ExplainerPanel(context, async (uri, position) =>
    client ? client.sendRequest<Explanation | null>(ExplainRequest, { uri: uri.toString(), ...(position ? { position: { line: position.line, character: position.character } } : {}) }) : null,
  );

  const rolesView = new RolesView(async () => (client?.isRunning() ? client.sendRequest<RoleMap>(RoleMapRequest) : undefined));
  const rolesTree = vscode.window.createTreeView('iamRoleLens.roles', { treeDataProvider: rolesView, showCollapseAll: true });
  context.subscriptions.push(rolesTree);

  function showInfo(info: DocumentInfo | null): void {
    if (!info) return;
    const total = info.findings.error + info.findings.warning + info.findings.info;
    status.text = `$(shield) ${info.label}`;
    status.detail = [info.skipped ?? info.detail, vscode.l10n.t('{0} findings', total), vscode.l10n.t('IAM data {0}', info.data.date)].join(' · ');
    status.severity = info.findings.error > 0 ? vscode.LanguageStatusSeverity.Error : info.findings.warning > 0 ? vscode.LanguageStatusSeverity.Warning : vscode.LanguageStatusSeverity.Information;
  }

  async function documentInfo(uri: vscode.Uri): Promise<DocumentInfo | null> {
    if (!client?.isRunning()) return null;
    return client.sendRequest<DocumentInfo | null>(DocumentInfoRequest, { uri: uri.toString() });
  }

  async function refreshActive(): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    if (editor && vscode.languages.match(SELECTOR, editor.document)) showInfo(await documentInfo(editor.document.uri));
  }

  async function pickPassedToService(args: PickServiceArgs): Promise<boolean> {
    if (!client) return false;
    let principals = args.principals;
    if (!principals) {
      const choices = await client.sendRequest<ServicePrincipalItem[]>(ServicePrincipalsRequest, { uri: args.uri, statementOffset: args.statementOffset });
      const suggested = choices.filter((c) => c.suggested);
      const items: (vscode.QuickPickItem & { principal?: string })[] = [];
      if (suggested.length) items.push({ label: vscode.l10n.t('Suggested by this policy'), kind: vscode.QuickPickItemKind.Separator });
      for (const c of suggested) items.push({ label: c.principal, description: c.detail, principal: c.principal, picked: false });
      items.push({ label: vscode.l10n.t('All service principals'), kind: vscode.QuickPickItemKind.Separator });
      for (const c of choices.filter((x) => !x.suggested)) items.push({ label: c.principal, description: c.detail, principal: c.principal });
      const picked = await vscode.window.showQuickPick(items, { canPickMany: true, placeHolder: vscode.l10n.t('Services this role may be passed to (iam:PassedToService)'), matchOnDescription: true });
      principals = (picked ?? []).flatMap((p) => (p.principal ? [p.principal] : []));
    }
    if (principals.length === 0) return false;
    const edit = await client.sendRequest<WorkspaceEdit | null>(PassedToServiceEditRequest, { uri: args.uri, version: args.version, statementOffset: args.statementOffset, principals });
    if (!edit) {
      void vscode.window.showWarningMessage(vscode.l10n.t('The document changed; run the quick fix again.'));
      return false;
    }
    return vscode.workspace.applyEdit(await client.protocol2CodeConverter.asWorkspaceEdit(edit));
  }

  const commands: Record<string, (...args: never[]) => unknown> = {
    'iamRoleLens.restartServer': async () => {
      await client?.stop();
      await client?.start();
      rolesView.refresh();
      await refreshActive();
    },
    'iamRoleLens.refreshRoles': () => rolesView.refresh(),
    'iamRoleLens.explain': async () => {
      const editor = vscode.window.activeTextEditor;
      if (!editor) {
        void vscode.window.showInformationMessage(vscode.l10n.t('Open an IAM policy to explain it.'));
        return;
      }
      await explainer.show(editor.document.uri);
    },
    [PICK_SERVICE_COMMAND]: (args: PickServiceArgs) => pickPassedToService(args),
  };
  for (const [id, handler] of Object.entries(commands)) context.subscriptions.push(vscode.commands.registerCommand(id, handler));

  context.subscriptions.push(
    vscode.window.onDidChangeActiveTextEditor(() => void refreshActive()),
    vscode.workspace.onDidChangeTextDocument((e) => explainer.documentChanged(e.document.uri)),
    vscode.window.onDidChangeTextEditorSelection((e) => explainer.selectionChanged(e.textEditor.document.uri)),
    { dispose: () => void client?.stop() },
  );

  try {
    await client.start();
  } catch (error) {
    // A broken install (the server bundle missing) or a server that cannot start: say so plainly.
    status.text = `$(error) ${SERVER_NAME}`;
    status.detail = vscode.l10n.t('The language server did not start: {0}', error instanceof Error ? error.message : String(error));
    status.severity = vscode.LanguageStatusSeverity.Error;
    void vscode.window.showErrorMessage(status.detail);
    throw error;
  }
  context.subscriptions.push(
    client.onNotification(DocumentInfoNotification, (info: DocumentInfo) => {
      if (vscode.window.activeTextEditor?.document.uri.toString() === info.uri) showInfo(info);
    }),
    client.onNotification(RoleMapChangedNotification, () => rolesView.refresh()),
  );
  rolesView.refresh();
  await refreshActive();

  return {
    documentInfo,
    status: () => ({ text: status.text, detail: status.detail }),
    explanation: () => explainer.current,
    roleMap: () => rolesView.current(),
  };
}

export async function deactivateClient(): Promise<void> {
  await client?.stop();
  client = undefined;
}

// The desktop extension: the language server runs in a Node process (dist/server.js) started by
// vscode-languageclient; everything else is activate.ts, shared with the web extension (browser.ts).
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type ServerOptions } from 'vscode-languageclient/node';
import { SERVER_NAME } from '../../server/src/protocol';
import { activateWith, deactivateClient, type IamRoleLensApi } from './activate';

export type { IamRoleLensApi } from './activate';

export async function activate(context: vscode.ExtensionContext): Promise<IamRoleLensApi> {
  const serverModule = context.asAbsolutePath('dist/server.js');
  if (!fs.existsSync(serverModule)) {
    const message = vscode.l10n.t('IAM Role Lens is installed without its language server ({0}): reinstall the extension or run `npm run build`.', serverModule);
    void vscode.window.showErrorMessage(message);
    throw new Error(message);
  }
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  return activateWith(context, (clientOptions) => new LanguageClient('iamRoleLens', SERVER_NAME, serverOptions, clientOptions));
}

export function deactivate(): Promise<void> {
  return deactivateClient();
}

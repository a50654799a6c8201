// Entry point of the standalone language server: `iam-role-lens-server --stdio` (or --node-ipc,
// --socket=PORT, as vscode-languageserver supports).
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { SERVER_VERSION } from '../version';
import { exposeGc, heapProfile, noPretenuring } from './gc';
import { startServer } from './server';
import { AnalysisWorker } from './worker-pool';
import { nodeFiles } from './workspace-files';
import { initHcl } from '../engine/formats/hcl';

const USAGE = `IAM Role Lens language server ${SERVER_VERSION}

Usage: iam-role-lens-server --stdio | --node-ipc | --socket=PORT

Speaks the Language Server Protocol for IAM policies in JSON, CloudFormation and SAM templates (JSON and
YAML) and Terraform: diagnostics, hovers, completion and quick fixes, with roles followed across the files
of the workspace. See the README for editor setups (Neovim, Helix, Emacs, Sublime).
`;

const args = process.argv.slice(2);
if (args.includes('--version')) {
  process.stdout.write(`${SERVER_VERSION}\n`);
} else if (args.includes('--help') || !args.some((a) => a === '--stdio' || a === '--node-ipc' || a.startsWith('--socket=') || a.startsWith('--pipe=') || a.startsWith('--clientProcessId'))) {
  process.stdout.write(USAGE);
  process.exitCode = args.includes('--help') ? 0 : 2;
} else {
  noPretenuring();
  heapProfile('lean');
  const connection = createConnection(ProposedFeatures.all);
  const workerScript = AnalysisWorker.find(__dirname);
  startServer(connection, { collectGarbage: exposeGc(), files: nodeFiles, initHcl: () => initHcl(), ...(workerScript ? { workerScript } : {}) });
}

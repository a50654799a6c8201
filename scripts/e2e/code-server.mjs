// Start and stop code-server for the end-to-end tests. The server runs in its own session and process
// group (spawn's `detached` is setsid(2)), so stopping kills the group: the server, its extension hosts and
// the language servers they started. Its state (pid, port, folders) is written to a JSON file, so another
// process (.ci/run, the test runners) can use it and stop it.
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { CODE_SERVER, ROOT, VSIX } from './paths.mjs';
import { node24Env } from './tool-env.mjs';
import { waitFor } from './wait.mjs';

export const EXTENSION_ID = 'iam-role-lens.iam-role-lens';
/** Default place of everything a run writes (ignored by git). */
export const RESULTS = path.join(ROOT, 'test-results', 'e2e');
export const DEFAULT_STATE = path.join(RESULTS, 'code-server', 'server.json');

/** User settings for the workbench: no auto-save (a quick fix must not write files), no distractions. */
export const USER_SETTINGS = {
  'files.autoSave': 'off',
  'files.hotExit': 'off',
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
  'extensions.ignoreRecommendations': true,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': 'off',
  'update.mode': 'none',
  'telemetry.telemetryLevel': 'off',
  'security.workspace.trust.enabled': false,
  'editor.minimap.enabled': false,
  'editor.fontSize': 15,
  'editor.hover.delay': 300,
  'breadcrumbs.enabled': false,
  'git.enabled': false,
  // The workbench opens this file as a text model at every start; as JSON it would fire onLanguage:json
  // and activate JSON extensions (ours included) before any document is opened.
  'files.associations': { 'chatLanguageModels.json': 'plaintext' },
};

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function healthy(url) {
  try {
    const res = await fetch(new URL('/healthz', url), { signal: AbortSignal.timeout(2000) });
    return res.ok;
  } catch {
    return false;
  }
}

/**
 * Prepares fresh folders, installs the packaged VSIX into a fresh extensions folder (unless `vsix` is
 * null) and starts code-server with the smoke-test driver (needed to load the extension from source with
 * its tests). `settings` are added to the user settings. Resolves once /healthz answers.
 */
export async function startCodeServer({ dir = path.join(RESULTS, 'code-server'), vsix = VSIX, timeoutMs = 60_000, settings = {} } = {}) {
  if (!fs.existsSync(CODE_SERVER)) throw new Error(`code-server is not installed at ${CODE_SERVER}: run \`node scripts/e2e/install-code-server.mjs\``);
  // A server left running from an earlier start in this folder is stopped before its state is wiped.
  const previous = path.join(dir, 'server.json');
  if (fs.existsSync(previous)) stopCodeServer(readState(previous));
  fs.rmSync(dir, { recursive: true, force: true });
  const userDataDir = path.join(dir, 'user-data');
  const extensionsDir = path.join(dir, 'extensions');
  const config = path.join(dir, 'config.yaml');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify({ ...USER_SETTINGS, ...settings }, null, 2));
  const port = await freePort();
  fs.writeFileSync(config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const common = ['--config', config, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];

  if (vsix) {
    if (!fs.existsSync(vsix)) throw new Error(`${vsix} is missing: run \`npm run package\` first`);
    execFileSync(CODE_SERVER, [...common, '--install-extension', vsix], { env: node24Env(), stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
    const installed = fs.readdirSync(extensionsDir).filter((n) => n.startsWith(`${EXTENSION_ID}-`));
    if (installed.length !== 1) throw new Error(`installing ${path.basename(vsix)} did not add ${EXTENSION_ID} to ${extensionsDir}`);
  }

  const log = fs.openSync(path.join(dir, 'code-server.log'), 'w');
  const args = [
    ...common,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    '--vscode-option',
    'enable-smoke-test-driver',
  ];
  const child = spawn(CODE_SERVER, args, { detached: true, stdio: ['ignore', log, log], env: node24Env() });
  fs.closeSync(log);
  child.unref();
  let exited = null;
  child.once('exit', (code, signal) => (exited = `exited (${signal ?? code})`));
  const state = { pid: child.pid, port, url: `http://127.0.0.1:${port}/`, dir, userDataDir, extensionsDir, log: path.join(dir, 'code-server.log'), vsix: vsix ?? null };
  fs.writeFileSync(path.join(dir, 'server.json'), JSON.stringify(state, null, 2));
  try {
    await waitFor(async () => {
      if (exited) throw new Error(`code-server ${exited}; see ${state.log}`);
      return healthy(state.url);
    }, { timeoutMs, what: `code-server /healthz on port ${port}` });
  } catch (e) {
    stopCodeServer(state);
    throw e;
  }
  return state;
}

export function readState(file = DEFAULT_STATE) {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

function groupAlive(pgid) {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Kills the server's process group: TERM, then KILL if it is still there after 5 s. Synchronous. */
export function stopCodeServer(state) {
  if (!state?.pid || !groupAlive(state.pid)) return false;
  process.kill(-state.pid, 'SIGTERM');
  const deadline = Date.now() + 5000;
  const nap = new Int32Array(new SharedArrayBuffer(4));
  while (groupAlive(state.pid) && Date.now() < deadline) Atomics.wait(nap, 0, 0, 50);
  if (groupAlive(state.pid)) process.kill(-state.pid, 'SIGKILL');
  return true;
}

/** Workbench URL for a folder, with optional payload entries (for example extensionDevelopmentPath). */
export function workbenchUrl(state, folder, payload = []) {
  let url = `${state.url}?folder=${encodeURIComponent(folder)}`;
  if (payload.length) url += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  return url;
}

/** A vscode-remote URI for a path on this machine, as the workbench expects in the payload. */
export function remoteUri(state, absPath) {
  return `vscode-remote://127.0.0.1:${state.port}${absPath}`;
}

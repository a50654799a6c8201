#!/usr/bin/env node
// Runs the integration suite (out/test/e2e/suite) in code-server's extension host, with the extension
// loaded FROM SOURCE (payload extensionDevelopmentPath + extensionTestsPath; code-server must run with
// --vscode-option enable-smoke-test-driver). A headless browser opens the workbench, which starts the
// extension host; the suite writes RUN/results.json, which this runner reads. Exits non-zero on any
// failure, on zero tests, or when no result arrives in time.
// Usage: node test/e2e/run-suite.mjs   (uses $IAM_E2E_SERVER's code-server, or starts one without the VSIX)
// IAM_E2E_GREP=pattern runs only the matching tests.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { readState, remoteUri, RESULTS, startCodeServer, stopCodeServer, workbenchUrl } from '../../scripts/e2e/code-server.mjs';
import { ROOT } from '../../scripts/e2e/paths.mjs';
import { waitFor } from '../../scripts/e2e/wait.mjs';
import { launchBrowser } from './browser.mjs';

const SUITE = path.join(ROOT, 'out', 'test', 'e2e', 'suite', 'index.js');
const TIMEOUT_MS = Number(process.env.IAM_E2E_SUITE_TIMEOUT_MS ?? 240_000);

/** A fresh copy of the fixture workspace in `dir`/workspace (settings tests write .vscode/settings.json). */
export function freshWorkspace(dir, extra = {}) {
  fs.rmSync(dir, { recursive: true, force: true });
  const ws = path.join(dir, 'workspace');
  fs.cpSync(path.join(ROOT, 'test', 'e2e', 'workspace'), ws, { recursive: true });
  for (const [name, text] of Object.entries(extra)) {
    fs.mkdirSync(path.dirname(path.join(ws, name)), { recursive: true });
    fs.writeFileSync(path.join(ws, name), text);
  }
  return ws;
}

/** Prints what the suite reports and returns { passed, failed }. Throws on zero tests. */
export function report(results, label) {
  for (const t of results.tests) console.log(`  ${t.state === 'passed' ? '✓' : '✗'} ${t.title} (${t.durationMs} ms)${t.error ? `\n      ${t.error.replace(/\n/g, '\n      ')}` : ''}`);
  if (results.failure) console.log(`  ✗ the suite could not run: ${results.failure}`);
  console.log(`${label}: ${results.passed} passed, ${results.failed} failed (VS Code ${results.vscodeVersion})`);
  if (results.total === 0) throw new Error(`${label}: no tests ran`);
  return { passed: results.passed, failed: results.failed + (results.failure ? 1 : 0) };
}

/** `root`: the extension folder to load from source (default: this checkout); `grep`: run only matching tests. */
export async function runSuite(state, { root = ROOT, name = 'suite', grep = process.env.IAM_E2E_GREP ?? null } = {}) {
  const suite = path.join(root, path.relative(ROOT, SUITE));
  if (!fs.existsSync(suite)) throw new Error(`${suite} is missing: run \`npx tsc -p test/e2e\` first`);
  // A new folder each run: the workbench restores editors per folder path, which would open (and so
  // activate the extension) before the suite starts.
  fs.rmSync(path.join(RESULTS, name), { recursive: true, force: true });
  const runDir = path.join(RESULTS, name, `run-${Date.now()}`);
  const ws = freshWorkspace(runDir);
  // Options for the suite in the extension host (the server's environment is fixed at its start).
  fs.writeFileSync(path.join(runDir, 'options.json'), JSON.stringify({ grep }));
  const results = path.join(runDir, 'results.json');
  const progress = path.join(runDir, 'progress.log');
  const url = workbenchUrl(state, ws, [
    ['extensionDevelopmentPath', remoteUri(state, root)],
    ['extensionTestsPath', remoteUri(state, suite)],
  ]);
  const { context, close } = await launchBrowser();
  let shown = 0;
  const showProgress = () => {
    if (!fs.existsSync(progress)) return;
    const lines = fs.readFileSync(progress, 'utf8').split('\n').slice(0, -1);
    for (const l of lines.slice(shown)) console.log(`  [suite] ${l}`);
    shown = lines.length;
  };
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (e) => console.log(`  [page error] ${e.message}`));
    await page.goto(url);
    await waitFor(() => (showProgress(), fs.existsSync(results)), { timeoutMs: TIMEOUT_MS, intervalMs: 250, what: `the suite's results (${results}); see ${state.log}` });
    showProgress();
  } finally {
    await close();
  }
  return report(JSON.parse(fs.readFileSync(results, 'utf8')), 'vscode suite (code-server)');
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const own = !process.env.IAM_E2E_SERVER;
  const state = own ? await startCodeServer({ dir: path.join(RESULTS, 'code-server-suite'), vsix: null }) : readState(process.env.IAM_E2E_SERVER);
  let code = 1;
  try {
    const { failed } = await runSuite(state);
    code = failed === 0 ? 0 : 1;
  } catch (e) {
    console.error(`vscode suite (code-server): ${e.message}`);
  } finally {
    if (own) stopCodeServer(state);
  }
  process.exit(code);
}

#!/usr/bin/env node
// Runs the same integration suite (out/test/e2e/suite) in desktop VS Code through @vscode/test-electron,
// for contributors and CI hosts that can download VS Code (on Linux, run it under xvfb-run). Without
// network access the download fails at once and this runner says so and exits 1 (it never hangs: the
// whole run is bounded by IAM_E2E_VSCODE_TIMEOUT_MS, default 15 minutes).
// Usage: npm run test:vscode   (VSCODE_VERSION=stable|insiders|1.91.0 picks the VS Code build)
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { RESULTS, USER_SETTINGS } from '../../scripts/e2e/code-server.mjs';
import { ROOT } from '../../scripts/e2e/paths.mjs';
import { freshWorkspace, report } from './run-suite.mjs';

const SUITE = path.join(ROOT, 'out', 'test', 'e2e', 'suite', 'index.js');
const TIMEOUT_MS = Number(process.env.IAM_E2E_VSCODE_TIMEOUT_MS ?? 15 * 60_000);

function fail(message) {
  console.error(`vscode suite (@vscode/test-electron): ${message}`);
  process.exit(1);
}

if (!fs.existsSync(SUITE)) fail(`${path.relative(ROOT, SUITE)} is missing: run \`npx tsc -p test/e2e\` first`);
const runDir = path.join(RESULTS, 'vscode');
const ws = freshWorkspace(runDir);
const results = path.join(runDir, 'results.json');
const userDataDir = path.join(runDir, 'user-data');
fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify(USER_SETTINGS, null, 2));
fs.writeFileSync(path.join(runDir, 'options.json'), JSON.stringify({ grep: process.env.IAM_E2E_GREP ?? null }));

const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error(`no result after ${TIMEOUT_MS / 1000} s`)), TIMEOUT_MS).unref());
try {
  await Promise.race([
    runTests({
      version: process.env.VSCODE_VERSION ?? 'stable',
      cachePath: path.join(ROOT, '.cache', 'vscode-test'),
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: SUITE,
      launchArgs: [ws, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes', `--user-data-dir=${userDataDir}`],
    }),
    timeout,
  ]);
} catch (e) {
  const msg = e instanceof Error ? e.message : String(e);
  if (!fs.existsSync(results)) {
    const offline = /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|getaddrinfo|download/i.test(msg);
    fail(
      offline
        ? `could not download VS Code (${msg}). This runner needs access to the VS Code update server; offline, run the same suite in code-server with \`npm run test:e2e\`.`
        : `VS Code did not report results: ${msg}`,
    );
  }
}
if (!fs.existsSync(results)) fail(`VS Code exited without writing ${results}`);
try {
  const { failed } = report(JSON.parse(fs.readFileSync(results, 'utf8')), 'vscode suite (@vscode/test-electron)');
  process.exit(failed === 0 ? 0 : 1);
} catch (e) {
  fail(e.message);
}

#!/usr/bin/env node
// npm run test:e2e: builds (bundles, the e2e suite, the VSIX), then runs
//   1+2. the vscode integration suite in code-server, extension loaded from source;
//   3.   the UI journeys in headless Chromium, against the packaged VSIX installed in code-server;
//   4.   Neovim as a second LSP client;
//   5.   the UI journeys again with the extension in the browser's web worker extension host, in a
//        code-server of its own (test/e2e/web-extension.mjs);
//   6.   the web extension's server bundle in a web worker of a page of its own (test/e2e/web-worker.mjs).
// Uses the code-server given by IAM_E2E_SERVER (a state file from scripts/e2e/start-code-server.mjs, as
// .ci/run does) or starts and always stops its own. IAM_E2E_SKIP_BUILD=1 skips the build (.ci/run has
// built already). Prints each phase's time and ends with "e2e: N passed, N failed".
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readState, RESULTS, startCodeServer, stopCodeServer } from '../../scripts/e2e/code-server.mjs';
import { CODE_SERVER_DONE, ROOT } from '../../scripts/e2e/paths.mjs';
import { runJourneys } from './journeys.mjs';
import { runNeovim } from './neovim/run.mjs';
import { runSuite } from './run-suite.mjs';
import { runWebExtension } from './web-extension.mjs';
import { runWebWorker } from './web-worker.mjs';

const timings = [];
let passed = 0;
let failed = 0;

async function phase(name, fn, { counts = true } = {}) {
  console.log(`\n# ${name}`);
  const t0 = Date.now();
  try {
    const r = await fn();
    if (counts) {
      passed += r.passed;
      failed += r.failed;
    }
  } catch (e) {
    console.log(`  ✗ ${name}: ${e.message}`);
    failed++;
    if (!counts) throw e;
  } finally {
    timings.push([name, Date.now() - t0]);
  }
}

const run = (cmd, args) => execFileSync(cmd, args, { cwd: ROOT, stdio: 'inherit' });

let state;
let own = false;
const stop = () => {
  if (own && state) stopCodeServer(state);
  own = false;
};
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    stop();
    process.exit(130);
  });
}

try {
  if (!process.env.IAM_E2E_SKIP_BUILD) {
    await phase('build: bundles, e2e suite, VSIX (npm run test:e2e:build)', () => run('npm', ['run', 'test:e2e:build']), { counts: false });
  }
  if (process.env.IAM_E2E_SERVER) {
    state = readState(process.env.IAM_E2E_SERVER);
  } else {
    await phase('start code-server (packaged VSIX installed)', async () => {
      if (!fs.existsSync(CODE_SERVER_DONE)) run(process.execPath, ['scripts/e2e/install-code-server.mjs']);
      state = await startCodeServer();
      own = true;
      console.log(`  code-server ${state.url} (process group ${state.pid})`);
    }, { counts: false });
  }
  await phase('vscode integration suite in code-server (extension from source)', () => runSuite(state));
  await phase('UI journeys in Chromium (packaged VSIX)', () => runJourneys(state));
  await phase('Neovim LSP client', () => runNeovim());
  await phase('web extension in code-server\'s web worker extension host (packaged VSIX)', () => runWebExtension());
  await phase('web extension server in a Chromium web worker', () => runWebWorker());
} catch (e) {
  console.log(`e2e stopped: ${e.message}`);
  failed++;
} finally {
  stop();
}

console.log('\n# timings');
for (const [name, ms] of timings) console.log(`  ${(ms / 1000).toFixed(1).padStart(6)} s  ${name}`);
const summary = `e2e: ${passed} passed, ${failed} failed`;
fs.mkdirSync(RESULTS, { recursive: true });
fs.writeFileSync(path.join(RESULTS, 'summary.txt'), summary + '\n');
console.log(summary);
process.exit(failed === 0 && passed > 0 ? 0 : 1);

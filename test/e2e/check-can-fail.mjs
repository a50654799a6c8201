#!/usr/bin/env node
// Proves that the end-to-end tests can fail: each case breaks something on purpose, in a temporary
// copy, and expects the runner to report failure with a message that says what went wrong.
//   1. a VSIX packaged without dist/server.js (the .vscodeignore allowlist line removed): the UI journeys fail;
//   2. the suite loaded from a source copy without dist/server.js: the suite fails;
//   3. a filter that matches no test: the suite runner fails ("no tests ran");
//   4. a suite timeout shorter than the suite: the runner fails ("timed out").
// Needs `npm run test:e2e:build` first. Usage: npm run test:e2e:can-fail
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RESULTS, startCodeServer, stopCodeServer } from '../../scripts/e2e/code-server.mjs';
import { ROOT } from '../../scripts/e2e/paths.mjs';
import { runJourneys } from './journeys.mjs';
import { runSuite } from './run-suite.mjs';

const work = path.join(RESULTS, 'can-fail');
fs.rmSync(work, { recursive: true, force: true });
fs.mkdirSync(work, { recursive: true });
let passed = 0;
let failed = 0;
function expect(name, ok, detail) {
  console.log(`  ${ok ? '✓' : '✗'} ${name}${detail ? ` — ${detail}` : ''}`);
  if (ok) passed++;
  else failed++;
}

/** A copy of what the VSIX and the suite need, without dist/server.js. */
function brokenCopy() {
  const copy = path.join(work, 'extension');
  for (const f of ['package.json', 'package.nls.json', 'package.nls.ja.json', 'README.md', 'CHANGELOG.md', 'LICENSE', '.vscodeignore', 'l10n', 'syntaxes', 'dist', 'out/test/e2e', 'test/e2e/workspace']) {
    if (fs.existsSync(path.join(ROOT, f))) fs.cpSync(path.join(ROOT, f), path.join(copy, f), { recursive: true });
  }
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(copy, 'node_modules'));
  fs.rmSync(path.join(copy, 'dist', 'server.js'));
  const ignore = path.join(copy, '.vscodeignore');
  fs.writeFileSync(ignore, fs.readFileSync(ignore, 'utf8').replace(/^!dist\/server\.js\n/m, ''));
  return copy;
}

const copy = brokenCopy();
const vsix = path.join(work, 'broken.vsix');
execFileSync(process.execPath, [path.join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies', '--out', vsix], { cwd: copy, stdio: 'ignore' });
const listing = execFileSync(process.execPath, [path.join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce'), 'ls', '--no-dependencies'], { cwd: copy, encoding: 'utf8' });
expect('the broken VSIX really lacks dist/server.js', !/dist\/server\.js$/m.test(listing) && /dist\/client\.js$/m.test(listing));

const state = await startCodeServer({ dir: path.join(work, 'code-server'), vsix });
try {
  console.log('\n# 1. UI journeys against a VSIX without dist/server.js');
  const j = await runJourneys(state);
  expect('the journeys fail', j.failed > 0 && j.passed === 0, `${j.passed} passed, ${j.failed} failed`);

  console.log('\n# 2. the suite, extension loaded from a source copy without dist/server.js');
  const s = await runSuite(state, { root: copy, name: 'can-fail-suite' });
  expect('the suite fails', s.failed > 0, `${s.passed} passed, ${s.failed} failed`);
} finally {
  stopCodeServer(state);
}

console.log('\n# 3. and 4. the suite runner on no tests, and on a timeout');
const env = (extra) => ({ ...process.env, IAM_E2E_SERVER: '', ...extra });
const none = spawnSync(process.execPath, ['test/e2e/run-suite.mjs'], { cwd: ROOT, env: env({ IAM_E2E_GREP: 'matches no test at all' }), encoding: 'utf8' });
expect('zero tests: exit code 1 and "no tests ran"', none.status === 1 && /no tests ran/.test(none.stdout + none.stderr), `exit ${none.status}: ${(none.stdout + none.stderr).trim().split('\n').pop()}`);
const slow = spawnSync(process.execPath, ['test/e2e/run-suite.mjs'], { cwd: ROOT, env: env({ IAM_E2E_SUITE_TIMEOUT_MS: '3000' }), encoding: 'utf8' });
expect('timeout: exit code 1 and "timed out"', slow.status === 1 && /timed out/.test(slow.stdout + slow.stderr), `exit ${slow.status}: ${(slow.stdout + slow.stderr).trim().split('\n').pop()}`);

console.log(`can-fail: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);

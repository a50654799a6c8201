#!/usr/bin/env node
// Proves that the end-to-end tests can fail: each case breaks something on purpose, in a temporary
// copy, and expects the runner to report failure with a message that says what went wrong.
//   1. a VSIX packaged without dist/server.js (the .vscodeignore allowlist line removed): the UI journeys fail;
//   2. the suite loaded from a source copy without dist/server.js: the suite fails;
//   3. the YAML tests of the suite loaded from a source copy whose client does not select YAML documents:
//      every one of them fails (the YAML tests really go through the client's YAML wiring);
//   4. Neovim with a language server that does not start: its checks fail;
//   5. a filter that matches no test: the suite runner fails ("no tests ran");
//   6. a suite timeout shorter than the suite: the runner fails ("timed out");
//   7. `npm run screenshots` after journeys that failed: it refuses and docs/images/ is left as it was.
// Needs `npm run test:e2e:build` first. Usage: npm run test:e2e:can-fail
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RESULTS, startCodeServer, stopCodeServer } from '../../scripts/e2e/code-server.mjs';
import { ROOT } from '../../scripts/e2e/paths.mjs';
import { runJourneys } from './journeys.mjs';
import { runNeovim } from './neovim/run.mjs';
import { runSuite } from './run-suite.mjs';

const work = path.join(RESULTS, 'can-fail');
fs.rmSync(work, { recursive: true, force: true });
fs.mkdirSync(work, { recursive: true });
const brokenShots = path.join(work, 'screenshots');
let passed = 0;
let failed = 0;
/** File names and sizes in a folder, to see that nothing was written. */
const snapshot = (dir) => (fs.existsSync(dir) ? fs.readdirSync(dir).sort().map((f) => [f, fs.statSync(path.join(dir, f)).size, fs.statSync(path.join(dir, f)).mtimeMs]) : []);
function expect(name, ok, detail) {
  console.log(`  ${ok ? '✓' : '✗'} ${name}${detail ? ` — ${detail}` : ''}`);
  if (ok) passed++;
  else failed++;
}

/** A copy of what the VSIX and the suite need, in `work/name`, then broken by `spoil(copy)`. */
function brokenCopy(name, spoil) {
  const copy = path.join(work, name);
  for (const f of ['package.json', 'package.nls.json', 'package.nls.ja.json', 'README.md', 'CHANGELOG.md', 'LICENSE', '.vscodeignore', 'l10n', 'syntaxes', 'dist', 'out/test/e2e', 'test/e2e/workspace']) {
    if (fs.existsSync(path.join(ROOT, f))) fs.cpSync(path.join(ROOT, f), path.join(copy, f), { recursive: true });
  }
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(copy, 'node_modules'));
  spoil(copy);
  return copy;
}

/** Without dist/server.js, in the folder and in the VSIX made from it. */
function withoutServer(copy) {
  fs.rmSync(path.join(copy, 'dist', 'server.js'));
  const ignore = path.join(copy, '.vscodeignore');
  fs.writeFileSync(ignore, fs.readFileSync(ignore, 'utf8').replace(/^!dist\/server\.js\n/m, ''));
}

/** The client's document selector without YAML (the bundle's selector entries for yaml removed). */
function withoutYamlSelector(copy) {
  const client = path.join(copy, 'dist', 'client.js');
  const text = fs.readFileSync(client, 'utf8');
  const entry = /\{\s*language:\s*"yaml",\s*scheme:\s*"(file|untitled)"\s*\},?/g;
  const spoiled = text.replace(entry, '');
  if ((text.match(entry) ?? []).length !== 2) throw new Error('dist/client.js: expected two yaml entries in the document selector');
  fs.writeFileSync(client, spoiled);
}

const copy = brokenCopy('extension', withoutServer);
const noYaml = brokenCopy('extension-no-yaml', withoutYamlSelector);
const vsix = path.join(work, 'broken.vsix');
execFileSync(process.execPath, [path.join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies', '--out', vsix], { cwd: copy, stdio: 'ignore' });
const listing = execFileSync(process.execPath, [path.join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce'), 'ls', '--no-dependencies'], { cwd: copy, encoding: 'utf8' });
expect('the broken VSIX really lacks dist/server.js', !/dist\/server\.js$/m.test(listing) && /dist\/client\.js$/m.test(listing));

const state = await startCodeServer({ dir: path.join(work, 'code-server'), vsix });
try {
  console.log('\n# 1. UI journeys against a VSIX without dist/server.js');
  const j = await runJourneys(state, { screenshots: brokenShots });
  expect('the journeys fail', j.failed > 0 && j.passed === 0, `${j.passed} passed, ${j.failed} failed`);

  console.log('\n# 2. the suite, extension loaded from a source copy without dist/server.js');
  const s = await runSuite(state, { root: copy, name: 'can-fail-suite' });
  expect('the suite fails', s.failed > 0, `${s.passed} passed, ${s.failed} failed`);

  console.log('\n# 3. the YAML tests, extension loaded from a source copy whose client does not select YAML');
  const y = await runSuite(state, { root: noYaml, name: 'can-fail-yaml', grep: 'CloudFormation YAML' });
  expect('every YAML test fails', y.failed >= 4 && y.passed === 0, `${y.passed} passed, ${y.failed} failed`);
} finally {
  stopCodeServer(state);
}

console.log('\n# 4. Neovim with a language server that does not start');
const nv = await runNeovim({ server: path.join(work, 'no-such-server.js'), name: 'can-fail-neovim' });
expect('the Neovim checks fail', nv.failed > 0, `${nv.passed} passed, ${nv.failed} failed`);

console.log('\n# 5. and 6. the suite runner on no tests, and on a timeout');
const env = (extra) => ({ ...process.env, IAM_E2E_SERVER: '', ...extra });
const none = spawnSync(process.execPath, ['test/e2e/run-suite.mjs'], { cwd: ROOT, env: env({ IAM_E2E_GREP: 'matches no test at all' }), encoding: 'utf8' });
expect('zero tests: exit code 1 and "no tests ran"', none.status === 1 && /no tests ran/.test(none.stdout + none.stderr), `exit ${none.status}: ${(none.stdout + none.stderr).trim().split('\n').pop()}`);
const slow = spawnSync(process.execPath, ['test/e2e/run-suite.mjs'], { cwd: ROOT, env: env({ IAM_E2E_SUITE_TIMEOUT_MS: '3000' }), encoding: 'utf8' });
expect('timeout: exit code 1 and "timed out"', slow.status === 1 && /timed out/.test(slow.stdout + slow.stderr), `exit ${slow.status}: ${(slow.stdout + slow.stderr).trim().split('\n').pop()}`);

console.log('\n# 7. npm run screenshots after journeys that failed');
// Case 1 left its record (journeys failed) in its own folder; the script is pointed at it.
const images = path.join(ROOT, 'docs', 'images');
const before = snapshot(images);
const shots = spawnSync('npm', ['run', '--silent', 'screenshots'], { cwd: ROOT, env: { ...process.env, IAM_E2E_SCREENSHOTS: brokenShots }, encoding: 'utf8' });
const said = (shots.stdout + shots.stderr).trim().split('\n').pop();
expect('it refuses: exit code 1, "did not all pass"', shots.status === 1 && /did not all pass/.test(said), `exit ${shots.status}: ${said}`);
expect('docs/images/ is unchanged', JSON.stringify(snapshot(images)) === JSON.stringify(before));

console.log(`can-fail: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);

// The server's settings from an untrusted workspace: which ones VS Code keeps out in Restricted Mode, and that
// no glob pattern can make matching a path slow (they are matched in time linear in the path).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { minimatch } from 'minimatch';
import { ROOT } from '../support/paths';
import { compileGlob } from '../../server/src/lsp/glob';
import { forcedKind, isIncluded, MAX_GLOBS, normalizeSettings } from '../../server/src/lsp/settings';

const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

test('settings that cost CPU or memory are restricted in untrusted workspaces', () => {
  const trust = pkg.capabilities.untrustedWorkspaces;
  assert.equal(trust.supported, 'limited');
  assert.match(trust.description, /^%.+%$/);
  const restricted: string[] = trust.restrictedConfigurations;
  for (const name of ['include', 'exclude', 'kinds', 'maxFileSize', 'roles']) assert.ok(restricted.includes(`iamRoleLens.${name}`), `iamRoleLens.${name} is not restricted`);
  // Each restricted name is a declared setting, or one declared later (`roles`), restricted from the start.
  const declared = Object.keys(pkg.contributes.configuration.properties);
  for (const name of restricted) assert.ok(declared.includes(name) || name === 'iamRoleLens.roles', `${name} is no setting`);
});

/** Runs `isIncluded` and `forcedKind` with hostile patterns in a worker, so that a hang fails the test instead of blocking it. */
function matchInWorker(patterns: string[], paths: string[], deadlineMs: number): Promise<{ ms: number; results: boolean[] }> {
  const settingsModule = path.join(ROOT, 'out', 'server', 'src', 'lsp', 'settings.js');
  const code = `
    const { parentPort, workerData } = require('node:worker_threads');
    const { isIncluded, forcedKind, normalizeSettings } = require(workerData.settingsModule);
    const start = Date.now();
    const results = [];
    for (const p of workerData.patterns) {
      const s = normalizeSettings({ exclude: [p], kinds: { [p]: 'trust' } });
      results.push(isIncluded(s, workerData.paths), forcedKind(s, workerData.paths) === 'trust');
    }
    parentPort.postMessage({ ms: Date.now() - start, results });
  `;
  return new Promise((resolve, reject) => {
    const worker = new Worker(code, { eval: true, workerData: { settingsModule, patterns, paths } });
    const timer = setTimeout(() => {
      void worker.terminate();
      reject(new Error(`matching did not end within ${deadlineMs} ms`));
    }, deadlineMs);
    worker.once('message', (m: { ms: number; results: boolean[] }) => {
      clearTimeout(timer);
      void worker.terminate();
      resolve(m);
    });
    worker.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

test('hostile globs (nested alternations, extglobs, many stars) against long paths end at once', async () => {
  let nestedBraces = 'a';
  for (let i = 0; i < 200; i++) nestedBraces = `{a,${nestedBraces}}`;
  let nestedExtglob = 'a';
  for (let i = 0; i < 4; i++) nestedExtglob = `+(a|${nestedExtglob})`;
  const patterns = [
    `**/${nestedExtglob}*.js`,
    '**/+(a|a)*(a|a)*(a|a).js',
    `**/${nestedBraces}*${nestedBraces}.js`,
    '**/' + '{a,a}*'.repeat(60) + '.js',
    '**/' + '*a'.repeat(200) + '.js',
    '**/'.repeat(200) + 'b.js',
  ];
  const paths = ['/w/' + 'a'.repeat(60) + 'b.json', 'a/'.repeat(100) + 'b.json'];
  // Milliseconds when matching is linear; the deadline only turns a hang into a failure on a busy machine.
  const { results } = await matchInWorker(patterns, paths, 10_000);
  assert.equal(results.length, patterns.length * 2);
});

test('glob semantics: the same answers as minimatch for the syntax settings use', () => {
  const cases: [string, string][] = [
    ['**/*.json', '/w/a/b.json'],
    ['**/*.json', 'b.json'],
    ['**/*.json', '/w/a/b.jsonc'],
    ['**/node_modules/**', '/w/node_modules/x/y.json'],
    ['**/node_modules/**', '/w/node_modules2/y.json'],
    ['**/node_modules/**', 'node_modules/y.json'],
    ['**/package.json', '/w/package.json'],
    ['**/package.json', 'package.json'],
    ['**/package.json', '/w/sub/package.json.bak'],
    ['**/tsconfig*.json', '/w/tsconfig.base.json'],
    ['**/.vscode/**', '/w/.vscode/settings.json'],
    ['**/roles/*-trust.json', 'infra/roles/app-trust.json'],
    ['**/roles/*-trust.json', 'infra/roles/x/app-trust.json'],
    ['roles/**/*.json', 'roles/a/b/c.json'],
    ['roles/**/*.json', 'roles/c.json'],
    ['roles/**/*.json', 'other/roles/c.json'],
    ['a/**/b/**/c.json', 'a/x/b/y/z/c.json'],
    ['a/**/b/**/c.json', 'a/b/c.json'],
    ['*.json', '/w/a/b.json'],
    ['*-trust.json', '/w/a/app-trust.json'],
    ['policy.json', '/w/a/policy.json'],
    ['p?licy.json', '/w/policy.json'],
    ['p?licy.json', '/w/p/licy.json'],
    ['**/*.{json,jsonc}', '/w/a.jsonc'],
    ['**/*.{json,jsonc}', '/w/a.yaml'],
    ['**/{roles,policies/{iam,scp}}/*.json', 'x/policies/scp/a.json'],
    ['**/{roles,policies/{iam,scp}}/*.json', 'x/policies/kms/a.json'],
    ['{**/a.json,b/*.json}', '/w/x/a.json'],
    ['{**/a.json,b/*.json}', 'b/c.json'],
    ['**/[abc]*.json', '/w/b1.json'],
    ['**/[abc]*.json', '/w/d1.json'],
    ['**/[!abc]*.json', '/w/d1.json'],
    ['**/[a-c]x.json', '/w/bx.json'],
    ['**/[a-c]x.json', '/w/dx.json'],
    ['**/\\*.json', '/w/*.json'],
    ['**/\\*.json', '/w/a.json'],
    ['**/{a.json', '/w/{a.json'],
    ['**/[a.json', '/w/[a.json'],
    ['**/.hidden.json', '/w/.hidden.json'],
    ['**/*.json', '/w/.hidden.json'],
    ['**', '/w/a/b.json'],
  ];
  for (const [pattern, p] of cases) {
    const expected = minimatch(p, pattern, { dot: true, matchBase: !pattern.includes('/') });
    const settings = normalizeSettings({ include: [pattern], exclude: [] });
    assert.equal(isIncluded(settings, [p]), expected, `${pattern} on ${p}`);
  }
});

test('nocase (Windows) compares letters without case, in literals and sets', () => {
  assert.equal(compileGlob('**/Roles/*-TRUST.json', { nocase: true })('c:/w/roles/app-trust.JSON'), true);
  assert.equal(compileGlob('**/[a-c]x.json', { nocase: true })('c:/w/BX.json'), true);
  assert.equal(compileGlob('**/Roles/*.json')('/w/roles/a.json'), false);
});

test('extglobs and a leading ! are literal characters, not operators', () => {
  const s = (pattern: string) => normalizeSettings({ include: [pattern], exclude: [] });
  assert.equal(isIncluded(s('**/+(a|b).json'), ['/w/a.json']), false);
  assert.equal(isIncluded(s('**/+(a|b).json'), ['/w/+(a|b).json']), true);
  assert.equal(isIncluded(s('!**/a.json'), ['/w/b.json']), false);
});

test('overlong and too many patterns are left out, and the log says so', () => {
  const warnings: string[] = [];
  const long = '**/' + 'a'.repeat(2000) + '.json';
  const s = normalizeSettings({ exclude: [long, '**/x.json'], include: Array.from({ length: MAX_GLOBS + 10 }, (_, i) => `**/f${i}.json`), kinds: { [long]: 'trust' } }, (m) => warnings.push(m));
  assert.deepEqual(s.exclude, ['**/x.json']);
  assert.equal(s.include.length, MAX_GLOBS);
  assert.deepEqual(s.kinds, {});
  assert.equal(warnings.length, 3, warnings.join('\n'));
  assert.ok(warnings.some((w) => /iamRoleLens\.exclude: 1 pattern\(s\) longer than \d+ characters ignored/.test(w)), warnings.join('\n'));
  assert.ok(warnings.some((w) => new RegExp(`iamRoleLens\\.include: only the first ${MAX_GLOBS} of ${MAX_GLOBS + 10}`).test(w)), warnings.join('\n'));
  assert.equal(forcedKind(s, ['/w/' + 'a'.repeat(2000) + '.json']), 'auto');
});

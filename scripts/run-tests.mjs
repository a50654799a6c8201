// Runs the compiled tests under out/test with node:test. A run that finds no test files fails, so a
// broken build or a moved folder cannot pass silently. Usage: node scripts/run-tests.mjs [suite ...]
// where a suite is a folder under test/ (unit, lsp, cli, grammar, fuzz); default: all of them.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const suites = process.argv.slice(2).length ? process.argv.slice(2) : ['unit', 'lsp', 'cli', 'fuzz'];

function collect(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? collect(p) : e.name.endsWith('.test.js') ? [p] : [];
  });
}

let failed = false;
for (const suite of suites) {
  const files = collect(path.join(root, 'out', 'test', suite)).sort();
  if (files.length === 0) {
    console.error(`No test files found for suite "${suite}" under out/test/${suite}: did the build run?`);
    failed = true;
    continue;
  }
  console.log(`\n# ${suite}: ${files.length} test files`);
  const r = spawnSync(process.execPath, ['--test', '--test-reporter=spec', ...files], { stdio: 'inherit', cwd: root });
  if (r.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);

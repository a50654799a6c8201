// Builds the VSIX with @vscode/vsce from the bundles (no node_modules inside: everything is bundled)
// and prints its name and size. A vsce warning fails it; scripts/check-vsix.mjs then checks the result.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const out = path.join(root, `${pkg.name}-${pkg.version}.vsix`);
for (const f of ['dist/client.js', 'dist/server.js', 'dist/analysis-worker.js', 'dist/data.bundle.gz', 'dist/web/client.js', 'dist/web/server.js', 'dist/hcl/tree-sitter.wasm', 'dist/hcl/tree-sitter-terraform.wasm']) {
  if (!fs.existsSync(path.join(root, f))) {
    console.error(`${f} is missing: run \`npm run build\` first.`);
    process.exit(1);
  }
}
const vsce = path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
const run = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--out', out], { cwd: root, encoding: 'utf8' });
process.stdout.write(run.stdout);
process.stderr.write(run.stderr);
if (run.status !== 0) process.exit(run.status ?? 1);
// A warning of vsce (a missing field, a file that should not be there) is a failure here: the registries
// show the same to users, or refuse to publish.
if (/\bWARNING\b/i.test(run.stdout + run.stderr)) {
  console.error('vsce package printed a warning: fix it before publishing.');
  process.exit(1);
}
const size = fs.statSync(out).size;
console.log(`VSIX: ${path.relative(root, out)} (${(size / 1024 / 1024).toFixed(2)} MB)`);

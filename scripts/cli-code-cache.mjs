// Writes dist/cli.js.cache: the code V8 compiled for the CLI bundle while it checked the examples (policies,
// CloudFormation and SAM templates in JSON and YAML), which bin/iam-role-lens.js hands back to V8 so that a
// run does not compile the bundle and the functions of a check again. It holds compiled code for this Node
// version only (V8 rejects it under another, and the bundle is then compiled as usual), so it is made by
// each build and never committed or shipped in the npm package. The file is the bundle's length (4 bytes)
// and bytes, which the loader compares with dist/cli.js (V8 checks only the length), then V8's data. Called
// by scripts/build.mjs.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire, Module } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const cli = path.join(root, 'dist', 'cli.js');
const out = `${cli}.cache`;

/** Builds the cache in a child process (a clean V8: only what the check compiles), with no output. */
export function writeCliCodeCache() {
  fs.rmSync(out, { force: true });
  // Code run from a cache has no dynamic-import callback in Node 20: a bundle with `import()` gets no cache
  // (scripts/build.mjs builds the CLI with dynamic imports turned into `require`).
  if (/\bimport\(/.test(fs.readFileSync(cli, 'utf8'))) {
    console.warn('dist/cli.js calls import(): no code cache is written for it');
    return;
  }
  const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--run'], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  if (r.status !== 0 || !fs.existsSync(out)) throw new Error(`the CLI code cache could not be written: ${r.stderr || `exit ${r.status}`}`);
}

if (process.argv[2] === '--run') {
  // The flags bin/iam-role-lens.js runs the bundle with: V8 rejects a cache made under other flags.
  v8.setFlagsFromString('--no-allocation-site-pretenuring');
  const bundle = fs.readFileSync(cli);
  const source = bundle.toString('utf8');
  // The same wrapper and file name as bin/iam-role-lens.js, which reads the cache.
  const script = new vm.Script(Module.wrap(source), { filename: cli });
  const main = new Module(cli, undefined);
  main.filename = cli;
  process.argv = [process.argv[0], cli, 'check', path.join(root, 'examples'), '--format', 'json', '--fail-on', 'none'];
  process.on('exit', (code) => {
    if (code !== 0) return;
    const length = Buffer.alloc(4);
    length.writeUInt32BE(bundle.length);
    fs.writeFileSync(out, Buffer.concat([length, bundle, script.createCachedData()]));
  });
  script.runInThisContext().call(main.exports, main.exports, createRequire(cli), main, cli, path.dirname(cli));
}

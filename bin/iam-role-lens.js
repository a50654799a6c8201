#!/usr/bin/env node
// The `iam-role-lens` command: runs the bundled CLI (server/src/cli/main.ts → dist/cli.js).
'use strict';
const fs = require('node:fs');
const path = require('node:path');

// The language server's V8 setting for analysing (server/src/lsp/gc.ts, `noPretenuring`): the nodes of a
// policy's tree die young, and pretenured they are freed only by full collections. Set before the bundle is
// compiled: V8 checks the flags a code cache was made with (scripts/cli-code-cache.mjs sets the same).
require('node:v8').setFlagsFromString('--no-allocation-site-pretenuring');

const cli = path.join(__dirname, '..', 'dist', 'cli.js');
if (!fs.existsSync(cli)) {
  process.stderr.write(`iam-role-lens: ${cli} is missing: run npm run build first\n`);
  process.exit(2);
}

/**
 * Runs the bundle with the code V8 compiled for it when the build ran it (dist/cli.js.cache, written by
 * scripts/cli-code-cache.mjs): compiling the bundle and the functions a check calls is a good part of a short
 * run. The cache holds the bundle it was made from (its length, 4 bytes, then its bytes), then V8's data: V8
 * itself checks only the source's length, so the loader compares the bytes. Another bundle, a missing or
 * unreadable cache: false, and the bundle is required as usual. A cache V8 rejects (another Node version or
 * other V8 flags) costs nothing but its reading: V8 compiles the source.
 */
function runWithCodeCache() {
  let source;
  let cachedData;
  try {
    const cache = fs.readFileSync(`${cli}.cache`);
    const bundle = fs.readFileSync(cli);
    const length = cache.length > 4 ? cache.readUInt32BE(0) : -1;
    if (length !== bundle.length || cache.length <= 4 + length || !bundle.equals(cache.subarray(4, 4 + length))) return false;
    source = bundle.toString('utf8');
    cachedData = cache.subarray(4 + length);
  } catch {
    return false;
  }
  const Module = require('node:module');
  const vm = require('node:vm');
  // The same wrapper and file name as scripts/cli-code-cache.mjs, which made the cache. The bundle has no
  // `import()` (the build turns it into `require`): code from a cache would have no callback for it.
  const script = new vm.Script(Module.wrap(source), { filename: cli, cachedData });
  const main = new Module(cli, module);
  main.filename = cli;
  script.runInThisContext().call(main.exports, main.exports, Module.createRequire(cli), main, cli, path.dirname(cli));
  return true;
}

if (!runWithCodeCache()) require(cli);

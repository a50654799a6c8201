// The web extension's bundles (dist/web/client.js for the web extension host, dist/web/server.js for a web
// worker) import no Node module: what esbuild put in them (out/web/*.meta.json, written by the build) and
// what is left as a require() in their text. Also the browser stand-ins for node:path and node:url, against
// Node's own, and the bundles' sizes (printed).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { builtinModules } from 'node:module';
import * as nodePath from 'node:path';
import * as nodeUrl from 'node:url';
import * as zlib from 'node:zlib';
import * as shimPath from '../../server/src/lsp/browser-shims/node-path';
import * as shimUrl from '../../server/src/lsp/browser-shims/node-url';

const ROOT = nodePath.resolve(__dirname, '..', '..', '..');

interface Metafile {
  inputs: Record<string, { imports: { path: string; kind: string; external?: boolean }[] }>;
}

const BUNDLES = [
  { name: 'client', file: 'dist/web/client.js', external: ['vscode'] },
  { name: 'server', file: 'dist/web/server.js', external: [] as string[] },
];

const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

for (const b of BUNDLES) {
  test(`the web ${b.name} bundle imports no Node module`, () => {
    const meta = JSON.parse(fs.readFileSync(nodePath.join(ROOT, 'out', 'web', `${b.name}.meta.json`), 'utf8')) as Metafile;
    const external = new Set<string>();
    for (const [input, { imports }] of Object.entries(meta.inputs)) {
      for (const i of imports) {
        if (i.external && i.path !== '<runtime>') external.add(i.path);
        // web-tree-sitter's Node-only branches (never taken in a browser) are empty modules, nothing else is.
        if (i.path.startsWith('node-only:')) assert.match(input, /node_modules\/web-tree-sitter\//, `${input} imports ${i.path}`);
      }
      assert.ok(!builtins.has(input), `${input} is a Node module`);
    }
    assert.deepEqual([...external].sort(), b.external);
    const text = fs.readFileSync(nodePath.join(ROOT, b.file), 'utf8');
    const required = [...text.matchAll(/\brequire\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((m) => m[1]!);
    assert.deepEqual([...new Set(required)].sort(), b.external);
    assert.deepEqual(
      required.filter((r) => builtins.has(r)),
      [],
    );
    const size = fs.statSync(nodePath.join(ROOT, b.file)).size;
    const gzip = zlib.gzipSync(fs.readFileSync(nodePath.join(ROOT, b.file))).length;
    console.log(`${b.file}: ${(size / 1024).toFixed(0)} KiB (${(gzip / 1024).toFixed(0)} KiB gzip), ${Object.keys(meta.inputs).length} inputs`);
    assert.ok(size < 1.5 * 1024 * 1024, `${b.file} is ${size} bytes`);
  });
}

test('the data bundle holds every IAM data file and project data file the engine reads', () => {
  const file = nodePath.join(ROOT, 'dist', 'data.bundle.gz');
  const raw = zlib.gunzipSync(fs.readFileSync(file));
  const length = raw.readUInt32BE(0);
  const index = JSON.parse(raw.subarray(4, 4 + length).toString('utf8')) as Record<string, [number, number]>;
  for (const name of ['iam-data/services.json', 'iam-data/actions/iam.json', 'iam-data/conditionKeys/s3.json', 'iam-data/meta.json', 'data/handoffs.json', 'data/managed-policies.json']) {
    assert.ok(index[name], `${name} is not in the data bundle`);
  }
  const [offset, size] = index['iam-data/actions/iam.json']!;
  const iam = JSON.parse(raw.subarray(4 + length + offset, 4 + length + offset + size).toString('utf8')) as Record<string, { name: string }>;
  assert.equal(iam['passrole']?.name, 'PassRole');
  console.log(`dist/data.bundle.gz: ${(fs.statSync(file).size / 1024).toFixed(0)} KiB, ${Object.keys(index).length} files, ${(raw.length / 1024 / 1024).toFixed(1)} MiB unpacked`);
});

test('the browser node:url stands in for Node’s on POSIX paths and file: URLs', () => {
  for (const p of ['/w/a.json', '/w/with space/ü.json', '/w/100%/#x?.tf', '/w/a\\b']) {
    assert.equal(shimUrl.pathToFileURL(p).href, nodeUrl.pathToFileURL(p).href, p);
    assert.equal(shimUrl.fileURLToPath(nodeUrl.pathToFileURL(p).href), p, p);
  }
  assert.throws(() => shimUrl.fileURLToPath('vscode-vfs://github/o/r/a.json'), /not a file URL/);
});

test('the browser node:path stands in for Node’s POSIX path functions the server uses', () => {
  const cases: ['join' | 'dirname' | 'relative' | 'normalize' | 'isAbsolute', string[]][] = [
    ['join', ['/w', 'a', '../b', 'c.json']],
    ['join', ['a/', '/b']],
    ['dirname', ['/w/a/b.json']],
    ['dirname', ['/']],
    ['relative', ['/w/a', '/w/b/c.json']],
    ['relative', ['/w/a', '/w/a']],
    ['normalize', ['/w/./a//b/../c']],
    ['isAbsolute', ['w/a']],
    ['isAbsolute', ['/w/a']],
  ];
  for (const [fn, args] of cases) {
    const shim = shimPath[fn] as (...a: string[]) => unknown;
    assert.equal(shim(...args), (nodePath.posix[fn] as (...a: string[]) => unknown)(...args), `${fn}(${args.join(', ')})`);
  }
});

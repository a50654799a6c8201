// The CLI's code cache (dist/cli.js.cache, written by the build, read by bin/iam-role-lens.js): V8 accepts the
// cache the build made, and a cache that does not belong to the bundle or that V8 rejects changes nothing but
// the time: the bundle is compiled from its source and the output is the same.
import { after, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { Module } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { FIXTURES, ROOT } from '../support/paths';
import { NO_PRETENURING } from '../../server/src/lsp/gc';

const CLI = path.join(ROOT, 'dist', 'cli.js');
const made: string[] = [];
after(() => made.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

/** The program as installed (bin/ and dist/) in a folder of its own, with `cache` as its code cache, if any. */
function install(cache: Buffer | undefined): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iam-role-lens-cache-'));
  made.push(dir);
  fs.mkdirSync(path.join(dir, 'bin'));
  fs.mkdirSync(path.join(dir, 'dist'));
  fs.copyFileSync(path.join(ROOT, 'bin', 'iam-role-lens.js'), path.join(dir, 'bin', 'iam-role-lens.js'));
  fs.copyFileSync(CLI, path.join(dir, 'dist', 'cli.js'));
  for (const data of ['iam-data', 'data', 'hcl']) fs.symlinkSync(path.join(ROOT, 'dist', data), path.join(dir, 'dist', data));
  if (cache) fs.writeFileSync(path.join(dir, 'dist', 'cli.js.cache'), cache);
  return dir;
}

/** A JSON policy, a trust policy and Terraform (whose grammar is loaded with `import()`). */
function check(bin: string, terraform: string): { status: number | null; stdout: string; stderr: string } {
  const args = [bin, 'check', path.join(FIXTURES, 'cli', 'passrole.json'), path.join(FIXTURES, 'cli', 'trust.json'), terraform, '--format', 'json', '--fail-on', 'none'];
  return spawnSync(process.execPath, args, { encoding: 'utf8', env: { ...process.env, LANG: 'C', LC_ALL: '', LC_MESSAGES: '' } });
}

describe('the CLI code cache', () => {
  const cache = fs.readFileSync(`${CLI}.cache`);
  const bundle = fs.readFileSync(CLI);
  const v8Data = cache.subarray(4 + bundle.length);
  /** A cache file as the build writes it: the bundle's length and bytes, then V8's data. */
  const cacheFile = (source: Buffer, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(source.length);
    return Buffer.concat([length, source, data]);
  };

  test('the build writes it for the bundle it built, and V8 accepts it in the way bin/iam-role-lens.js hands it over', () => {
    assert.equal(cache.readUInt32BE(0), bundle.length);
    assert.ok(bundle.equals(cache.subarray(4, 4 + bundle.length)));
    assert.ok(v8Data.length > 0);
    // bin/iam-role-lens.js sets its V8 flag before it compiles: the cache must have been made under it.
    assert.ok(fs.readFileSync(path.join(ROOT, 'bin', 'iam-role-lens.js'), 'utf8').includes(`setFlagsFromString('${NO_PRETENURING}')`));
    v8.setFlagsFromString(NO_PRETENURING);
    const script = new vm.Script(Module.wrap(bundle.toString('utf8')), { filename: CLI, cachedData: v8Data });
    assert.equal(script.cachedDataRejected, false);
  });

  test('a cache V8 rejects, one made for another bundle of the same length, or none: the same output', () => {
    const expected = check(path.join(ROOT, 'bin', 'iam-role-lens.js'), path.join(FIXTURES, 'cli', 'terraform'));
    assert.equal(expected.status, 0, expected.stderr);
    assert.match(expected.stdout, /passrole-wildcard-resource/);
    assert.match(expected.stdout, /"kind": "terraform"/);
    const damaged = cacheFile(bundle, Buffer.alloc(v8Data.length, 0x5a));
    // V8 alone would take this one: it checks the length of the source, not its text.
    const other = Buffer.from(bundle);
    other[other.length - 2] = other[other.length - 2] === 0x20 ? 0x0a : 0x20;
    const otherBundle = cacheFile(other, v8Data);
    for (const [name, c] of [['rejected by V8', damaged], ['another bundle', otherBundle], ['none', undefined], ['empty', Buffer.alloc(0)], ['cut short', cache.subarray(0, 100)]] as const) {
      const r = check(path.join(install(c), 'bin', 'iam-role-lens.js'), path.join(FIXTURES, 'cli', 'terraform'));
      assert.equal(r.status, 0, `${name}: ${r.stderr}`);
      assert.equal(r.stderr, '', name);
      assert.equal(r.stdout, expected.stdout, name);
    }
  });
});

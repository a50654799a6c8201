// The CLI's code cache (dist/cli.js.cache, written by the build, read by bin/iam-role-lens.js): V8 accepts the
// cache the build made, and a cache that does not belong to the bundle or that V8 rejects changes nothing but
// the time: the bundle is compiled from its source and the output is the same.
import { after, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import { Module } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { FIXTURES, ROOT } from '../support/paths';

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
  const source = fs.readFileSync(CLI, 'utf8');
  const hash = crypto.createHash('sha256').update(source).digest();

  test('the build writes it for the bundle it built, and V8 accepts it in the way bin/iam-role-lens.js hands it over', () => {
    assert.ok(hash.equals(cache.subarray(0, hash.length)));
    const script = new vm.Script(Module.wrap(source), { filename: CLI, cachedData: cache.subarray(hash.length) });
    assert.equal(script.cachedDataRejected, false);
  });

  test('a cache V8 rejects, one made for another bundle, or none: the same output', () => {
    const expected = check(path.join(ROOT, 'bin', 'iam-role-lens.js'), path.join(FIXTURES, 'cli', 'terraform'));
    assert.equal(expected.status, 0, expected.stderr);
    assert.match(expected.stdout, /passrole-wildcard-resource/);
    assert.match(expected.stdout, /"kind": "terraform"/);
    const damaged = Buffer.concat([hash, Buffer.alloc(cache.length - hash.length, 0x5a)]);
    const otherBundle = Buffer.concat([crypto.createHash('sha256').update(`${source} `).digest(), cache.subarray(hash.length)]);
    for (const [name, c] of [['rejected by V8', damaged], ['another bundle', otherBundle], ['none', undefined], ['empty', Buffer.alloc(0)]] as const) {
      const r = check(path.join(install(c), 'bin', 'iam-role-lens.js'), path.join(FIXTURES, 'cli', 'terraform'));
      assert.equal(r.status, 0, `${name}: ${r.stderr}`);
      assert.equal(r.stderr, '', name);
      assert.equal(r.stdout, expected.stdout, name);
    }
  });
});

// `iam-role-lens fix` never loses the user's file: it writes a temporary file next to it and renames it over the
// original, keeps mode and ownership, refuses when the file changed since it was read, refuses read-only and
// non-UTF-8 files, never reports a failed write as fixed, and does not leave the given folder through links.
// Failures that are hard to cause on demand (a full disk, a save while fix runs) are injected through
// IAM_ROLE_LENS_TEST_FAULT, which the CLI reads for exactly this.
import { after, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FIXTURES } from '../support/paths';
import { cli, type Run } from '../support/cli';

const POLICY = fs.readFileSync(path.join(FIXTURES, 'cli', 'passrole.json'));

const made: string[] = [];
after(() => made.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

/** A temporary folder with `policy.json` (a PassRole policy with one fix to apply). */
function folder(content: Buffer = POLICY): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iam-role-lens-fix-safety-'));
  made.push(dir);
  fs.writeFileSync(path.join(dir, 'policy.json'), content);
  return dir;
}

/** The folder holds exactly these names: no temporary file is left behind. */
function assertOnly(dir: string, names: string[]): void {
  assert.deepEqual(fs.readdirSync(dir).sort(), [...names].sort());
}

/** Exit 2, one error line naming the file that matches `reason`, no "fixed" line, nothing counted as fixed. */
function assertNotFixed(r: Run, name: string, reason: RegExp): void {
  assert.equal(r.code, 2, r.stderr);
  const errors = r.stderr.split('\n').filter((l) => l.startsWith('iam-role-lens: '));
  assert.equal(errors.length, 1, r.stderr);
  assert.ok(errors[0]!.includes(name), errors[0]);
  assert.match(errors[0]!, reason);
  assert.doesNotMatch(r.stderr, /: fixed \d/);
  assert.match(r.stderr, /^0 findings fixed in 0 files/m);
  assert.doesNotMatch(r.stderr, /\bE[A-Z]{2,}\b|ERR_[A-Z_]+|\n\s+at /);
}

const fixed = (dir: string) => fs.readFileSync(path.join(dir, 'policy.json'), 'utf8').includes('iam:PassedToService');

describe('fix: writes safely', { concurrency: true }, () => {
  test('a full disk while writing leaves the original byte for byte', async () => {
    const dir = folder();
    const r = await cli(['fix', 'policy.json'], { cwd: dir, env: { IAM_ROLE_LENS_TEST_FAULT: 'write-enospc' } });
    assertNotFixed(r, 'policy.json', /no space left on device.*unchanged/);
    assert.deepEqual(fs.readFileSync(path.join(dir, 'policy.json')), POLICY);
    assertOnly(dir, ['policy.json']);
  });

  test('a change saved while fix runs is kept, and fix says the file changed', async () => {
    const dir = folder();
    const r = await cli(['fix', 'policy.json'], { cwd: dir, env: { IAM_ROLE_LENS_TEST_FAULT: 'change-before-replace' } });
    assertNotFixed(r, 'policy.json', /changed since it was read/);
    // The hook appended a line, as an editor saving the file would have changed it.
    assert.deepEqual(fs.readFileSync(path.join(dir, 'policy.json')), Buffer.concat([POLICY, Buffer.from('\n')]));
    assertOnly(dir, ['policy.json']);
  });

  test('a read-only file is refused, not reported fixed', async () => {
    const dir = folder();
    fs.chmodSync(path.join(dir, 'policy.json'), 0o444);
    const r = await cli(['fix', 'policy.json'], { cwd: dir });
    assertNotFixed(r, 'policy.json', /read-only/);
    assert.deepEqual(fs.readFileSync(path.join(dir, 'policy.json')), POLICY);
    assertOnly(dir, ['policy.json']);
  });

  test('a file the user may not write (permissions bind) is refused', async () => {
    const dir = folder();
    fs.chmodSync(dir, 0o777);
    fs.chmodSync(path.join(dir, 'policy.json'), 0o644);
    // As root, permissions do not bind: run as nobody, who may write the folder but not the file.
    const user = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    if (!user.uid) fs.chmodSync(path.join(dir, 'policy.json'), 0o444);
    const r = await cli(['fix', 'policy.json'], { cwd: dir, ...user });
    assertNotFixed(r, 'policy.json', /read-only|permission denied/);
    assert.deepEqual(fs.readFileSync(path.join(dir, 'policy.json')), POLICY);
  });

  test('mode and ownership are kept', { skip: process.platform === 'win32' && 'no POSIX modes' }, async () => {
    const dir = folder();
    const file = path.join(dir, 'policy.json');
    fs.chmodSync(file, 0o640);
    const root = process.getuid?.() === 0;
    if (root) fs.chownSync(file, 12345, 23456);
    const before = fs.statSync(file);
    const r = await cli(['fix', 'policy.json'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(fixed(dir));
    const after = fs.statSync(file);
    assert.equal(after.mode & 0o7777, 0o640);
    assert.equal(after.uid, before.uid);
    assert.equal(after.gid, before.gid);
    if (root) assert.deepEqual([after.uid, after.gid], [12345, 23456]);
    assertOnly(dir, ['policy.json']);
  });

  test('a file that is not UTF-8 is refused with the offset of the first bad byte, in place and with --dry-run', async () => {
    // "café" in Latin-1 in a Sid: a policy worth fixing, whose é is no UTF-8.
    const latin1 = Buffer.concat([POLICY.subarray(0, POLICY.indexOf('SubmitJobs')), Buffer.from([0x63, 0x61, 0x66, 0xe9]), POLICY.subarray(POLICY.indexOf('SubmitJobs') + 'SubmitJobs'.length)]);
    const dir = folder(latin1);
    const [write, dry] = await Promise.all([cli(['fix', 'policy.json'], { cwd: dir }), cli(['fix', '--dry-run', 'policy.json'], { cwd: dir })]);
    const offset = latin1.indexOf(0xe9);
    for (const r of [write, dry]) assertNotFixed(r, 'policy.json', new RegExp(`not UTF-8.*offset ${offset}`));
    assert.equal(dry.stdout, '');
    assert.deepEqual(fs.readFileSync(path.join(dir, 'policy.json')), latin1);
  });

  test('bytes fix did not touch stay as they were (multi-byte text, U+FFFD, CRLF, byte order mark)', async () => {
    const text = '\uFEFF' + POLICY.toString('utf8').replace('SubmitJobs', 'Soumettre les tâches ✓ \uFFFD 日本').replace(/\n/g, '\r\n');
    const original = Buffer.from(text, 'utf8');
    const dir = folder(original);
    const r = await cli(['fix', 'policy.json'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    const after = fs.readFileSync(path.join(dir, 'policy.json'));
    // Everything up to the PassRole statement's Resource, where the condition goes, is the same bytes.
    const unchanged = original.indexOf('"Resource": "*"', original.indexOf('iam:PassRole'));
    assert.deepEqual(after.subarray(0, unchanged), original.subarray(0, unchanged));
    assert.ok(after.toString('utf8').includes('iam:PassedToService'));
  });

  test('fix DIR does not follow symbolic links out of DIR, and names them', { skip: process.platform === 'win32' && 'symbolic links need privileges' }, async () => {
    const dir = folder();
    fs.mkdirSync(path.join(dir, 'repo'));
    fs.mkdirSync(path.join(dir, 'elsewhere'));
    fs.writeFileSync(path.join(dir, 'elsewhere', 'other.json'), POLICY);
    fs.symlinkSync('../policy.json', path.join(dir, 'repo', 'link.json'));
    fs.symlinkSync('../elsewhere', path.join(dir, 'repo', 'folder'));
    const r = await cli(['fix', 'repo'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(fs.readFileSync(path.join(dir, 'policy.json')), POLICY);
    assert.deepEqual(fs.readFileSync(path.join(dir, 'elsewhere', 'other.json')), POLICY);
    assert.match(r.stderr, /^repo\/link\.json: symbolic link, not followed/m);
    assert.match(r.stderr, /^repo\/folder: symbolic link, not followed/m);
    assert.match(r.stderr, /^0 findings fixed in 0 files/m);
  });

  test('a link named on the command line: its target is fixed and the link stays a link', { skip: process.platform === 'win32' && 'symbolic links need privileges' }, async () => {
    const dir = folder();
    fs.symlinkSync('policy.json', path.join(dir, 'link.json'));
    const r = await cli(['fix', 'link.json'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /^link\.json: fixed 1 /m);
    assert.ok(fs.lstatSync(path.join(dir, 'link.json')).isSymbolicLink());
    assert.ok(fixed(dir));
    assertOnly(dir, ['link.json', 'policy.json']);
  });

  test('a file with other hard links is refused: replacing it would separate them', { skip: process.platform === 'win32' && 'hard links differ' }, async () => {
    const dir = folder();
    fs.linkSync(path.join(dir, 'policy.json'), path.join(dir, 'same.json'));
    const r = await cli(['fix', 'policy.json'], { cwd: dir });
    assertNotFixed(r, 'policy.json', /hard links/);
    assert.deepEqual(fs.readFileSync(path.join(dir, 'same.json')), POLICY);
  });
});

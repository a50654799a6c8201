// What `check` reads and what it refuses: input is read up to the size limit and no further, special files are
// refused, symbolic links are not followed out of a walked folder, an unreadable subfolder does not hide the
// other files' findings, and every error is a sentence naming the path (never an error code).
import { after, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FIXTURES } from '../support/paths';
import { cli, shell, type Run } from '../support/cli';

const POLICY = fs.readFileSync(path.join(FIXTURES, 'cli', 'passrole.json'), 'utf8');
/** Long enough for any of these runs on a busy machine; a run killed at this deadline did not end on its own. */
const DEADLINE = 10_000;

const made: string[] = [];
after(() => made.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iam-role-lens-inputs-'));
  fs.chmodSync(dir, 0o755);
  made.push(dir);
  return dir;
}

function write(dir: string, name: string, text: string | Buffer): string {
  const p = path.join(dir, name);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, text);
  return p;
}

/** Where permissions bind: as root they do not, so the run drops to `nobody`. */
const unprivileged = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};

/** Error lines are sentences naming the path: no error code (`ELOOP`, `ERR_STRING_TOO_LONG`), no stack. */
function assertSentences(r: Run): void {
  assert.doesNotMatch(r.stderr, /\bE[A-Z]{2,}\b|ERR_[A-Z_]+|internal error|\n\s+at /, r.stderr);
}

/** Ended on its own, with exit 2 and one error line naming `name` that matches `reason`. */
function assertRefused(r: Run, name: string, reason: RegExp): void {
  assert.equal(r.killed, false, `still running after ${DEADLINE} ms`);
  assert.equal(r.code, 2, r.stderr);
  assertSentences(r);
  const lines = r.stderr.split('\n').filter((l) => l.startsWith('iam-role-lens: '));
  assert.equal(lines.length, 1, r.stderr);
  assert.ok(lines[0]!.includes(name), lines[0]);
  assert.match(lines[0]!, reason);
}

describe('check: bounded input', { concurrency: true }, () => {
  test('/dev/zero is refused at once: a character device is not a file', { skip: !fs.existsSync('/dev/zero') && 'no /dev/zero' }, async () => {
    const r = await cli(['check', '/dev/zero'], { deadlineMs: DEADLINE });
    assertRefused(r, '/dev/zero', /character device/);
  });

  test('a named pipe (FIFO) without a writer is refused, not waited on', { skip: process.platform === 'win32' && 'no FIFOs' }, async () => {
    const dir = tempDir();
    execFileSync('mkfifo', [path.join(dir, 'pipe.json')]);
    write(dir, 'policy.json', POLICY);
    const r = await cli(['check', 'pipe.json', 'policy.json'], { cwd: dir, deadlineMs: DEADLINE });
    assertRefused(r, 'pipe.json', /named pipe/);
    // The other file was still checked.
    assert.match(r.stdout, /^policy\.json:14:19 warning passrole-wildcard-resource /m);
  });

  test("yes '{}' | check - stops reading at the size limit", { skip: process.platform === 'win32' && 'no sh' }, async () => {
    const r = await shell(`yes '{}' | cli check -`, { deadlineMs: DEADLINE });
    assertRefused(r, 'standard input', /more than 5 MB/);
  });

  test('check - < /dev/zero stops reading at the size limit', { skip: process.platform === 'win32' && 'no sh' }, async () => {
    const r = await shell(`cli check - --stdin-filename zero.json < /dev/zero`, { deadlineMs: DEADLINE });
    assertRefused(r, 'zero.json', /more than 5 MB/);
  });

  test('standard input just over the limit is refused; at the limit it is checked', async () => {
    const limit = 5 * 1024 * 1024;
    const pad = (n: number) => POLICY.replace('{', '{' + ' '.repeat(n - POLICY.length));
    const [over, at] = await Promise.all([cli(['check', '-'], { input: pad(limit + 1), deadlineMs: DEADLINE }), cli(['check', '-', '--format', 'json'], { input: pad(limit), deadlineMs: DEADLINE })]);
    assertRefused(over, '<stdin>', /more than 5 MB/);
    assert.equal(at.code, 0, at.stderr);
    assert.ok(JSON.parse(at.stdout).files[0].findings.some((f: { ruleId: string }) => f.ruleId === 'passrole-wildcard-resource'));
  });

  test('a 600 MB file is not read: one analysis-limit finding with its size', async () => {
    const dir = tempDir();
    const big = path.join(dir, 'big.json');
    fs.writeFileSync(big, '{"Statement": [');
    fs.truncateSync(big, 600 * 1024 * 1024); // sparse: costs no disk
    const r = await cli(['check', 'big.json', '--format', 'json'], { cwd: dir, deadlineMs: DEADLINE });
    assert.equal(r.killed, false);
    assert.equal(r.code, 0, r.stderr);
    assertSentences(r);
    const [file] = JSON.parse(r.stdout).files;
    assert.equal(file.path, 'big.json');
    assert.deepEqual(file.findings.map((f: { ruleId: string }) => f.ruleId), ['analysis-limit']);
    assert.match(file.findings[0].message, /600\.0 MB, over the 5\.0 MB limit/);
  });
});

describe('check: errors are sentences naming the path', { concurrency: true }, () => {
  test('a symbolic link loop', { skip: process.platform === 'win32' && 'symbolic links need privileges' }, async () => {
    const dir = tempDir();
    fs.symlinkSync('loop.json', path.join(dir, 'loop.json'));
    const r = await cli(['check', 'loop.json'], { cwd: dir });
    assertRefused(r, 'loop.json', /symbolic links/);
  });

  test('an unreadable file, and a path through a file', async () => {
    const dir = tempDir();
    write(dir, 'secret.json', POLICY);
    fs.chmodSync(path.join(dir, 'secret.json'), 0o000);
    const [secret, through] = await Promise.all([cli(['check', 'secret.json'], { cwd: dir, ...unprivileged }), cli(['check', 'secret.json/x.json'], { cwd: dir })]);
    assertRefused(secret, 'secret.json', /permission denied/);
    assertRefused(through, 'secret.json/x.json', /not a folder/);
  });

  test('an unreadable subfolder is named, and the other files are still checked (exit 2)', async () => {
    const dir = tempDir();
    write(dir, 'a/policy.json', POLICY);
    write(dir, 'locked/policy.json', POLICY);
    write(dir, 'z/policy.json', POLICY);
    fs.chmodSync(path.join(dir, 'locked'), 0o000);
    const r = await cli(['check', '.', '--format', 'json'], { cwd: dir, ...unprivileged });
    fs.chmodSync(path.join(dir, 'locked'), 0o755);
    assertRefused(r, 'locked', /permission denied/);
    assert.deepEqual(
      JSON.parse(r.stdout).files.map((f: { path: string }) => f.path),
      ['a/policy.json', 'z/policy.json'],
    );
  });
});

describe('check: symbolic links in a walked folder are not followed', { concurrency: true, skip: process.platform === 'win32' && 'symbolic links need privileges' }, () => {
  test('links to a file or a folder are named on stderr; a link named on the command line is followed', async () => {
    const dir = tempDir();
    write(dir, 'outside/victim.json', POLICY);
    write(dir, 'outside/more/other.json', POLICY);
    write(dir, 'repo/own.json', POLICY);
    fs.symlinkSync('../outside/victim.json', path.join(dir, 'repo', 'link.json'));
    fs.symlinkSync('../outside/more', path.join(dir, 'repo', 'linked-folder'));
    fs.symlinkSync('../outside/victim.json', path.join(dir, 'repo', 'notes.txt'));
    const [walk, named] = await Promise.all([cli(['check', 'repo', '--format', 'json'], { cwd: dir }), cli(['check', 'repo/link.json', '--format', 'json'], { cwd: dir })]);
    assert.equal(walk.code, 0, walk.stderr);
    assert.deepEqual(JSON.parse(walk.stdout).files.map((f: { path: string }) => f.path), [path.join('repo', 'own.json')]);
    assert.match(walk.stderr, /^repo\/link\.json: symbolic link, not followed/m);
    assert.match(walk.stderr, /^repo\/linked-folder: symbolic link, not followed/m);
    assert.doesNotMatch(walk.stderr, /notes\.txt/);
    assert.equal(named.code, 0, named.stderr);
    assert.deepEqual(JSON.parse(named.stdout).files.map((f: { path: string }) => f.path), ['repo/link.json']);
  });
});

describe('check: what a folder walk skips and what the output lists', { concurrency: true }, () => {
  test('a walked *.json meant as a policy that does not parse gets its json-syntax findings', async () => {
    const dir = tempDir();
    write(dir, 'python.json', "{'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Action': 'iam:PassRole', 'Resource': '*'}]}\n");
    write(dir, 'truncated.json', POLICY.slice(0, POLICY.indexOf('"Action"')));
    write(dir, 'cut-early.json', '{\n  "Version": "2012-10');
    write(dir, 'settings.json', '{ "editor.tabSize": 2, }');
    write(dir, 'data.json', "{'name': 'x'}");
    const r = await cli(['check', '.', '--format', 'json', '--verbose'], { cwd: dir });
    assert.equal(r.code, 1, r.stderr);
    const files = JSON.parse(r.stdout).files;
    assert.deepEqual(
      files.map((f: { path: string }) => f.path),
      ['cut-early.json', 'python.json', 'truncated.json'],
    );
    for (const f of files) {
      assert.ok(f.findings.length > 0, f.path);
      for (const x of f.findings) assert.equal(x.ruleId, 'json-syntax', f.path);
    }
    assert.match(r.stderr, /^skipped settings\.json: not a policy or template/m);
    assert.match(r.stderr, /^skipped data\.json: not a policy or template/m);
  });

  test('a file named on the command line that is not a policy is listed with kind unknown and no findings', async () => {
    const dir = tempDir();
    write(dir, 'package.json', '{ "name": "x", "version": "1.0.0" }\n');
    write(dir, 'policy.json', POLICY);
    const [json, sarif, stdin] = await Promise.all([
      cli(['check', 'package.json', 'policy.json', '--format', 'json'], { cwd: dir }),
      cli(['check', 'package.json', '--format', 'sarif'], { cwd: dir }),
      cli(['check', '-', '--format', 'json'], { input: '{"name": "x"}' }),
    ]);
    assert.equal(json.code, 0, json.stderr);
    const files = JSON.parse(json.stdout).files;
    assert.deepEqual(files[0], { path: 'package.json', kind: 'unknown', findings: [] });
    assert.equal(files[1].kind, 'identity');
    assert.equal(sarif.code, 0);
    assert.deepEqual(JSON.parse(sarif.stdout).runs[0].results, []);
    assert.deepEqual(JSON.parse(stdin.stdout).files, [{ path: '<stdin>', kind: 'unknown', findings: [] }]);
  });

  test('a Markdown file named on the command line is no broken template; a broken .yaml named so is', async () => {
    const dir = tempDir();
    write(dir, 'README.md', '# Deploy\n\nRun `check`: it reads *.yaml.\n\n- item: [one\n');
    write(dir, 'broken.yaml', "AWSTemplateFormatVersion: '2010-09-09'\nResources: [one\n");
    const r = await cli(['check', 'README.md', 'broken.yaml', '--format', 'json'], { cwd: dir });
    const files = JSON.parse(r.stdout).files as { path: string; kind: string; findings: { ruleId: string }[] }[];
    assert.deepEqual(files[0], { path: 'README.md', kind: 'unknown', findings: [] });
    assert.deepEqual(files[1]!.findings.map((f) => f.ruleId), ['yaml-syntax']);
  });
});

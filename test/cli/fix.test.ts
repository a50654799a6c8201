// `iam-role-lens fix` end to end, on temporary copies of test/fixtures/cli: in place, --dry-run, stdin,
// --rule, and that the result is valid JSON in the input's own formatting.
import { after, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FIXTURES } from '../support/paths';
import { cli, type Run } from '../support/cli';

const DIR = path.join(FIXTURES, 'cli');


/** A temporary folder holding copies of the named fixtures; returns the folder. */
const made: string[] = [];
after(() => made.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function copies(...names: string[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iam-role-lens-fix-'));
  made.push(dir);
  for (const n of names) fs.copyFileSync(path.join(DIR, n), path.join(dir, n));
  return dir;
}

const read = (dir: string, name: string) => fs.readFileSync(path.join(dir, name), 'utf8');

async function ruleIds(dir: string, name: string): Promise<string[]> {
  const r = await cli(['check', name, '--format', 'json', '--fail-on', 'none'], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout).files[0].findings.map((f: { ruleId: string }) => f.ruleId);
}

interface Statement {
  Action: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

function passRoleStatement(text: string): Statement {
  const doc = JSON.parse(text) as { Statement: Statement[] };
  return doc.Statement.find((s) => s.Action === 'iam:PassRole')!;
}

/** Every line is indented with whole units of `unit` and nothing else; the condition lines one deeper than their statement. */
function assertIndentedWith(text: string, unit: string): void {
  for (const line of text.split('\n')) {
    const ws = /^[ \t]*/.exec(line)![0];
    assert.equal(ws.split(unit).join(''), '', `line ${JSON.stringify(line)} is not indented with ${JSON.stringify(unit)}`);
  }
  const indent = (pattern: RegExp) => /^[ \t]*/.exec(text.split('\n').find((l) => pattern.test(l))!)![0];
  assert.equal(indent(/"Condition"/), indent(/"Action": "iam:PassRole"/));
  assert.equal(indent(/"StringEquals"/), indent(/"Condition"/) + unit);
}

describe('fix', { concurrency: true }, () => {
  test('writes in place; check then no longer reports the rule', async () => {
    const dir = copies('passrole.json');
    assert.ok((await ruleIds(dir, 'passrole.json')).includes('passrole-wildcard-resource'));
    const r = await cli(['fix', 'passrole.json'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^passrole\.json: fixed 1 \(passrole-wildcard-resource\)$/m);
    const fixed = read(dir, 'passrole.json');
    assert.deepEqual(passRoleStatement(fixed).Condition, { StringEquals: { 'iam:PassedToService': ['batch.amazonaws.com'] } });
    assertIndentedWith(fixed, '  ');
    assert.ok(!(await ruleIds(dir, 'passrole.json')).includes('passrole-wildcard-resource'));
  });

  test('--dry-run prints the fixed text and leaves the file alone', async () => {
    const dir = copies('passrole.json');
    const before = read(dir, 'passrole.json');
    const r = await cli(['fix', '--dry-run', 'passrole.json'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(read(dir, 'passrole.json'), before);
    assert.deepEqual(passRoleStatement(r.stdout).Condition, { StringEquals: { 'iam:PassedToService': ['batch.amazonaws.com'] } });
    assert.match(r.stderr, /dry run/);
  });

  for (const [name, unit] of [
    ['passrole-4space.json', '    '],
    ['passrole-tab.json', '\t'],
  ] as const) {
    test(`keeps the indentation of ${name}`, async () => {
      const dir = copies(name);
      const r = await cli(['fix', name], { cwd: dir });
      assert.equal(r.code, 0, r.stderr);
      const fixed = read(dir, name);
      assert.ok(passRoleStatement(fixed).Condition, fixed);
      assertIndentedWith(fixed, unit);
      // Only the condition was added: the rest of the text is untouched.
      const original = read(DIR, name);
      assert.ok(fixed.startsWith(original.slice(0, original.indexOf('"Resource": "*"', original.indexOf('iam:PassRole')))));
    });
  }

  test('keeps CRLF line breaks and a byte order mark', async () => {
    const dir = copies();
    const original = '\uFEFF' + read(DIR, 'passrole.json').replace(/\n/g, '\r\n');
    fs.writeFileSync(path.join(dir, 'crlf.json'), original);
    const r = await cli(['fix', 'crlf.json'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    const fixed = read(dir, 'crlf.json');
    assert.notEqual(fixed, original);
    assert.ok(fixed.startsWith('\uFEFF{\r\n'));
    assert.doesNotMatch(fixed, /[^\r]\n/);
    assert.ok(passRoleStatement(fixed.slice(1)).Condition);
  });

  test('--rule limits which rules are fixed', async () => {
    const dir = copies('no-version.json');
    const [version, passrole, both] = await Promise.all([
      cli(['fix', '--dry-run', 'no-version.json', '--rule', 'policy-version'], { cwd: dir }),
      cli(['fix', '--dry-run', 'no-version.json', '--rule', 'passrole-wildcard-resource'], { cwd: dir }),
      cli(['fix', '--dry-run', 'no-version.json'], { cwd: dir }),
    ]);
    const parse = (r: Run) => JSON.parse(r.stdout) as { Version?: string; Statement: Statement[] };
    const condition = (r: Run) => parse(r).Statement.find((s) => s.Action === 'iam:PassRole')!.Condition;
    assert.equal(parse(version).Version, '2012-10-17');
    assert.equal(condition(version), undefined);
    assert.equal(parse(passrole).Version, undefined);
    assert.ok(condition(passrole));
    assert.equal(parse(both).Version, '2012-10-17');
    assert.ok(condition(both));
  });

  test('- reads standard input and prints the result', async () => {
    const r = await cli(['fix', '-'], { input: read(DIR, 'passrole.json') });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(passRoleStatement(r.stdout).Condition);
  });

  test('leaves files that are not policies, and broken JSON, untouched', async () => {
    const dir = copies('broken.json');
    fs.writeFileSync(path.join(dir, 'package.json'), '{"name":"x","scripts":{"a":"b"}}');
    const before = [read(dir, 'broken.json'), read(dir, 'package.json')];
    const r = await cli(['fix', '.'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual([read(dir, 'broken.json'), read(dir, 'package.json')], before);
    assert.match(r.stderr, /0 findings fixed in 0 files/);
  });

  test('usage errors and missing paths exit 2', async () => {
    const cases: [string[], RegExp][] = [
      [['fix'], /PATH/],
      [['fix', 'test/fixtures/cli/passrole.json', '--rule', 'no-such-rule'], /no-such-rule/],
      [['fix', 'test/fixtures/cli/passrole.json', '--rule', 'policy-version=off'], /rule id/],
      [['fix', 'test/fixtures/cli/passrole.json', '--format', 'json'], /--format/],
      [['fix', 'no/such/file.json'], /no\/such\/file\.json/],
    ];
    const runs = await Promise.all(cases.map(([args]) => cli(args)));
    runs.forEach((r, i) => {
      const [args, pattern] = cases[i]!;
      assert.equal(r.code, 2, args.join(' '));
      assert.equal(r.stderr.trimEnd().split('\n').length, 1, r.stderr);
      assert.match(r.stderr, pattern);
    });
  });
});

// `iam-role-lens check` end to end: spawns the real bundle (bin/iam-role-lens.js → dist/cli.js) and checks
// exit codes, the three output formats, inputs (files, folders, stdin) and hostile files.
import { after, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FIXTURES, ROOT } from '../support/paths';
import { cli, type Run } from '../support/cli';

const DIR = path.join(FIXTURES, 'cli');
/** Fixture paths as the user types them (relative to the repository root, where the CLI runs). */
const rel = (name: string) => `test/fixtures/cli/${name}`;


const made: string[] = [];
after(() => made.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iam-role-lens-cli-'));
  made.push(dir);
  return dir;
}

/** No stack trace, no internal error: a hostile input is a finding or a message, never a crash. */
function assertNoCrash(r: Run): void {
  assert.doesNotMatch(r.stderr, /internal error|\n\s+at |Error:/, r.stderr);
}

// The `"*"` of the PassRole statement in passrole.json: line 14, columns 19–21 (1-based).
const STAR = { start: { line: 13, character: 18 }, end: { line: 13, character: 21 } };
const PASSROLE_MESSAGE = /iam:PassRole.*iam:PassedToService/;

describe('check', { concurrency: true }, () => {
  test('text: path:line:col severity ruleId message, a summary on stderr, exit 0 below --fail-on', async () => {
    const r = await cli(['check', rel('passrole.json')]);
    assert.equal(r.code, 0, r.stderr);
    const line = r.stdout.split('\n').find((l) => l.includes(' passrole-wildcard-resource '));
    assert.match(line ?? r.stdout, /^test\/fixtures\/cli\/passrole\.json:14:19 warning passrole-wildcard-resource \S/);
    assert.match(line!, PASSROLE_MESSAGE);
    assert.match(r.stderr, /^1 file checked: 0 errors, [1-9]\d* warnings?, \d+ info\n$/);
  });

  test('--fail-on decides exit 1', async () => {
    const [warning, info, none, broken] = await Promise.all([
      cli(['check', rel('passrole.json'), '--fail-on', 'warning']),
      cli(['check', rel('passrole.json'), '--fail-on', 'info']),
      cli(['check', rel('broken.json'), '--fail-on', 'none']),
      cli(['check', rel('broken.json')]),
    ]);
    assert.equal(warning.code, 1);
    assert.equal(info.code, 1);
    assert.equal(none.code, 0);
    assert.equal(broken.code, 1);
  });

  test('--format json: exactly one document of the documented shape, with the smallest wrong node', async () => {
    const r = await cli(['check', rel('passrole.json'), rel('trust.json'), '--format', 'json']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    const doc = JSON.parse(r.stdout);
    assert.deepEqual(Object.keys(doc), ['version', 'files']);
    assert.equal(doc.version, 1);
    assert.deepEqual(
      doc.files.map((f: { path: string; kind: string }) => [f.path, f.kind]),
      [
        [rel('passrole.json'), 'identity'],
        [rel('trust.json'), 'trust'],
      ],
    );
    const [file, trust] = doc.files;
    assert.deepEqual(Object.keys(file), ['path', 'kind', 'findings']);
    assert.ok(Array.isArray(trust.findings));
    const f = file.findings.find((x: { ruleId: string }) => x.ruleId === 'passrole-wildcard-resource');
    // `related` was added after version 1 was first documented: consumers that ignore unknown keys are unaffected.
    assert.deepEqual(Object.keys(f), ['ruleId', 'severity', 'message', 'range', 'fixes', 'related']);
    assert.equal(f.ruleId, 'passrole-wildcard-resource');
    assert.equal(f.severity, 'warning');
    assert.match(f.message, PASSROLE_MESSAGE);
    assert.deepEqual(f.range, STAR);
    assert.ok(f.fixes.length >= 1);
    for (const fix of f.fixes) assert.deepEqual(Object.keys(fix), ['title']);
    assert.match(f.fixes[0].title, /iam:PassedToService.*batch\.amazonaws\.com/);
  });

  test('--format json is byte for byte what JSON.stringify writes with an indent of 2: shared messages, fixes and related places, another file, Japanese, odd paths', async () => {
    const dir = tempDir();
    // Findings that share a head, a fix list or a related list, and ones that differ by a wildcard pattern
    // or by a related place in another file (the trust policy of BuildRole).
    const statements = [
      ...Array.from({ length: 40 }, (_, i) => `{"Sid": "P${i}", "Effect": "Allow", "Action": "${i % 3 ? 'iam:PassRole' : 'iam:Pass*'}", "Resource": "*"}`),
      '{"Effect": "Allow", "Action": ["lambda:CreateFunction", "lambda:InvokeFunction", "codebuild:CreateProject"], "Resource": "*"}',
      '{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::111122223333:role/BuildRole", "Condition": {"StringEquals": {"iam:PassedToService": "codebuild.amazonaws.com"}}}',
    ];
    fs.mkdirSync(path.join(dir, 'ポリシー "q"\\x'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'ポリシー "q"\\x', 'deploy.json'), `{"Version": "2012-10-17", "Statement": [\n${statements.join(',\n')}\n]}\n`);
    fs.writeFileSync(path.join(dir, 'BuildRole-trust-policy.json'), '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "glue.amazonaws.com"}, "Action": "sts:AssumeRole"}]}\n');
    fs.writeFileSync(path.join(dir, 'clean.json'), '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}\n');
    for (const lang of ['en', 'ja']) {
      const r = await cli(['check', '.', '--format', 'json', '--fail-on', 'none', '--lang', lang], { cwd: dir });
      assert.equal(r.code, 0, r.stderr);
      const doc = JSON.parse(r.stdout) as { files: { path: string; findings: { ruleId: string; related: { path: string }[] }[] }[] };
      assert.equal(r.stdout, `${JSON.stringify(doc, null, 2)}\n`);
      const policy = doc.files.find((f) => f.path.endsWith('deploy.json'))!;
      assert.ok(policy.findings.filter((f) => f.ruleId === 'passrole-wildcard-resource').length >= 40, lang);
      assert.ok(policy.findings.some((f) => f.related.some((x) => x.path === 'BuildRole-trust-policy.json')), lang);
      assert.deepEqual(doc.files.find((f) => f.path === 'clean.json')?.findings, []);
    }
    // A folder without policies: an empty list of files.
    fs.mkdirSync(path.join(dir, 'notes'));
    fs.writeFileSync(path.join(dir, 'notes', 'README.md'), '# notes\n');
    const empty = await cli(['check', 'notes', '--format', 'json', '--fail-on', 'none'], { cwd: dir });
    assert.equal(empty.code, 0, empty.stderr);
    assert.equal(empty.stdout, `${JSON.stringify({ version: 1, files: [] }, null, 2)}\n`);
  });

  test('--format sarif: SARIF 2.1.0 with rules (helpUri) and 1-based regions', async () => {
    const r = await cli(['check', rel('passrole.json'), '--format', 'sarif']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    const sarif = JSON.parse(r.stdout);
    assert.equal(sarif.version, '2.1.0');
    assert.match(sarif.$schema, /sarif-2\.1\.0/);
    assert.equal(sarif.runs.length, 1);
    const { driver } = sarif.runs[0].tool;
    assert.equal(driver.name, 'IAM Role Lens');
    assert.equal(driver.version, JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version);
    const rule = driver.rules.find((x: { id: string }) => x.id === 'passrole-wildcard-resource');
    assert.ok(rule, 'the rule is described');
    assert.match(rule.helpUri, /^https:\/\/.*passrole-wildcard-resource/);
    assert.ok(rule.shortDescription.text.length > 0);
    for (const x of driver.rules) assert.ok(x.id && x.helpUri && x.shortDescription?.text, JSON.stringify(x));
    const res = sarif.runs[0].results.find((x: { ruleId: string }) => x.ruleId === 'passrole-wildcard-resource');
    assert.equal(res.ruleId, 'passrole-wildcard-resource');
    assert.equal(driver.rules[res.ruleIndex].id, res.ruleId);
    assert.equal(res.level, 'warning');
    assert.match(res.message.text, PASSROLE_MESSAGE);
    const loc = res.locations[0].physicalLocation;
    assert.equal(loc.artifactLocation.uri, rel('passrole.json'));
    assert.deepEqual(loc.region, { startLine: 14, startColumn: 19, endLine: 14, endColumn: 22 });
  });

  test('info findings are SARIF notes', async () => {
    const r = await cli(['check', rel('passrole.json'), '--format', 'sarif', '--rule', 'passrole-wildcard-resource=info']);
    const res = JSON.parse(r.stdout).runs[0].results.find((x: { ruleId: string }) => x.ruleId === 'passrole-wildcard-resource');
    assert.equal(res.level, 'note');
  });

  test('- reads standard input; --stdin-filename names it', async () => {
    const input = fs.readFileSync(path.join(DIR, 'passrole.json'), 'utf8');
    const [plain, named] = await Promise.all([
      cli(['check', '-', '--format', 'json'], { input }),
      cli(['check', '-', '--stdin-filename', 'policies/batch.json'], { input }),
    ]);
    const doc = JSON.parse(plain.stdout);
    assert.equal(doc.files[0].path, '<stdin>');
    assert.deepEqual(doc.files[0].findings.find((x: { ruleId: string }) => x.ruleId === 'passrole-wildcard-resource').range, STAR);
    assert.match(named.stdout, /^policies\/batch\.json:14:19 warning passrole-wildcard-resource /m);
  });

  test('folders: *.json only, node_modules and dot-folders skipped, non-policies skipped silently (listed with --verbose)', async () => {
    const dir = tempDir();
    const policy = fs.readFileSync(path.join(DIR, 'passrole.json'), 'utf8');
    const write = (p: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
      fs.writeFileSync(path.join(dir, p), text);
    };
    write('a/policy.json', policy);
    write('a/b/UPPER.JSON', policy);
    write('policy.txt', policy);
    write('node_modules/pkg/policy.json', policy);
    write('.git/policy.json', policy);
    write('.hidden/policy.json', policy);
    write('package.json', '{ "name": "x", "version": "1.0.0" }\n');
    // A JSONC config file found by walking is not a policy, so its comments are no json-syntax finding.
    write('tsconfig.json', '{\n  // comment\n  "compilerOptions": { "strict": true, },\n}\n');
    // A broken policy found by walking still is.
    write('broken-policy.json', '{ "Statement": [ { "Effect": "Allow" ] }');
    const [quiet, verbose] = await Promise.all([cli(['check', '.', '--format', 'json'], { cwd: dir }), cli(['check', '--verbose'], { cwd: dir })]);
    assert.equal(quiet.code, 1, quiet.stderr);
    assert.equal(quiet.stderr, '');
    const files = JSON.parse(quiet.stdout).files;
    assert.deepEqual(
      files.map((f: { path: string }) => f.path),
      ['a/b/UPPER.JSON', 'a/policy.json', 'broken-policy.json'],
    );
    assert.deepEqual(files[2].findings.map((f: { ruleId: string }) => f.ruleId).filter((id: string) => id !== 'json-syntax'), []);
    assert.ok(files[2].findings.length > 0);
    assert.match(verbose.stderr, /^skipped package\.json: not a policy/m);
    assert.match(verbose.stderr, /^skipped tsconfig\.json: not a policy/m);
    assert.doesNotMatch(verbose.stderr, /node_modules|\.git|\.hidden|policy\.txt/);
    assert.match(verbose.stderr, /^5 files checked \(2 skipped: not policies\): [1-9]\d* errors?, [2-9]\d* warnings, \d+ info$/m);
  });

  test('a file named on the command line is checked whatever its extension', async () => {
    const dir = tempDir();
    fs.copyFileSync(path.join(DIR, 'passrole.json'), path.join(dir, 'policy.txt'));
    const r = await cli(['check', 'policy.txt'], { cwd: dir });
    assert.match(r.stdout, /^policy\.txt:14:19 warning passrole-wildcard-resource /m);
  });

  test('--rule ID=off and ID=error override the severity', async () => {
    const [off, error] = await Promise.all([
      cli(['check', rel('passrole.json'), '--rule', 'passrole-wildcard-resource=off', '--fail-on', 'warning']),
      cli(['check', rel('passrole.json'), '--rule', 'passrole-wildcard-resource=error']),
    ]);
    assert.equal(off.code, 0);
    assert.doesNotMatch(off.stdout, /passrole-wildcard-resource/);
    assert.equal(error.code, 1);
    assert.match(error.stdout, /:14:19 error passrole-wildcard-resource /);
  });

  test('--kind trust forces the kind', async () => {
    const r = await cli(['check', rel('passrole.json'), '--kind', 'trust', '--format', 'json']);
    const [file] = JSON.parse(r.stdout).files;
    assert.equal(file.kind, 'trust');
    assert.ok(file.findings.some((f: { ruleId: string }) => f.ruleId === 'passrole-in-trust-policy'), JSON.stringify(file.findings));
    assert.equal(r.code, 1);
  });

  test('--lang ja gives Japanese messages; without --lang the environment decides, --lang en overrides it', async () => {
    const japanese = /^test\/fixtures\/cli\/passrole\.json:14:19 warning passrole-wildcard-resource .*[\u3040-\u30ff\u4e00-\u9fff]/m;
    const [ja, env, en] = await Promise.all([
      cli(['check', rel('passrole.json'), '--lang', 'ja']),
      cli(['check', rel('passrole.json')], { lang: 'ja_JP.UTF-8' }),
      cli(['check', rel('passrole.json'), '--lang', 'en'], { lang: 'ja_JP.UTF-8' }),
    ]);
    assert.match(ja.stdout, japanese);
    assert.match(env.stdout, japanese);
    assert.doesNotMatch(en.stdout, /[\u3040-\u30ff\u4e00-\u9fff]/);
    assert.match(en.stdout, PASSROLE_MESSAGE);
  });

  test('broken JSON is a json-syntax finding (exit 1), not a crash', async () => {
    const r = await cli(['check', rel('broken.json'), '--format', 'json']);
    assert.equal(r.code, 1);
    assertNoCrash(r);
    const [file] = JSON.parse(r.stdout).files;
    assert.ok(file.findings.length > 0);
    for (const f of file.findings) assert.equal(f.ruleId, 'json-syntax');
    // The first error is where the `]` should have been a `}`: line 5.
    assert.equal(file.findings[0].range.start.line, 4);
  });

  test('empty, binary and 10,000-deep files: a clear finding each, no crash', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'empty.json'), '');
    fs.writeFileSync(path.join(dir, 'binary.json'), Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x00, 0xff, 0xfe, 0x7d]));
    fs.writeFileSync(path.join(dir, 'deep.json'), '['.repeat(10_000) + ']'.repeat(10_000));
    const run = (name: string) => cli(['check', name, '--format', 'json'], { cwd: dir });
    const [empty, binary, deep] = await Promise.all([run('empty.json'), run('binary.json'), run('deep.json')]);
    for (const r of [empty, binary, deep]) assertNoCrash(r);
    const only = (r: Run) => {
      const findings = JSON.parse(r.stdout).files[0].findings;
      assert.equal(findings.length, 1, JSON.stringify(findings));
      return findings[0];
    };
    assert.equal(empty.code, 1);
    assert.equal(only(empty).ruleId, 'json-syntax');
    assert.match(only(empty).message, /empty/);
    assert.equal(binary.code, 1);
    assert.equal(only(binary).ruleId, 'json-syntax');
    assert.match(only(binary).message, /binary/);
    assert.equal(deep.code, 0, 'too deep is an info finding');
    assert.equal(only(deep).ruleId, 'analysis-limit');
    assert.match(only(deep).message, /nested/);
  });

  test('positions count UTF-16 code units and CRLF line breaks', async () => {
    const dir = tempDir();
    const text = '{\r\n"Version": "2012-10-17",\r\n"Statement": [{"Sid": "\u{1F600}x", "Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}]}\r\n';
    fs.writeFileSync(path.join(dir, 'p.json'), text);
    const r = await cli(['check', 'p.json', '--format', 'json'], { cwd: dir });
    const line = text.split('\r\n')[2]!;
    const character = line.indexOf('"*"');
    const f = JSON.parse(r.stdout).files[0].findings.find((x: { ruleId: string }) => x.ruleId === 'passrole-wildcard-resource');
    assert.deepEqual(f.range, { start: { line: 2, character }, end: { line: 2, character: character + 3 } });
  });

  test('a UTF-8 byte order mark does not shift columns', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'bom.json'), '\uFEFF' + fs.readFileSync(path.join(DIR, 'passrole.json'), 'utf8'));
    const r = await cli(['check', 'bom.json'], { cwd: dir });
    assert.match(r.stdout, /^bom\.json:14:19 warning passrole-wildcard-resource /m);
  });

  test('a path that does not exist: exit 2 and one line naming it, nothing checked', async () => {
    const r = await cli(['check', rel('passrole.json'), 'no/such/policy.json', '--format', 'json']);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr.trimEnd().split('\n').length, 1);
    assert.match(r.stderr, /no\/such\/policy\.json/);
  });

  test('usage errors exit 2 with a one-line message', async () => {
    const cases: [string[], RegExp][] = [
      [['check', '--frmat', 'json'], /--frmat/],
      [['check', '--format', 'xml'], /--format/],
      [['check', '--fail-on', 'sometimes'], /--fail-on/],
      [['check', '--kind', 'bucket'], /--kind/],
      [['check', '--rule', 'no-such-rule=off'], /no-such-rule/],
      [['check', '--rule', 'passrole-wildcard-resource=loud'], /loud/],
      [['check', '--rule', 'passrole-wildcard-resource'], /ID=/],
      [['check', '--dry-run'], /--dry-run/],
      [['lint', 'x.json'], /lint/],
      [[], /command/],
    ];
    const runs = await Promise.all(cases.map(([args]) => cli(args)));
    runs.forEach((r, i) => {
      const [args, pattern] = cases[i]!;
      assert.equal(r.code, 2, args.join(' '));
      assert.equal(r.stdout, '', args.join(' '));
      assert.equal(r.stderr.trimEnd().split('\n').length, 1, r.stderr);
      assert.match(r.stderr, pattern);
    });
  });

  test('--version prints the product and IAM data versions', async () => {
    const r = await cli(['--version']);
    assert.equal(r.code, 0);
    const product = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;
    const data = JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', '@cloud-copilot', 'iam-data', 'package.json'), 'utf8')).version;
    assert.match(r.stdout, new RegExp(`^iam-role-lens ${product.replace(/\./g, '\\.')}\n`));
    assert.ok(r.stdout.includes(data), r.stdout);
    assert.match(r.stdout, /\(\d{4}-\d{2}-\d{2}\)/);
  });

  test('--help prints usage on stdout', async () => {
    const [help, h, sub] = await Promise.all([cli(['--help']), cli(['-h']), cli(['check', '--help'])]);
    for (const r of [help, h, sub]) {
      assert.equal(r.code, 0);
      assert.equal(r.stderr, '');
      assert.match(r.stdout, /^Usage:/);
      assert.match(r.stdout, /check \[PATH/);
      assert.match(r.stdout, /fix PATH/);
      assert.match(r.stdout, /graph \[PATH \.\.\.\]/);
      assert.match(r.stdout, /--roles ROLE=PATH/);
    }
  });
});

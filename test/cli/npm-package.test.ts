// The command-line package as users get it: `npm pack` of dist/npm (written by the build), installed from the
// tarball into an empty folder with `npm install --offline`, then `iam-role-lens check` and
// `iam-role-lens-server --stdio` run from that folder's node_modules/.bin, away from the repository; the
// GitHub Action's step (action.yml) run with that tarball; the pre-commit hook (.pre-commit-hooks.yaml) run by
// `pre-commit try-repo` in a fresh git repository, with the package installed globally into a folder of its own.
import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

const POLICY = `{
  "Version": "2012-10-17",
  "Statement": [
    { "Effect": "Allow", "Action": "iam:PassRole", "Resource": "*" }
  ]
}
`;

describe('the npm package (dist/npm)', () => {
  let tmp: string;
  let project: string;
  let tarball: string;
  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'iam-role-lens-npm-'));
    const pack = spawnSync(NPM, ['pack', path.join(ROOT, 'dist', 'npm'), '--pack-destination', tmp, '--json'], { encoding: 'utf8', cwd: tmp });
    assert.equal(pack.status, 0, pack.stderr);
    const [info] = JSON.parse(pack.stdout) as { filename: string; files: { path: string }[]; size: number }[];
    tarball = path.join(tmp, info!.filename);
    const files = info!.files.map((f) => f.path).sort();
    assert.ok(files.includes('dist/data.bundle.gz') && files.includes('bin/iam-role-lens.js') && files.includes('dist/server.js'), files.join(', '));
    assert.deepEqual(
      files.filter((f) => /node_modules|\.map$|\.ts$|^test\//.test(f)),
      [],
    );
    console.log(`${info!.filename}: ${(info!.size / 1024 / 1024).toFixed(2)} MB, ${files.length} files`);
    project = path.join(tmp, 'project');
    fs.mkdirSync(project);
    fs.writeFileSync(path.join(project, 'package.json'), '{ "private": true }\n');
    const install = spawnSync(NPM, ['install', '--offline', '--no-audit', '--no-fund', tarball], { encoding: 'utf8', cwd: project });
    assert.equal(install.status, 0, install.stderr);
    fs.writeFileSync(path.join(project, 'deploy.json'), POLICY);
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  test('the package has no dependency and no install script: nothing is built or fetched at install', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(project, 'node_modules', 'iam-role-lens', 'package.json'), 'utf8')) as Record<string, unknown>;
    assert.equal(pkg['dependencies'], undefined);
    assert.equal(pkg['scripts'], undefined);
    assert.deepEqual(pkg['bin'], { 'iam-role-lens': 'bin/iam-role-lens.js', 'iam-role-lens-server': 'bin/iam-role-lens-server.js' });
    assert.deepEqual(fs.readdirSync(path.join(project, 'node_modules')).filter((n) => !n.startsWith('.')), ['iam-role-lens']);
  });

  test('check, from the installed bin: the finding, with its data from the package', () => {
    const bin = path.join(project, 'node_modules', '.bin', 'iam-role-lens');
    const r = spawnSync(bin, ['check', 'deploy.json', '--fail-on', 'warning'], { encoding: 'utf8', cwd: project, env: { ...process.env, IAM_ROLE_LENS_DATA_DIR: '' } });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stdout, /^deploy\.json:4:64 warning passrole-wildcard-resource `iam:PassRole` is allowed on every role/m);
    assert.match(r.stderr, /1 file checked: 0 errors, 1 warning, 0 info/);
  });

  test('the language server, from the installed bin, answers initialize over stdio', async () => {
    const bin = path.join(project, 'node_modules', '.bin', 'iam-role-lens-server');
    const server = spawn(bin, ['--stdio'], { cwd: project, stdio: ['pipe', 'pipe', 'pipe'] });
    const message = (body: object) => {
      const json = JSON.stringify(body);
      return `Content-Length: ${Buffer.byteLength(json)}\r\n\r\n${json}`;
    };
    const reply = new Promise<{ result: { serverInfo: { name: string }; capabilities: Record<string, unknown> } }>((resolve, reject) => {
      let buffer = Buffer.alloc(0);
      server.stdout.on('data', (chunk: Buffer) => {
        buffer = Buffer.concat([buffer, chunk]);
        for (;;) {
          const header = buffer.indexOf('\r\n\r\n');
          if (header < 0) return;
          const length = Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, header).toString('ascii'))?.[1]);
          if (buffer.length < header + 4 + length) return;
          const body = JSON.parse(buffer.subarray(header + 4, header + 4 + length).toString('utf8')) as { id?: number };
          buffer = buffer.subarray(header + 4 + length);
          if (body.id === 1) resolve(body as never);
        }
      });
      server.on('exit', (code) => reject(new Error(`the server exited (${code}) before answering`)));
    });
    server.stdin.write(message({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: process.pid, rootUri: null, capabilities: {} } }));
    const init = await reply;
    assert.equal(init.result.serverInfo.name, 'iam-role-lens');
    assert.ok(init.result.capabilities['hoverProvider']);
    const exited = new Promise<number | null>((resolve) => server.on('exit', resolve));
    server.stdin.write(message({ jsonrpc: '2.0', id: 2, method: 'shutdown' }));
    server.stdin.write(message({ jsonrpc: '2.0', method: 'exit' }));
    assert.equal(await exited, 0);
  });

  test('the GitHub Action: its step writes SARIF with the finding and fails at --fail-on', () => {
    const action = parseYaml(fs.readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as { runs: { using: string; steps: { id: string; run: string; env: Record<string, string> }[] }; inputs: Record<string, { default: string }> };
    assert.equal(action.runs.using, 'composite');
    const step = action.runs.steps.find((s) => s.id === 'check')!;
    const output = path.join(tmp, 'github-output');
    fs.writeFileSync(output, '');
    const env = { ...process.env, GITHUB_OUTPUT: output, INPUT_PATH: '.', INPUT_FAIL_ON: 'warning', INPUT_SARIF: 'out.sarif', INPUT_PACKAGE: tarball, INPUT_ARGS: '', npm_config_offline: 'true' };
    const r = spawnSync('bash', ['-c', step.run], { encoding: 'utf8', cwd: project, env });
    assert.equal(r.status, 1, r.stderr);
    const sarif = JSON.parse(fs.readFileSync(path.join(project, 'out.sarif'), 'utf8')) as { version: string; runs: { results: { ruleId: string; level: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }[] }[] }[] };
    assert.equal(sarif.version, '2.1.0');
    const results = sarif.runs[0]!.results.map((x) => [x.ruleId, x.level, x.locations[0]!.physicalLocation.artifactLocation.uri, x.locations[0]!.physicalLocation.region.startLine, x.locations[0]!.physicalLocation.region.startColumn]);
    assert.deepEqual(results, [['passrole-wildcard-resource', 'warning', 'deploy.json', 4, 64]]);
    assert.match(r.stdout, /^deploy\.json:4:64 warning passrole-wildcard-resource /m);
    assert.equal(fs.readFileSync(output, 'utf8'), 'sarif=out.sarif\n');
    assert.equal(action.inputs['fail-on']!.default, 'error');
  });

  test('the pre-commit hook: pre-commit try-repo fails on the finding, passes once it is fixed', () => {
    const version = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' });
    assert.equal(version.status, 0, 'pre-commit is not installed: apt-get install -y pre-commit');
    const prefix = path.join(tmp, 'global');
    const g = spawnSync(NPM, ['install', '-g', '--prefix', prefix, '--offline', '--no-audit', '--no-fund', tarball], { encoding: 'utf8' });
    assert.equal(g.status, 0, g.stderr);
    const repo = path.join(tmp, 'repo');
    fs.mkdirSync(path.join(repo, 'iam'), { recursive: true });
    const env = { ...process.env, PATH: `${path.join(prefix, 'bin')}${path.delimiter}${process.env['PATH']}`, PRE_COMMIT_HOME: path.join(tmp, 'pre-commit-home'), GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' };
    const git = (...args: string[]) => assert.equal(spawnSync('git', args, { cwd: repo, env, encoding: 'utf8' }).status, 0, `git ${args.join(' ')}`);
    git('init', '-q');
    fs.writeFileSync(path.join(repo, 'iam', 'deploy.json'), POLICY);
    fs.writeFileSync(path.join(repo, 'notes.md'), '# not a policy: the hook does not see it\n');
    git('add', '.');
    const tryRepo = () => spawnSync('pre-commit', ['try-repo', ROOT, 'iam-role-lens', '--all-files', '--verbose', '--hook-stage', 'manual'], { cwd: repo, env, encoding: 'utf8' });
    const failing = tryRepo();
    assert.equal(failing.status, 1, failing.stdout + failing.stderr);
    assert.match(failing.stdout, /IAM Role Lens \(PassRole and trust policies\)\.+Failed/);
    assert.match(failing.stdout, /iam\/deploy\.json:4:64 warning passrole-wildcard-resource/);
    assert.doesNotMatch(failing.stdout, /notes\.md/);
    fs.writeFileSync(path.join(repo, 'iam', 'deploy.json'), POLICY.replace('"Resource": "*" }', '"Resource": "*", "Condition": { "StringEquals": { "iam:PassedToService": "lambda.amazonaws.com" } } }'));
    git('add', '.');
    const passing = tryRepo();
    assert.equal(passing.status, 0, passing.stdout + passing.stderr);
    assert.match(passing.stdout, /IAM Role Lens \(PassRole and trust policies\)\.+Passed/);
  });
});

// Roles across files at scale: a generated workspace of 2,000 policy and template files (JSON identity policies
// with PassRole grants, trust-policy files named by each convention, JSON and YAML templates with roles,
// hand-offs, exports and imports), written to a temporary folder and removed afterwards. Measures, each in a
// fresh process so that time and peak memory are those of one run:
//   - indexing: WorkspaceIndex.set over every file, then the role map (time, peak RSS, heap kept by the index);
//   - `iam-role-lens check DIR --format json`: every file indexed, then analysed with the workspace (time, peak RSS).
// Run alone (`node scripts/bench-workspace.mjs [--files N] [--runs N] [--json]`) or from bench.mjs.
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

const SERVICES = ['lambda.amazonaws.com', 'codebuild.amazonaws.com', 'glue.amazonaws.com', 'states.amazonaws.com', 'ecs-tasks.amazonaws.com'];
const ACCOUNT = '111122223333';

/** Writes `count` files into `dir`: a quarter each of policies, trust-policy files, JSON and YAML templates. */
export function generateWorkspace(dir, count = 2000) {
  const write = (p, text) => {
    fs.mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
    fs.writeFileSync(path.join(dir, p), text);
  };
  const quarter = Math.floor(count / 4);
  const conventions = [(r) => `trust/${r}.trust.json`, (r) => `trust/${r}-trust-policy.json`, (r) => `trust/${r}/trust-policy.json`, (r) => `trust/${r}/trust.json`];
  // Roles of trust-policy files: Role0 … ; every fifth trusts another service than the one it is passed to.
  for (let i = 0; i < quarter; i++) {
    const service = SERVICES[(i + (i % 5 === 0 ? 1 : 0)) % SERVICES.length];
    const doc = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } } }] };
    write(conventions[i % 4](`Role${i}`), JSON.stringify(doc, null, 2) + '\n');
  }
  // Identity policies: each passes three roles of trust-policy files and one template role, by ARN.
  for (let i = 0; i < quarter; i++) {
    const grant = (role, service) => ({ Effect: 'Allow', Action: 'iam:PassRole', Resource: `arn:aws:iam::${ACCOUNT}:role/${role}`, Condition: { StringEquals: { 'iam:PassedToService': service } } });
    const statements = [{ Effect: 'Allow', Action: ['lambda:CreateFunction', 'codebuild:CreateProject', 'glue:CreateJob', 'states:CreateStateMachine', 'ecs:RunTask'], Resource: '*' }];
    for (let k = 0; k < 3; k++) {
      const r = (i * 3 + k) % quarter;
      statements.push(grant(`Role${r}`, SERVICES[r % SERVICES.length]));
    }
    statements.push(grant(`app-${i % quarter}-function`, 'lambda.amazonaws.com'));
    write(`policies/team-${Math.floor(i / 50)}/policy-${i}.json`, JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2) + '\n');
  }
  // JSON templates: a named role (exported), a function with it, a project handed a trust-file role by ARN.
  for (let i = 0; i < quarter; i++) {
    const t = {
      AWSTemplateFormatVersion: '2010-09-09',
      Resources: {
        FunctionRole: {
          Type: 'AWS::IAM::Role',
          Properties: {
            RoleName: `app-${i}-function`,
            AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: i % 7 === 0 ? 'states.amazonaws.com' : 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
            Policies: [{ PolicyName: 'data', PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObject', 'dynamodb:Query'], Resource: [`arn:aws:s3:::bucket-${i}/*`, `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/t${i}`] }] } }],
          },
        },
        Function: { Type: 'AWS::Lambda::Function', Properties: { Handler: 'index.handler', Runtime: 'python3.12', Code: { ZipFile: 'x' }, Role: { 'Fn::GetAtt': ['FunctionRole', 'Arn'] } } },
        Build: { Type: 'AWS::CodeBuild::Project', Properties: { ServiceRole: `arn:aws:iam::${ACCOUNT}:role/Role${(i * 5 + 1) % quarter}`, Source: { Type: 'NO_SOURCE' }, Artifacts: { Type: 'NO_ARTIFACTS' }, Environment: { Type: 'LINUX_CONTAINER', ComputeType: 'BUILD_GENERAL1_SMALL', Image: 'aws/codebuild/standard:7.0' } } },
      },
      Outputs: { FunctionRoleArn: { Value: { 'Fn::GetAtt': ['FunctionRole', 'Arn'] }, Export: { Name: `app-${i}-function-role-arn` } } },
    };
    write(`stacks/json/app-${i}.json`, JSON.stringify(t, null, 2) + '\n');
  }
  // YAML templates: their own role, a Glue job and functions handed roles of other files by export and by name.
  for (let i = 0; i < count - 3 * quarter; i++) {
    write(
      `stacks/yaml/jobs-${i}.yaml`,
      `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  JobRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: jobs-${i}
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: {Service: glue.amazonaws.com}
            Action: sts:AssumeRole
  Job:
    Type: AWS::Glue::Job
    Properties:
      Role: !Ref JobRole
      Command: {Name: glueetl, ScriptLocation: s3://scripts-${i}/job.py}
  Consumer:
    Type: AWS::Lambda::Function
    Properties:
      Handler: index.handler
      Runtime: python3.12
      Code: {ZipFile: x}
      Role: !ImportValue app-${i % quarter}-function-role-arn
  Reporter:
    Type: AWS::Lambda::Function
    Properties:
      Handler: report.handler
      Runtime: python3.12
      Code: {ZipFile: x}
      Role: arn:aws:iam::${ACCOUNT}:role/app-${(i + 1) % quarter}-function
Outputs:
  JobRoleArn:
    Value: !GetAtt JobRole.Arn
    Export: {Name: jobs-${i}-role-arn}
`,
    );
  }
}

function stats(samples) {
  const s = [...samples].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * (s.length - 1)))];
  return { median: q(0.5), p95: q(0.95), min: s[0], max: s[s.length - 1], n: s.length };
}

/** What one indexing process runs: every file read and indexed, then the role map; prints one JSON line. */
const INDEX_CHILD = `
const fs = require('node:fs');
const path = require('node:path');
const { WorkspaceIndex } = require(process.argv[1]);
const dir = process.argv[2];
const files = [];
const walk = (d) => { for (const e of fs.readdirSync(d, { withFileTypes: true })) { const p = path.join(d, e.name); if (e.isDirectory()) walk(p); else files.push(p); } };
walk(dir);
files.sort();
global.gc();
const heapBefore = process.memoryUsage().heapUsed;
const t0 = performance.now();
const index = new WorkspaceIndex({ load: () => undefined });
for (const f of files) {
  const name = path.relative(dir, f);
  index.set(name, fs.readFileSync(f, 'utf8'), { fileName: name, syntaxErrors: 'all' });
}
const indexMs = performance.now() - t0;
const t1 = performance.now();
const roles = index.roleMap();
const mapMs = performance.now() - t1;
global.gc();
const heapKept = process.memoryUsage().heapUsed - heapBefore;
const mismatches = roles.reduce((n, r) => n + r.handedTo.filter((h) => !h.trusted).length + r.passedBy.filter((g) => !g.trusted).length, 0);
process.stdout.write(JSON.stringify({ files: files.length, roles: roles.length, mismatches, indexMs, mapMs, heapKeptMB: heapKept / 1048576, maxRssMB: process.resourceUsage().maxRSS / 1024 }) + '\\n');
`;

/** One language server on the folder: time to read it, peak RSS, and 20 cross-file updates. */
async function benchServer(dir) {
  const require = createRequire(import.meta.url);
  const rpc = require('vscode-jsonrpc/node');
  const child = spawn(process.execPath, [path.join(root, 'bin', 'iam-role-lens-server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const conn = rpc.createMessageConnection(new rpc.StreamMessageReader(child.stdout), new rpc.StreamMessageWriter(child.stdin));
  const waiters = [];
  conn.onNotification('textDocument/publishDiagnostics', (p) => {
    for (const w of [...waiters]) if (w.uri === p.uri && w.test(p)) waiters.splice(waiters.indexOf(w), 1) && w.resolve(p);
  });
  let ended;
  const end = new Promise((resolve) => (ended = resolve));
  conn.onNotification('$/progress', (p) => p.value.kind === 'end' && ended(performance.now()));
  conn.onRequest('workspace/configuration', (p) => p.items.map(() => ({})));
  conn.onRequest('client/registerCapability', () => null);
  conn.onRequest('window/workDoneProgress/create', () => null);
  conn.listen();
  const diagnostics = (uri, test) => new Promise((resolve) => waiters.push({ uri, test, resolve }));
  const folder = pathToFileURL(dir).href;
  await conn.sendRequest('initialize', { processId: process.pid, rootUri: folder, workspaceFolders: [{ uri: folder, name: 'bench' }], capabilities: { workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true } }, window: { workDoneProgress: true } } });
  const t0 = performance.now();
  await conn.sendNotification('initialized', {});
  const indexMs = (await end) - t0;
  const hwm = () => Number(/VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'))[1]) / 1024;
  const peakMB = hwm();
  // policy-0 passes Role0 to Lambda; Role0 trusts CodeBuild: a mismatch, gone when the trust policy trusts Lambda.
  const policy = pathToFileURL(path.join(dir, 'policies/team-0/policy-0.json')).href;
  const trustFile = path.join(dir, 'trust/Role0.trust.json');
  const trustUri = pathToFileURL(trustFile).href;
  const mismatches = (p) => p.diagnostics.filter((d) => d.code === 'passrole-trust-mismatch').length;
  const opened = diagnostics(policy, () => true);
  await conn.sendNotification('textDocument/didOpen', { textDocument: { uri: policy, languageId: 'json', version: 1, text: fs.readFileSync(path.join(dir, 'policies/team-0/policy-0.json'), 'utf8') } });
  const before = mismatches(await opened);
  const original = fs.readFileSync(trustFile, 'utf8');
  const trustOpened = diagnostics(trustUri, () => true);
  await conn.sendNotification('textDocument/didOpen', { textDocument: { uri: trustUri, languageId: 'json', version: 1, text: original } });
  await trustOpened;
  const crossMs = [];
  for (let i = 0; i < 20; i++) {
    const fixed = i % 2 === 0;
    const text = fixed ? original.replace('codebuild.amazonaws.com', 'lambda.amazonaws.com') : original;
    const next = diagnostics(policy, (p) => mismatches(p) === (fixed ? before - 1 : before));
    const t = performance.now();
    await conn.sendNotification('textDocument/didChange', { textDocument: { uri: trustUri, version: i + 2 }, contentChanges: [{ text }] });
    await next;
    crossMs.push(performance.now() - t);
  }
  await conn.sendRequest('shutdown');
  await conn.sendNotification('exit');
  conn.dispose();
  return { indexMs, peakMB, crossMs };
}

/**
 * Measures the generated workspace; `record(name, unit, stats, goal)` and `log(...)` as bench.mjs has them.
 * Returns the figures.
 */
export async function benchWorkspace({ record, log, files = 2000, runs = 5 }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iam-role-lens-bench-ws-'));
  try {
    generateWorkspace(dir, files);
    const bytes = (function size(d) {
      return fs.readdirSync(d, { withFileTypes: true }).reduce((n, e) => n + (e.isDirectory() ? size(path.join(d, e.name)) : fs.statSync(path.join(d, e.name)).size), 0);
    })(dir);
    log(`workspace: ${files} generated files (${(bytes / 1048576).toFixed(1)} MB) in ${dir}`);

    const index = [];
    for (let run = 0; run < runs; run++) {
      const r = spawnSync(process.execPath, ['--expose-gc', '-e', INDEX_CHILD, path.join(root, 'out/server/src/engine/workspace.js'), dir], { encoding: 'utf8', maxBuffer: 1 << 24 });
      if (r.status !== 0) throw new Error(`indexing failed: ${r.stderr}`);
      index.push(JSON.parse(r.stdout));
    }
    const first = index[0];
    log(`index: ${first.files} files, ${first.roles} roles, ${first.mismatches} mismatches in the map`);
    record(`workspace index: WorkspaceIndex.set over ${files} files (fresh process)`, 'ms', stats(index.map((x) => x.indexMs)), '< 10000');
    record(`workspace index: role map of ${first.roles} roles`, 'ms', stats(index.map((x) => x.mapMs)));
    record('workspace index: heap kept by the index (after GC)', 'MB', stats(index.map((x) => x.heapKeptMB)));
    record('workspace index: peak RSS of the indexing process', 'MB', stats(index.map((x) => x.maxRssMB)), '< 250');

    // The CLI as a user runs it; peak RSS reported by the process itself as it exits.
    const preload = path.join(dir, '.maxrss.cjs');
    fs.writeFileSync(preload, "process.on('exit', () => process.stderr.write('\\nmaxrss-kb ' + process.resourceUsage().maxRSS + '\\n'));\n");
    const times = [];
    const rss = [];
    let findings = 0;
    for (let run = 0; run < runs; run++) {
      const t0 = performance.now();
      const r = spawnSync(process.execPath, ['-r', preload, path.join(root, 'bin', 'iam-role-lens.js'), 'check', dir, '--format', 'json', '--fail-on', 'none'], { encoding: 'utf8', maxBuffer: 1 << 28 });
      times.push(performance.now() - t0);
      if (r.status !== 0) throw new Error(`check failed (${r.status}): ${r.stderr}`);
      rss.push(Number(/maxrss-kb (\d+)/.exec(r.stderr)[1]) / 1024);
      const doc = JSON.parse(r.stdout);
      findings = doc.files.reduce((n, f) => n + f.findings.filter((x) => x.related.some((y) => y.path !== f.path)).length, 0);
    }
    log(`check: ${findings} findings with related places in another file`);
    record(`CLI check of the ${files}-file workspace, --format json (process)`, 'ms', stats(times));
    record('CLI check of the workspace: peak RSS', 'MB', stats(rss));

    // The language server as an editor starts it on the folder: reads it in the background, then an edit of a
    // trust policy changes the diagnostics of a policy that passes the role.
    const server = [];
    for (let run = 0; run < Math.min(runs, 3); run++) server.push(await benchServer(dir));
    record(`language server: ${files}-file workspace read (initialized → progress end)`, 'ms', stats(server.map((x) => x.indexMs)), '< 10000');
    record('language server: peak RSS after reading the workspace (server and its workers)', 'MB', stats(server.map((x) => x.peakMB)), '< 250');
    record('language server: edit of a trust policy → diagnostics of the policy that passes the role', 'ms', stats(server.flatMap((x) => x.crossMs)), '< 300');
    return { index, check: { times, rss, findings }, server };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const arg = (name, fallback) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? Number(process.argv[i + 1]) : fallback;
  };
  const asJson = process.argv.includes('--json');
  const figures = [];
  const log = (...a) => (asJson ? process.stderr.write(a.join(' ') + '\n') : console.log(...a));
  if (!fs.existsSync(path.join(root, 'out/server/src/engine/workspace.js')) || !fs.existsSync(path.join(root, 'dist/cli.js'))) {
    console.error('the build is missing: run `npm run build` first.');
    process.exit(2);
  }
  await benchWorkspace({ record: (name, unit, st, goal) => figures.push({ name, unit, ...st, goal }), log, files: arg('--files', 2000), runs: arg('--runs', 5) });
  if (asJson) process.stdout.write(JSON.stringify(figures, null, 2) + '\n');
  else {
    const f = (x) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));
    for (const x of figures) console.log(`${x.name}: median ${f(x.median)} ${x.unit}, spread ${f(x.min)}–${f(x.max)}, n ${x.n}${x.goal ? ` (goal ${x.goal})` : ''}`);
  }
}

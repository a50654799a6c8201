// `npm run bench [-- --json]`: speed and memory figures, printed as a table (or one JSON document).
// Measures, on the built bundles:
//   - engine throughput over the AWS managed policies in-process, next to jsonc-parser's parse alone (the floor);
//   - CLI wall time over the same folder (a whole process: start-up, data loading, every file);
//   - the Terraform corpus (test/corpus/terraform) through the engine in-process, next to tree-sitter's own parse
//     of the same files with the same grammar (the floor), and the CLI over it (`--terraform`: only this);
//   - a generated workspace of 2,000 files: indexing time and memory, and `check` over it (bench-workspace.mjs);
//   - LSP latency through the real server over stdio: didChange → publishDiagnostics for a typical policy,
//     the largest managed policy and a generated 1 MB CloudFormation template; hover and codeAction round trips;
//   - the server's RSS after start, after loading all IAM data, and after the 1 MB template;
//   - server start-up (spawn → initialize answered → first diagnostics) and the VSIX size;
//   - typing in 5 MB and 1 MB templates, JSON and YAML (30 edits 200 ms apart, fresh server per run): last edit
//     → its diagnostics, peak RSS, RSS after open and 5 s after typing stops; hovers on another document while
//     the 1 MB template is edited with a code-action request after every edit;
//   - the CLI on 8,000 PassRole statements.
// Figures are medians with the 95th percentile and spread; goals are printed beside them, never asserted.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchWorkspace } from './bench-workspace.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const require = createRequire(import.meta.url);
const asJson = process.argv.includes('--json');
// `--large`: only the large-document and CLI-at-scale figures (sections 6–8), a few minutes shorter.
// `--only=a,b`: only these sections, to measure what a change touches: engine (managed corpus vs the
// jsonc-parser floor), yaml (CloudFormation YAML corpus vs the yaml package's parse), cli, workspace, lsp,
// terraform, typing5, typing1, yamltyping5, yamltyping1, codeactions, passrole, corpusrss. `--runs=N`: runs of
// each typing scenario and of the corpusrss servers (default 3).
const onlyLarge = process.argv.includes('--large');
const onlyTerraform = process.argv.includes('--terraform');
const onlyArg = process.argv.find((a) => a.startsWith('--only='));
// `--terraform` is `--only=terraform`.
const sections = onlyArg ? new Set(onlyArg.slice('--only='.length).split(',')) : onlyTerraform ? new Set(['terraform']) : undefined;
const LARGE = new Set(['typing5', 'typing1', 'yamltyping5', 'yamltyping1', 'codeactions', 'passrole']);
const wanted = (name) => (sections ? sections.has(name) : !onlyLarge || LARGE.has(name));
const typingRuns = Number(/^--runs=(\d+)$/.exec(process.argv.find((a) => a.startsWith('--runs=')) ?? '')?.[1] ?? 3);
const log = (...a) => (asJson ? process.stderr.write(a.join(' ') + '\n') : console.log(...a));

for (const f of ['dist/server.js', 'dist/cli.js', 'out/server/src/engine/index.js', 'out/test/support/lsp-client.js']) {
  if (!fs.existsSync(path.join(root, f))) {
    console.error(`${f} is missing: run \`npm run build\` first.`);
    process.exit(2);
  }
}

const { parseTree } = require('jsonc-parser');
const engine = require(path.join(root, 'out/server/src/engine/index.js'));
// The engine runs here as the CLI and the language server run it: with their V8 flag (no allocation-site
// pretenuring, server/src/lsp/gc.ts). The parse floor is measured in the same process, under the same flag.
require(path.join(root, 'out/server/src/lsp/gc.js')).noPretenuring();
const { LspClient } = require(path.join(root, 'out/test/support/lsp-client.js'));

const corpusDir = path.join(root, 'test', 'corpus', 'managed-policies');
const files = fs.readdirSync(corpusDir).filter((f) => f.endsWith('.json')).sort();
const texts = files.map((f) => fs.readFileSync(path.join(corpusDir, f), 'utf8'));

function stats(samples) {
  const s = [...samples].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * (s.length - 1)))];
  return { median: q(0.5), p95: q(0.95), min: s[0], max: s[s.length - 1], n: s.length };
}
const ms = (x) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const now = () => Number(process.hrtime.bigint()) / 1e6;
/** CPU time of this process (user + system), in ms: steadier than wall time on a shared, loaded host. */
const cpuNow = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

const results = { machine: {}, figures: [] };
function record(name, unit, st, goal) {
  results.figures.push({ name, unit, ...st, goal });
}

// Machine
const os = await import('node:os');
results.machine = { node: process.version, cpus: os.cpus().length, cpu: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30), platform: `${os.platform()} ${os.release()}` };
log(`machine: ${results.machine.cpus} × ${results.machine.cpu}, ${results.machine.memoryGiB} GiB, Node ${results.machine.node}`);

if (wanted('engine')) {
  // 1. Engine vs parse floor, in-process (after one warm-up pass that loads the data the corpus needs).
  for (const t of texts) engine.analyze(t, { syntaxErrors: 'all' });
  const engineRuns = [];
  const parseRuns = [];
  // Separate loops (interleaved, each parse run paid for the collections of the engine's garbage), after the
  // warm-up pass above has also warmed jsonc-parser, which the engine uses. This VM's speed swings by up to 2×
  // between runs, so the ratio is taken between the best runs of each (the least disturbed), and printed
  // beside the medians.
  const parseCpu = [];
  const engineCpu = [];
  for (let run = 0; run < 9; run++) {
    const t0 = now();
    const c0 = cpuNow();
    for (const t of texts) parseTree(t, [], { disallowComments: true });
    parseRuns.push(now() - t0);
    parseCpu.push(cpuNow() - c0);
  }
  for (let run = 0; run < 9; run++) {
    const t0 = now();
    const c0 = cpuNow();
    for (const t of texts) engine.analyze(t, { syntaxErrors: 'all' });
    engineRuns.push(now() - t0);
    engineCpu.push(cpuNow() - c0);
  }
  const eng = stats(engineRuns);
  const par = stats(parseRuns);
  record(`engine over ${texts.length} managed policies`, 'ms', eng);
  record('jsonc-parser parse alone (floor)', 'ms', par);
  results.figures.push({ name: 'engine / parse floor (best runs)', unit: '×', median: eng.min / par.min, goal: '≤ 3' });
  results.figures.push({ name: 'engine / parse floor (medians)', unit: '×', median: eng.median / par.median });
  record('engine over the managed policies, CPU time', 'ms', stats(engineCpu));
  record('parse floor, CPU time', 'ms', stats(parseCpu));
  results.figures.push({ name: 'engine / parse floor, CPU time (medians)', unit: '×', median: stats(engineCpu).median / stats(parseCpu).median, goal: '≤ 3' });
  log(`engine ${ms(eng.median)} ms vs parse ${ms(par.median)} ms over ${texts.length} files`);
}

// 1b. CloudFormation YAML templates through the engine, next to the yaml package's own parse (the floor).
const yamlDir = [path.join(root, '..', 'shared'), path.join(root, '..', '..', 'shared')].map((d) => path.join(d, 'corpus', 'cloudformation-yaml')).find((d) => fs.existsSync(d)) ?? '';
if (wanted('yaml') && fs.existsSync(yamlDir)) {
  const { parseAllDocuments } = require('yaml');
  // The same tags the engine's front end declares (`!Ref`, `!GetAtt` …): without them the parser reports each
  // as unknown, which is work the engine does not do.
  const { CUSTOM_TAGS } = require(path.join(root, 'out/server/src/engine/formats/yaml.js'));
  const yamlFiles = fs.readdirSync(yamlDir).filter((f) => /\.ya?ml$/.test(f)).sort();
  const yamlTexts = yamlFiles.map((f) => fs.readFileSync(path.join(yamlDir, f), 'utf8'));
  const kb = yamlTexts.reduce((n, t) => n + t.length, 0) / 1024;
  for (let i = 0; i < yamlTexts.length; i++) engine.analyze(yamlTexts[i], { fileName: yamlFiles[i], syntaxErrors: 'all' });
  const parseRuns = [];
  const engineRuns = [];
  const parseCpu = [];
  const engineCpu = [];
  for (let run = 0; run < 9; run++) {
    const t0 = now();
    const c0 = cpuNow();
    for (const t of yamlTexts) parseAllDocuments(t, { customTags: CUSTOM_TAGS, uniqueKeys: false, prettyErrors: false, strict: false });
    parseRuns.push(now() - t0);
    parseCpu.push(cpuNow() - c0);
  }
  for (let run = 0; run < 9; run++) {
    const t0 = now();
    const c0 = cpuNow();
    for (let i = 0; i < yamlTexts.length; i++) engine.analyze(yamlTexts[i], { fileName: yamlFiles[i], syntaxErrors: 'all' });
    engineRuns.push(now() - t0);
    engineCpu.push(cpuNow() - c0);
  }
  const eng = stats(engineRuns);
  const par = stats(parseRuns);
  record(`engine over ${yamlTexts.length} CloudFormation YAML templates (${kb.toFixed(0)} KB)`, 'ms', eng);
  record('yaml parseAllDocuments alone, same tags (floor)', 'ms', par);
  results.figures.push({ name: 'YAML engine / parse floor (best runs)', unit: '×', median: eng.min / par.min });
  results.figures.push({ name: 'YAML engine / parse floor (medians)', unit: '×', median: eng.median / par.median });
  results.figures.push({ name: 'YAML engine / parse floor, CPU time (medians)', unit: '×', median: stats(engineCpu).median / stats(parseCpu).median });
  log(`YAML: engine ${ms(eng.median)} ms vs parse ${ms(par.median)} ms over ${yamlTexts.length} files`);
}

if (wanted('cli')) {
  // 2. CLI wall time over the folder, whole process.
  const cliRuns = [];
  for (let run = 0; run < 5; run++) {
    const t0 = now();
    const r = spawnSync(process.execPath, [path.join(root, 'bin', 'iam-role-lens.js'), 'check', corpusDir, '--format', 'json', '--fail-on', 'none'], { maxBuffer: 1 << 28 });
    cliRuns.push(now() - t0);
    if (r.status !== 0) throw new Error(`CLI failed: ${r.stderr}`);
  }
  record(`CLI check over ${texts.length} files (process)`, 'ms', stats(cliRuns), '< 1500');
  log(`CLI ${ms(stats(cliRuns).median)} ms`);
}

// 2a. The Terraform corpus: every .tf file through the engine (as one workspace, each folder a module, as the
// CLI reads it), next to tree-sitter's parse of the same texts with the same grammar, which the engine starts with.
if (wanted('terraform')) {
  const { initHcl, defaultHclFiles } = require(path.join(root, 'out/server/src/engine/formats/hcl.js'));
  const { WorkspaceIndex } = require(path.join(root, 'out/server/src/engine/workspace.js'));
  await initHcl();
  const tfDir = path.join(root, 'test', 'corpus', 'terraform');
  const tfWalk = (d) => fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? tfWalk(path.join(d, e.name)) : e.name.endsWith('.tf') ? [path.join(d, e.name)] : []));
  const tfFiles = tfWalk(tfDir).sort();
  const tfTexts = tfFiles.map((f) => fs.readFileSync(f, 'utf8'));
  const bytes = tfTexts.reduce((n, t) => n + Buffer.byteLength(t), 0);
  // The grammar's own parser, loaded from the same files the engine loads.
  const TreeSitter = require('web-tree-sitter');
  const hclFiles = defaultHclFiles();
  await TreeSitter.Parser.init({ locateFile: () => hclFiles.runtime });
  const parser = new TreeSitter.Parser();
  parser.setLanguage(await TreeSitter.Language.load(hclFiles.grammar));
  const engineOnce = () => {
    const index = new WorkspaceIndex({ load: () => undefined });
    tfFiles.forEach((f, i) => index.set(f, tfTexts[i], { fileName: f, syntaxErrors: 'all' }));
    tfFiles.forEach((f, i) => engine.analyze(tfTexts[i], { fileName: f, syntaxErrors: 'all', workspace: index }));
  };
  engineOnce();
  const tsRuns = [];
  const tfRuns = [];
  for (let run = 0; run < 9; run++) {
    const t0 = now();
    for (const t of tfTexts) parser.parse(t).delete();
    tsRuns.push(now() - t0);
  }
  for (let run = 0; run < 9; run++) {
    const t0 = now();
    engineOnce();
    tfRuns.push(now() - t0);
  }
  const tf = stats(tfRuns);
  const ts = stats(tsRuns);
  record(`engine over the Terraform corpus (${tfFiles.length} .tf files, ${Math.round(bytes / 1024)} KB; index + check)`, 'ms', tf);
  record('tree-sitter parse alone, same files and grammar (floor)', 'ms', ts);
  results.figures.push({ name: 'Terraform: engine / tree-sitter parse (best runs)', unit: '×', median: tf.min / ts.min });
  results.figures.push({ name: 'Terraform: engine / tree-sitter parse (medians)', unit: '×', median: tf.median / ts.median });
  log(`Terraform: engine ${ms(tf.median)} ms vs tree-sitter ${ms(ts.median)} ms over ${tfFiles.length} files`);
  const tfCli = [];
  for (let run = 0; run < 5; run++) {
    const t0 = now();
    const r = spawnSync(process.execPath, [path.join(root, 'bin', 'iam-role-lens.js'), 'check', tfDir, '--format', 'json', '--fail-on', 'none'], { maxBuffer: 1 << 28 });
    tfCli.push(now() - t0);
    if (r.status !== 0) throw new Error(`CLI failed: ${r.stderr}`);
  }
  record(`CLI check over the Terraform corpus (process)`, 'ms', stats(tfCli));
}

// `--terraform`: the rows so far (sections 1–2a), then the table.
if (onlyTerraform) {
  report();
  process.exit(0);
}

// 2b. Roles across files: a generated 2,000-file workspace indexed, then checked (scripts/bench-workspace.mjs).
if (wanted('workspace')) await benchWorkspace({ record, log });

// 3–5. The language server over stdio.
function rssOf(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / 1024;
}

function template(targetBytes) {
  const resources = {};
  let i = 0;
  let size = 0;
  while (size < targetBytes) {
    resources[`Role${i}`] = {
      Type: 'AWS::IAM::Role',
      Properties: {
        AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: i % 2 ? 'lambda.amazonaws.com' : 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
        Policies: [{ PolicyName: `p${i}`, PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject', 'dynamodb:Query', 'sqs:SendMessage'], Resource: [`arn:aws:s3:::bucket-${i}/*`, `arn:aws:dynamodb:us-east-1:111122223333:table/t${i}`] }] } }],
      },
    };
    resources[`Deployer${i}`] = {
      Type: 'AWS::IAM::ManagedPolicy',
      Properties: { PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['lambda:CreateFunction', 'ecs:RunTask'], Resource: '*' }, { Effect: 'Allow', Action: 'iam:PassRole', Resource: { 'Fn::GetAtt': [`Role${i}`, 'Arn'] }, Condition: { StringEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' } } }] } },
    };
    i++;
    if (i % 50 === 0) size = JSON.stringify({ Resources: resources }, null, 2).length;
  }
  return { text: JSON.stringify({ AWSTemplateFormatVersion: '2010-09-09', Resources: resources }, null, 2), policies: i * 3 };
}

async function lspBench() {
  // The protocol tests' client (spawns bin/iam-role-lens-server.js --stdio), with edits analysed at once.
  const t0 = now();
  const client = new LspClient();
  client.settings = { debounceMs: 0 };
  await client.initialize();
  const initMs = now() - t0;
  const pid = client.process.pid;
  const rssStart = rssOf(pid);
  const hoverAt = (uri, character) => client.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character } });
  async function open(uri, text) {
    return { diagnostics: await client.open(uri, text) };
  }
  async function change(uri, text) {
    const start = now();
    const diagnostics = await client.change(uri, text);
    return { ms: now() - start, diagnostics };
  }

  const typical = texts.filter((t) => t.length > 1800 && t.length < 2300)[0];
  const largest = texts.reduce((a, b) => (b.length > a.length ? b : a));
  const first = now();
  await open('file:///bench/first.json', typical);
  const firstDiag = now() - first + initMs;

  async function editLoop(uri, text, n) {
    await open(uri, text);
    const samples = [];
    for (let i = 0; i < n; i++) {
      // A keystroke: change one character inside a string, alternating, so every version differs.
      const at = text.indexOf('"Effect"');
      const edited = i % 2 ? text : text.slice(0, at + 1) + 'E' + text.slice(at + 2);
      samples.push((await change(uri, edited)).ms);
    }
    return stats(samples);
  }
  const typ = await editLoop('file:///bench/typical.json', typical, 200);
  record(`didChange → diagnostics, typical policy (${(typical.length / 1024).toFixed(1)} KB)`, 'ms', typ, '< 10');
  const big = await editLoop('file:///bench/largest.json', largest, 40);
  record(`didChange → diagnostics, largest managed policy (${(largest.length / 1024).toFixed(0)} KB)`, 'ms', big);

  // Hover and code action round trips on the typical policy.
  const hoverSamples = [];
  const hoverUri = 'file:///bench/hover.json';
  const hoverText = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["iam:PassRole", "lambda:CreateFunction", "s3:Get*"], "Resource": "*"}]}';
  const d = await open(hoverUri, hoverText);
  for (let i = 0; i < 300; i++) {
    const needle = ['iam:PassRole', 'lambda:CreateFunction', 's3:Get*'][i % 3];
    const start = now();
    await hoverAt(hoverUri, hoverText.indexOf(needle) + 2);
    hoverSamples.push(now() - start);
  }
  record('hover round trip', 'ms', stats(hoverSamples), '< 5');
  const actionSamples = [];
  const diag = d.diagnostics.find((x) => x.code === 'passrole-wildcard-resource');
  for (let i = 0; i < 200; i++) {
    const start = now();
    await client.request('textDocument/codeAction', { textDocument: { uri: hoverUri }, range: diag.range, context: { diagnostics: [diag] } });
    actionSamples.push(now() - start);
  }
  record('codeAction round trip', 'ms', stats(actionSamples));

  // All IAM data: a hover on "*" expands over every service.
  const starUri = 'file:///bench/star.json';
  const starText = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}';
  await open(starUri, starText);
  await hoverAt(starUri, starText.indexOf('"*"') + 1);
  const rssAllData = rssOf(pid);

  const tpl = template(1024 * 1024);
  const tplUri = 'file:///bench/template.json';
  const tplStart = now();
  await open(tplUri, tpl.text);
  const tplOpen = now() - tplStart;
  const tplSamples = [];
  for (let i = 0; i < 20; i++) {
    const edited = i % 2 ? tpl.text : tpl.text.replace('"p0"', '"q0"');
    tplSamples.push((await change(tplUri, edited)).ms);
  }
  record(`didChange → diagnostics, ${(tpl.text.length / 1024 / 1024).toFixed(2)} MB template (${tpl.policies} policies)`, 'ms', stats(tplSamples), '< 150');
  // Responsiveness: a hover on the small document while the template is being analysed.
  const blockSamples = [];
  for (let i = 0; i < 10; i++) {
    // The change is sent before the hover; its diagnostics are awaited after.
    const analysed = client.change(tplUri, i % 2 ? tpl.text : tpl.text.replace('"p1"', '"q1"'));
    const start = now();
    await hoverAt(hoverUri, hoverText.indexOf('iam:PassRole') + 2);
    blockSamples.push(now() - start);
    await analysed;
  }
  record('hover answered while the 1 MB template is analysed', 'ms', stats(blockSamples));
  const rssTemplate = rssOf(pid);
  // V8 returns memory to the system once the allocation rate drops (its memory reducer): the figure a
  // user sees a little after typing stops.
  await new Promise((resolve) => setTimeout(resolve, 12_000));
  const rssSettled = rssOf(pid);
  // The analysis worker for large documents stops after a minute without one.
  await new Promise((resolve) => setTimeout(resolve, 60_000));
  const rssWorkerGone = rssOf(pid);
  record('server start: spawn → initialize answered', 'ms', { median: initMs });
  record('server start: spawn → first diagnostics', 'ms', { median: firstDiag });
  record('1 MB template: didOpen → diagnostics', 'ms', { median: tplOpen });
  record('server RSS after start', 'MB', { median: rssStart }, '< 150');
  record('server RSS after loading all IAM data', 'MB', { median: rssAllData }, '< 150');
  record('server RSS right after 30 edits of the 1 MB template', 'MB', { median: rssTemplate });
  record('server RSS 12 s later (template open, worker running)', 'MB', { median: rssSettled });
  record('server RSS 72 s later (template open, worker stopped)', 'MB', { median: rssWorkerGone }, '< 150');
  await client.stop();
}
if (wanted('lsp')) await lspBench();

// 5b. The server's memory over the managed corpus opened one document at a time (open, its diagnostics, close),
// as a reviewer goes through policies: resident memory at start and the peak (VmHWM), several servers.
if (wanted('corpusrss')) {
  const peaks = [];
  const starts = [];
  for (let run = 0; run < Math.min(typingRuns, 5); run++) {
    const client = new LspClient();
    await client.initialize();
    const pid = client.process.pid;
    starts.push(rssOf(pid));
    for (let i = 0; i < texts.length; i++) {
      const uri = `file:///bench/managed/${files[i]}`;
      await client.open(uri, texts[i]);
      await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    }
    peaks.push(Number(/VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024);
    await client.stop();
  }
  record(`server RSS at start (${starts.length} servers)`, 'MB', stats(starts));
  record(`server peak RSS, the ${texts.length} managed policies opened one at a time`, 'MB', stats(peaks), '< 120');
  log(`managed corpus one at a time: peak ${peaks.map((x) => x.toFixed(0)).join(' / ')} MB`);
}

// 6. Editing large templates as a person types: 30 one-character edits 200 ms apart (default debounce),
// each run in a fresh server so its peak RSS (VmHWM) is that of the run. Several runs: median and spread.
function peakOf(pid) {
  return Number(/VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;
}
const sleep = (msecs) => new Promise((resolve) => setTimeout(resolve, msecs));
/** The position of the `n`th character of `text` (0-based lines and columns). */
function positionAt(text, offset) {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

async function typingRun(text, { codeActions = false, yaml = false } = {}) {
  const client = new LspClient();
  await client.initialize();
  const pid = client.process.pid;
  const uri = yaml ? 'file:///bench/typing.template.yaml' : 'file:///bench/typing.template.json';
  const smallUri = 'file:///bench/small.json';
  const small = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::111122223333:role/app"}]}';
  await client.open(smallUri, small);
  await client.open(uri, text, yaml ? 'yaml' : 'json');
  const idle = rssOf(pid);
  // The `p` of `"p0"` (the first inline policy's name), typed over and over.
  const at = positionAt(text, yaml ? text.indexOf('PolicyName: p0') + 'PolicyName: '.length : text.indexOf('"p0"') + 1);
  const range = { start: at, end: { line: at.line, character: at.character + 1 } };
  const hovers = [];
  let version = 1;
  let lastSent = 0;
  for (let i = 0; i < 30; i++) {
    version++;
    lastSent = now();
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text: i % 2 ? 'p' : 'q' }] });
    if (codeActions) {
      // As the editor does after an edit: code actions at the cursor (no diagnostic there), then a hover
      // on another document.
      void client.request('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics: [] } });
      const h0 = now();
      await client.request('textDocument/hover', { textDocument: { uri: smallUri }, position: { line: 0, character: small.indexOf('iam:PassRole') + 2 } });
      hovers.push(now() - h0);
    }
    if (i < 29) await sleep(Math.max(0, 200 - (now() - lastSent)));
  }
  await client.diagnostics(uri, (p) => p.version === version);
  const lastMs = now() - lastSent;
  const peak = peakOf(pid);
  await sleep(5000);
  const settled = rssOf(pid);
  await client.stop();
  return { lastMs, peak, idle, settled, hovers };
}

async function typingBench(label, text, runs, goals, { yaml = false } = {}) {
  const results = [];
  for (let r = 0; r < runs; r++) results.push(await typingRun(text, { yaml }));
  const mb = `${(text.length / 1024 / 1024).toFixed(2)} MB${yaml ? ' YAML' : ''}`;
  record(`${mb} template, 30 edits 200 ms apart: last edit → its diagnostics (${runs} runs)`, 'ms', stats(results.map((x) => x.lastMs)), goals.ms);
  record(`${mb} template: server peak RSS while editing (${runs} runs)`, 'MB', stats(results.map((x) => x.peak)), goals.mb);
  record(`${mb} template: RSS after open, before editing (${runs} runs)`, 'MB', stats(results.map((x) => x.idle)));
  record(`${mb} template: RSS 5 s after the last diagnostics (${runs} runs)`, 'MB', stats(results.map((x) => x.settled)));
  log(`${label}: last edit ${results.map((x) => ms(x.lastMs)).join(' / ')} ms, peak ${results.map((x) => x.peak.toFixed(0)).join(' / ')} MB`);
}

// Just under the default 5 MB size limit (a larger file is reported once and not analysed).
if (wanted('typing5')) {
  const tpl5 = template(4.7 * 1024 * 1024);
  await typingBench('5 MB', tpl5.text, typingRuns, { ms: '< 1500', mb: '< 350' });
}
const tpl1 = template(1024 * 1024);
if (wanted('typing1')) await typingBench('1 MB', tpl1.text, typingRuns, { ms: '< 200', mb: '< 200' });

// The same in CloudFormation YAML: the same resources written as YAML (about two thirds of the JSON's size,
// so made from a larger template), with the same goals.
function yamlTemplate(targetBytes) {
  const { stringify } = require('yaml');
  return stringify(JSON.parse(template(targetBytes * 1.5).text));
}
if (wanted('yamltyping5')) await typingBench('5 MB YAML', yamlTemplate(4.7 * 1024 * 1024), typingRuns, { ms: '< 1500', mb: '< 350' }, { yaml: true });
if (wanted('yamltyping1')) await typingBench('1 MB YAML', yamlTemplate(1024 * 1024), typingRuns, { ms: '< 200', mb: '< 200' }, { yaml: true });

// 7. A code-action request after every edit of the 1 MB template, and a hover on another document.
if (wanted('codeactions')) {
  const runs = [];
  for (let r = 0; r < 2; r++) runs.push(await typingRun(tpl1.text, { codeActions: true }));
  record('hover on another document while the 1 MB template is edited, code actions after every edit (2 runs × 30)', 'ms', stats(runs.flatMap((x) => x.hovers)), '< 50');
  record('… server peak RSS (2 runs)', 'MB', stats(runs.map((x) => x.peak)), '< 350');
  log(`code actions: hover max ${ms(Math.max(...runs.flatMap((x) => x.hovers)))} ms, peak ${runs.map((x) => x.peak.toFixed(0)).join(' / ')} MB`);
}

// 8. The CLI on 8,000 PassRole statements on every role, with the actions of a Lambda escalation path.
if (wanted('passrole')) {
  const statements = Array.from({ length: 8000 }, (_, i) => `    {"Sid": "Pass${i}", "Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}`);
  statements.push('    {"Effect": "Allow", "Action": ["lambda:CreateFunction", "lambda:InvokeFunction"], "Resource": "*"}');
  const file = path.join(os.tmpdir(), `iam-role-lens-bench-passrole-${process.pid}.json`);
  fs.writeFileSync(file, `{\n  "Version": "2012-10-17",\n  "Statement": [\n${statements.join(',\n')}\n  ]\n}\n`);
  const runs = [];
  const count = Number(/^--cli-runs=(\d+)$/.exec(process.argv.find((a) => a.startsWith('--cli-runs=')) ?? '')?.[1] ?? 5);
  for (let run = 0; run < count; run++) {
    const t0 = now();
    // Stopped after two minutes: the figure is then a lower bound.
    const r = spawnSync(process.execPath, [path.join(root, 'bin', 'iam-role-lens.js'), 'check', file, '--format', 'json', '--fail-on', 'none'], { maxBuffer: 1 << 28, timeout: 120_000 });
    runs.push(now() - t0);
    if (r.error) log(`CLI stopped after ${ms(now() - t0)} ms`);
    else if (r.status !== 0) throw new Error(`CLI failed: ${r.stderr}`);
  }
  fs.rmSync(file, { force: true });
  record('CLI check, 8,000 PassRole statements in one file (process)', 'ms', stats(runs), '< 1000');
  log(`CLI 8,000 PassRole statements: ${runs.map(ms).join(' / ')} ms`);
}

// VSIX size (built by `npm run package`), when present.
const vsix = fs.readdirSync(root).filter((f) => f.endsWith('.vsix')).sort().pop();
if (vsix) record(`VSIX size (${vsix})`, 'MB', { median: fs.statSync(path.join(root, vsix)).size / 1024 / 1024 }, '< 3');
else log('no .vsix in the project root: run `npm run package` to measure its size');
const activation = path.join(root, 'test-results', 'e2e', 'activation.json');
if (fs.existsSync(activation)) {
  const a = JSON.parse(fs.readFileSync(activation, 'utf8'));
  record(`open policy → extension active, VS Code ${a.vscode} in code-server (last e2e run, ${a.at.slice(0, 10)})`, 'ms', { median: a.openToActiveMs });
  record('open policy → first diagnostics in VS Code (same run)', 'ms', { median: a.openToDiagnosticsMs });
} else {
  log('no test-results/e2e/activation.json: run `npm run test:e2e` to measure activation in VS Code');
}

report();

function report() {
  if (asJson) {
    process.stdout.write(JSON.stringify(results, null, 2) + '\n');
  } else {
    const rows = results.figures.map((f) => [f.name, `${ms(f.median)} ${f.unit}`, f.p95 !== undefined ? `${ms(f.p95)}` : '', f.min !== undefined ? `${ms(f.min)}–${ms(f.max)}` : '', f.n ?? 1, f.goal ?? '']);
    const head = ['measure', 'median', 'p95', 'spread', 'n', 'goal'];
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
    const line = (r) => '| ' + r.map((c, i) => String(c).padEnd(widths[i])).join(' | ') + ' |';
    console.log('');
    console.log(line(head));
    console.log('|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|');
    for (const r of rows) console.log(line(r));
  }
}

// Tests for the TextMate injection grammar syntaxes/iam-policy.injection.tmLanguage.json.
//
//   node scripts/test-grammar.mjs            check (non-interactive; exit code 1 on any failure)
//   node scripts/test-grammar.mjs --update   rewrite the *.snap files under test/grammar/cases
//                                           (also accepted: --updateSnapshot, -u)
//
// Steps, all of which must pass:
//   1. both grammars parse and every regex in the injection compiles with vscode-oniguruma;
//   2. snapshot test (vscode-tmgrammar-snap) of every test/grammar/cases/*.json against its .snap;
//      with no case files, a case without a .snap, or a .snap without a case, the run fails;
//   3. assertion test (vscode-tmgrammar-test) of test/grammar/assertions/*.assert.jsonc;
//   4. JSON equivalence: tokenizing every case with and without the injection must give each
//      character the same scopes once the *.iam-policy scopes are removed, i.e. the injection only
//      adds scopes and never changes how the JSON grammar tokenizes a document.
// The base JSON grammar is the vendored copy in test/grammar (see test/grammar/README.md); the
// binaries are the locally installed vscode-tmgrammar-test, run with this node (no npx).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const started = Date.now();
const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const grammarDir = path.join(root, 'test', 'grammar');
const configPath = path.join(grammarDir, 'tmgrammar-config.json');
const casesDir = path.join(grammarDir, 'cases');
const assertionsDir = path.join(grammarDir, 'assertions');
const OWN_SCOPE_SUFFIX = '.iam-policy';

let update = false;
for (const arg of process.argv.slice(2)) {
  if (arg === '--update' || arg === '--updateSnapshot' || arg === '-u') update = true;
  else if (arg === '--help' || arg === '-h') {
    console.log('Usage: node scripts/test-grammar.mjs [--update]');
    process.exit(0);
  } else {
    console.error(`test-grammar: unknown argument "${arg}" (only --update is accepted)`);
    process.exit(2);
  }
}

const failures = [];
const fail = (msg) => {
  failures.push(msg);
  console.error(`FAIL ${msg}`);
};
const rel = (p) => path.relative(root, p) || '.';

// vscode-textmate and vscode-oniguruma are resolved from vscode-tmgrammar-test, which depends on them,
// so that this script uses exactly the engine the snapshot and assertion tools use.
const requireFromHere = createRequire(import.meta.url);
const toolPkgPath = requireFromHere.resolve('vscode-tmgrammar-test/package.json');
const toolPkg = JSON.parse(fs.readFileSync(toolPkgPath, 'utf8'));
const requireFromTool = createRequire(toolPkgPath);
const tm = requireFromTool('vscode-textmate');
const oniguruma = requireFromTool('vscode-oniguruma');
const toolBin = (name) => path.resolve(path.dirname(toolPkgPath), toolPkg.bin[name]);

// ---------------------------------------------------------------------------------------------
// 1. Load the grammars named in the test configuration and compile every regex.
const config = JSON.parse(fs.readFileSync(configPath, 'utf8'));
const grammarEntries = config.contributes.grammars.map((g) => ({ ...g, path: path.resolve(grammarDir, g.path) }));
const baseEntry = grammarEntries.find((g) => g.scopeName === 'source.json');
const injectionEntry = grammarEntries.find((g) => Array.isArray(g.injectTo));
if (!baseEntry || !injectionEntry) {
  console.error(`test-grammar: ${rel(configPath)} must list source.json and one grammar with injectTo`);
  process.exit(1);
}

const rawText = new Map();
for (const entry of grammarEntries) {
  let text;
  try {
    text = fs.readFileSync(entry.path, 'utf8');
  } catch (e) {
    fail(`${rel(entry.path)}: cannot read (${e.message})`);
    continue;
  }
  let json;
  try {
    json = JSON.parse(text);
  } catch (e) {
    fail(`${rel(entry.path)}: not valid JSON (${e.message})`);
    continue;
  }
  if (json.scopeName !== entry.scopeName) fail(`${rel(entry.path)}: scopeName is "${json.scopeName}", expected "${entry.scopeName}"`);
  if (entry === injectionEntry && typeof json.injectionSelector !== 'string') fail(`${rel(entry.path)}: no injectionSelector`);
  rawText.set(entry.scopeName, { text, json, path: entry.path });
}
if (failures.length) finish();

const wasm = fs.readFileSync(path.join(path.dirname(requireFromTool.resolve('vscode-oniguruma')), 'onig.wasm'));
await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));

{
  const injection = rawText.get(injectionEntry.scopeName);
  let count = 0;
  (function walk(node, where) {
    if (Array.isArray(node)) return node.forEach((n, i) => walk(n, `${where}[${i}]`));
    if (!node || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if ((key === 'match' || key === 'begin' || key === 'end' || key === 'while') && typeof value === 'string') {
        count++;
        // vscode-oniguruma 1.7 does not always throw on an invalid pattern: the scanner it returns
        // then matches the empty string wherever the search starts. A valid pattern in this grammar
        // never matches the empty string at an arbitrary position of a meaningless string.
        try {
          const scanner = new oniguruma.OnigScanner([value]);
          const probe = new oniguruma.OnigString('\u0001'.repeat(8));
          const m = scanner.findNextMatchSync(probe, 3);
          probe.dispose();
          scanner.dispose();
          if (m && m.captureIndices[0].start === 3 && m.captureIndices[0].length === 0) {
            fail(`${rel(injection.path)}: regex at ${where}.${key} is invalid for Oniguruma (or matches the empty string anywhere): ${value}`);
          }
        } catch (e) {
          fail(`${rel(injection.path)}: regex at ${where}.${key} does not compile: ${e.message}`);
        }
      } else walk(value, `${where}.${key}`);
    }
  })(injection.json, '$');
  if (!failures.length) console.log(`ok   ${count} regexes in ${rel(injection.path)} compile`);
}
if (failures.length) finish();

// ---------------------------------------------------------------------------------------------
// 2. Snapshots.
const listFiles = (dir, suffix) =>
  fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith(suffix)).sort().map((f) => path.join(dir, f)) : [];
const cases = listFiles(casesDir, '.json');
const snaps = listFiles(casesDir, '.json.snap');
if (cases.length === 0) {
  fail(`no grammar test cases (*.json) in ${rel(casesDir)}`);
  finish();
}
if (!update) {
  for (const c of cases) if (!fs.existsSync(`${c}.snap`)) fail(`${rel(c)} has no snapshot; run: node scripts/test-grammar.mjs --update`);
  for (const s of snaps) if (!fs.existsSync(s.slice(0, -'.snap'.length))) fail(`${rel(s)} has no test case (delete it or restore the case)`);
}
if (!failures.length) {
  const args = [toolBin('vscode-tmgrammar-snap'), '--config', rel(configPath), ...(update ? ['--updateSnapshot'] : []), ...cases.map(rel)];
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) fail(`snapshot test (${path.basename(args[0])}) exited with ${r.status ?? r.signal}`);
}

// ---------------------------------------------------------------------------------------------
// 3. Assertions (// ^^^ scope lines; the tool strips them before tokenizing).
const assertionFiles = listFiles(assertionsDir, '.assert.jsonc');
if (assertionFiles.length === 0) fail(`no assertion files (*.assert.jsonc) in ${rel(assertionsDir)}`);
else {
  const args = [toolBin('vscode-tmgrammar-test'), '--config', rel(configPath), ...assertionFiles.map(rel)];
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) fail(`assertion test (${path.basename(args[0])}) exited with ${r.status ?? r.signal}`);
}

// ---------------------------------------------------------------------------------------------
// 4. JSON equivalence.
function makeRegistry(withInjection) {
  return new tm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scopeName) => {
      const g = rawText.get(scopeName);
      if (!g || (!withInjection && scopeName === injectionEntry.scopeName)) return null;
      return tm.parseRawGrammar(g.text, g.path);
    },
    getInjections: (scopeName) => (withInjection && injectionEntry.injectTo.includes(scopeName) ? [injectionEntry.scopeName] : []),
  });
}

function charScopes(grammar, lines, keepOwn) {
  const out = [];
  let stack = tm.INITIAL;
  for (const line of lines) {
    const r = grammar.tokenizeLine(line, stack);
    stack = r.ruleStack;
    const perChar = new Array(line.length).fill('');
    for (const t of r.tokens) {
      const scopes = (keepOwn ? t.scopes : t.scopes.filter((s) => !s.endsWith(OWN_SCOPE_SUFFIX))).join(' ');
      for (let i = t.startIndex; i < Math.min(t.endIndex, line.length); i++) perChar[i] = scopes;
    }
    out.push(perChar);
  }
  return out;
}

{
  const plain = await makeRegistry(false).loadGrammar('source.json');
  const injected = await makeRegistry(true).loadGrammar('source.json');
  const sources = [
    ...cases.map((f) => ({ file: f, lines: fs.readFileSync(f, 'utf8').split(/\r?\n/) })),
    ...assertionFiles.map((f) => ({
      file: f,
      lines: fs.readFileSync(f, 'utf8').split(/\r?\n/).slice(1).filter((l) => !/^\/\/\s*(\^|<~*-)/.test(l)),
    })),
  ];
  let checked = 0;
  for (const { file, lines } of sources) {
    const expected = charScopes(plain, lines, false);
    const actual = charScopes(injected, lines, false);
    const own = charScopes(injected, lines, true);
    let differences = 0;
    for (let l = 0; l < lines.length; l++) {
      for (let c = 0; c < lines[l].length; c++) {
        if (expected[l][c] !== actual[l][c]) {
          if (differences++ < 3) {
            fail(
              `${rel(file)}:${l + 1}:${c + 1}: the injection changes JSON scopes of '${lines[l][c]}'\n` +
                `       JSON only:      ${expected[l][c]}\n       with injection: ${actual[l][c]}`,
            );
          }
          break; // one report per line is enough
        }
      }
    }
    if (differences > 3) fail(`${rel(file)}: ${differences} lines differ in total`);
    if (!own.some((line) => line.some((s) => s.includes(OWN_SCOPE_SUFFIX)))) {
      fail(`${rel(file)}: no *${OWN_SCOPE_SUFFIX} scope at all; is the injection loaded?`);
    }
    checked += lines.length;
  }
  if (!failures.some((f) => f.includes('changes JSON scopes') || f.includes('lines differ') || f.includes('no *'))) {
    console.log(`ok   JSON equivalence: ${checked} lines in ${sources.length} files tokenize as plain JSON once *${OWN_SCOPE_SUFFIX} scopes are removed`);
  }
}

finish();

function finish() {
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  if (failures.length) {
    console.error(`\ntest-grammar: ${failures.length} failure(s) in ${secs}s`);
    process.exit(1);
  }
  console.log(`\ntest-grammar: all grammar tests passed${update ? ' (snapshots updated)' : ''} in ${secs}s`);
  process.exit(0);
}

// Tests for the TextMate injection grammars syntaxes/iam-policy.injection.tmLanguage.json (JSON) and
// syntaxes/iam-policy-yaml.injection.tmLanguage.json (YAML).
//
//   node scripts/test-grammar.mjs            check (non-interactive; exit code 1 on any failure)
//   node scripts/test-grammar.mjs --update   rewrite the *.snap files under test/grammar/cases
//                                           (also accepted: --updateSnapshot, -u)
//   node scripts/test-grammar.mjs --vscode-yaml=DIR
//                                           also check the YAML injection against VS Code's own YAML
//                                           grammar: DIR holds its *.tmLanguage.json files (in a VS Code
//                                           install: resources/app/extensions/yaml/syntaxes)
//
// Steps, all of which must pass:
//   1. every grammar parses and every regex in the injections compiles with vscode-oniguruma;
//   2. snapshot test (vscode-tmgrammar-snap) of every test/grammar/cases/*.json and *.yaml against its
//      .snap; with no case files of a language, a case without a .snap, or a .snap without a case,
//      the run fails;
//   3. assertion test (vscode-tmgrammar-test) of test/grammar/assertions/*.assert.jsonc and *.assert.yaml;
//   4. equivalence: tokenizing every case with and without the injection must give each character the
//      same scopes once the *.iam-policy scopes are removed, i.e. the injection only adds scopes and
//      never changes how the base grammar tokenizes a document. For YAML this is checked, also over the
//      YAML templates in test/corpus, against the test base (see below) and against
//      textmate/yaml.tmbundle's grammar as it is.
// The base JSON grammar is the vendored copy in test/grammar; the base YAML grammar is textmate/yaml.tmbundle's
// from the tm-grammars package, which steps 2 to 4 use with one difference: its plain-scalar rules open their
// scope before the scalar's first character instead of consuming that character in the rule's begin, as VS
// Code's YAML grammar does. Step 4 checks that this changes no scope of any character (see
// test/grammar/README.md). The binaries are the locally installed vscode-tmgrammar-test, run with this node.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const started = Date.now();
const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const grammarDir = path.join(root, 'test', 'grammar');
const configPath = path.join(grammarDir, 'tmgrammar-config.json');
const casesDir = path.join(grammarDir, 'cases');
const assertionsDir = path.join(grammarDir, 'assertions');
const OWN_SCOPE_SUFFIX = '.iam-policy';

// One suite per base language. `comment` is the comment token of the assertion files' first line.
const SUITES = [
  { lang: 'JSON', base: 'source.json', caseExt: '.json', assertExt: '.assert.jsonc', comment: '//' },
  { lang: 'YAML', base: 'source.yaml', caseExt: '.yaml', assertExt: '.assert.yaml', comment: '#' },
];

let update = false;
let vscodeYamlDir = process.env.IAM_ROLE_LENS_VSCODE_YAML || '';
for (const arg of process.argv.slice(2)) {
  if (arg === '--update' || arg === '--updateSnapshot' || arg === '-u') update = true;
  else if (arg.startsWith('--vscode-yaml=')) vscodeYamlDir = arg.slice('--vscode-yaml='.length);
  else if (arg === '--help' || arg === '-h') {
    console.log('Usage: node scripts/test-grammar.mjs [--update] [--vscode-yaml=DIR]');
    process.exit(0);
  } else {
    console.error(`test-grammar: unknown argument "${arg}" (accepted: --update, --vscode-yaml=DIR)`);
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
// 1. Load the grammars named in the test configuration and compile every regex of the injections.
const config = JSON.parse(fs.readFileSync(configPath, 'utf8'));
const grammarEntries = config.contributes.grammars.map((g) => ({ ...g, path: path.resolve(grammarDir, g.path) }));
for (const suite of SUITES) {
  suite.baseEntry = grammarEntries.find((g) => g.scopeName === suite.base && !g.injectTo);
  suite.injectionEntry = grammarEntries.find((g) => Array.isArray(g.injectTo) && g.injectTo.includes(suite.base));
  if (!suite.baseEntry || !suite.injectionEntry) {
    console.error(`test-grammar: ${rel(configPath)} must list ${suite.base} and a grammar injected into it`);
    process.exit(1);
  }
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
  if (entry.injectTo && typeof json.injectionSelector !== 'string') fail(`${rel(entry.path)}: no injectionSelector`);
  rawText.set(entry.scopeName, { text, json, path: entry.path });
}
if (failures.length) finish();

const wasm = fs.readFileSync(path.join(path.dirname(requireFromTool.resolve('vscode-oniguruma')), 'onig.wasm'));
await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));

for (const suite of SUITES) {
  const injection = rawText.get(suite.injectionEntry.scopeName);
  const before = failures.length;
  let count = 0;
  (function walk(node, where) {
    if (Array.isArray(node)) return node.forEach((n, i) => walk(n, `${where}[${i}]`));
    if (!node || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if ((key === 'match' || key === 'begin' || key === 'end' || key === 'while') && typeof value === 'string') {
        count++;
        // vscode-oniguruma 1.7 does not always throw on an invalid pattern: the scanner it returns
        // then matches the empty string wherever the search starts. A valid pattern in these grammars
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
  if (failures.length === before) console.log(`ok   ${count} regexes in ${rel(injection.path)} compile`);
}
if (failures.length) finish();

// The YAML test base: yaml.tmbundle's grammar whose plain-scalar rules (name string.unquoted.plain.*)
// begin with a look-ahead for what their begin matched. yaml.tmbundle's rules consume the scalar's first
// character in their begin, so nothing injected into the scalar's scope can reach that character;
// VS Code's YAML grammar opens the scope before it. Step 4 checks that every character keeps its scopes.
const yamlSuite = SUITES.find((s) => s.lang === 'YAML');
const tmbundle = rawText.get('source.yaml');
let openedBeforeFirstChar = 0;
const yamlTestBase = structuredClone(tmbundle.json);
(function walk(node) {
  if (Array.isArray(node)) return node.forEach(walk);
  if (!node || typeof node !== 'object') return;
  if (typeof node.name === 'string' && node.name.startsWith('string.unquoted.plain.') && typeof node.begin === 'string') {
    node.begin = `(?=${node.begin})`;
    openedBeforeFirstChar++;
  }
  for (const value of Object.values(node)) walk(value);
})(yamlTestBase);
if (openedBeforeFirstChar === 0) fail(`${rel(tmbundle.path)}: no plain-scalar rule found; has the YAML grammar changed?`);
const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'iam-role-lens-grammar-'));
process.on('exit', () => fs.rmSync(workDir, { recursive: true, force: true }));
const yamlTestBasePath = path.join(workDir, 'yaml-test-base.tmLanguage.json');
fs.writeFileSync(yamlTestBasePath, JSON.stringify(yamlTestBase));
// The tools join the configuration's folder with each grammar path, so the derived configuration
// keeps relative paths from its own folder.
const toolConfigPath = path.join(workDir, 'tmgrammar-config.json');
fs.writeFileSync(
  toolConfigPath,
  JSON.stringify({
    contributes: {
      languages: config.contributes.languages,
      grammars: grammarEntries.map((g) => ({
        ...g,
        path: path.relative(workDir, g.scopeName === 'source.yaml' && !g.injectTo ? yamlTestBasePath : g.path),
      })),
    },
  }),
);

// ---------------------------------------------------------------------------------------------
// 2. Snapshots.
const listFiles = (dir, suffix) =>
  fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith(suffix)).sort().map((f) => path.join(dir, f)) : [];
const cases = [];
for (const suite of SUITES) {
  suite.cases = listFiles(casesDir, suite.caseExt);
  if (suite.cases.length === 0) fail(`no ${suite.lang} grammar test cases (*${suite.caseExt}) in ${rel(casesDir)}`);
  cases.push(...suite.cases);
}
if (failures.length) finish();
if (!update) {
  const snaps = SUITES.flatMap((s) => listFiles(casesDir, `${s.caseExt}.snap`));
  for (const c of cases) if (!fs.existsSync(`${c}.snap`)) fail(`${rel(c)} has no snapshot; run: node scripts/test-grammar.mjs --update`);
  for (const s of snaps) if (!fs.existsSync(s.slice(0, -'.snap'.length))) fail(`${rel(s)} has no test case (delete it or restore the case)`);
}
if (!failures.length) {
  const args = [toolBin('vscode-tmgrammar-snap'), '--config', toolConfigPath, ...(update ? ['--updateSnapshot'] : []), ...cases.map(rel)];
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) fail(`snapshot test (${path.basename(args[0])}) exited with ${r.status ?? r.signal}`);
}

// ---------------------------------------------------------------------------------------------
// 3. Assertions (<comment> ^^^ scope lines; the tool strips them before tokenizing).
const assertionFiles = [];
for (const suite of SUITES) {
  suite.assertionFiles = listFiles(assertionsDir, suite.assertExt);
  if (suite.assertionFiles.length === 0) fail(`no ${suite.lang} assertion files (*${suite.assertExt}) in ${rel(assertionsDir)}`);
  assertionFiles.push(...suite.assertionFiles);
}
if (assertionFiles.length) {
  const args = [toolBin('vscode-tmgrammar-test'), '--config', toolConfigPath, ...assertionFiles.map(rel)];
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) fail(`assertion test (${path.basename(args[0])}) exited with ${r.status ?? r.signal}`);
}

// ---------------------------------------------------------------------------------------------
// 4. Equivalence.
// grammars: scopeName -> raw grammar text for the base (and whatever it includes).
function makeRegistry(grammars, injection) {
  return new tm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scopeName) => {
      if (injection && scopeName === injection.scopeName) return tm.parseRawGrammar(rawText.get(scopeName).text, injection.path);
      const g = grammars.get(scopeName);
      return g ? tm.parseRawGrammar(g.text, g.path) : null;
    },
    getInjections: (scopeName) => (injection && injection.injectTo.includes(scopeName) ? [injection.scopeName] : []),
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
const ownOnly = (scopes) => scopes.split(' ').filter((s) => s.endsWith(OWN_SCOPE_SUFFIX)).join(' ');

// Reports the first differing character of up to three lines; returns the number of differing lines.
function compare(file, lines, expected, actual, what, show = (s) => s) {
  let differences = 0;
  for (let l = 0; l < lines.length; l++) {
    for (let c = 0; c < lines[l].length; c++) {
      if (expected[l][c] !== actual[l][c]) {
        if (differences++ < 3) {
          fail(`${rel(file)}:${l + 1}:${c + 1}: ${what} of '${lines[l][c]}'\n       expected: ${show(expected[l][c])}\n       actual:   ${show(actual[l][c])}`);
        }
        break; // one report per line is enough
      }
    }
  }
  if (differences > 3) fail(`${rel(file)}: ${differences} lines differ in total (${what})`);
  return differences;
}

const sourcesOf = (suite) => [
  ...suite.cases.map((f) => ({ file: f, lines: fs.readFileSync(f, 'utf8').split(/\r?\n/) })),
  ...suite.assertionFiles.map((f) => {
    const token = suite.comment;
    const isAssertion = (l) => l.startsWith(token) && /^\s*(\^|<~*-+)/.test(l.slice(token.length));
    return { file: f, lines: fs.readFileSync(f, 'utf8').split(/\r?\n/).slice(1).filter((l) => !isAssertion(l)) };
  }),
];
// Real-world templates (test/corpus): YAML equivalence on every base.
function corpusFiles(dir, exts) {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((d) => d.isFile() && exts.some((e) => d.name.endsWith(e)))
    .map((d) => path.join(d.parentPath ?? d.path, d.name))
    .sort();
}
const yamlCorpus = corpusFiles(path.join(root, 'test', 'corpus'), ['.yaml', '.yml']).map((f) => ({
  file: f,
  lines: fs.readFileSync(f, 'utf8').split(/\r?\n/),
  corpus: true,
}));

// The base grammars each suite is checked against: name -> scopeName -> { text, path }.
const grammarsOf = (scopeName) => new Map([[scopeName, rawText.get(scopeName)]]);
const yamlBases = new Map([
  ['test base', new Map([['source.yaml', { text: JSON.stringify(yamlTestBase), path: yamlTestBasePath }]])],
  ['yaml.tmbundle', grammarsOf('source.yaml')],
]);
if (vscodeYamlDir) {
  const grammars = new Map();
  for (const f of fs.existsSync(vscodeYamlDir) ? fs.readdirSync(vscodeYamlDir).filter((f) => f.endsWith('.json')) : []) {
    const p = path.join(vscodeYamlDir, f);
    const text = fs.readFileSync(p, 'utf8');
    try {
      const json = JSON.parse(text);
      if (typeof json.scopeName === 'string') grammars.set(json.scopeName, { text, path: p });
    } catch {
      // not a grammar
    }
  }
  if (!grammars.has('source.yaml')) fail(`--vscode-yaml=${vscodeYamlDir}: no grammar with scopeName source.yaml there`);
  else yamlBases.set('VS Code', grammars);
}

for (const suite of SUITES) {
  const injection = suite.injectionEntry;
  const bases = suite === yamlSuite ? yamlBases : new Map([[suite.lang, grammarsOf(suite.base)]]);
  const sources = suite === yamlSuite ? [...sourcesOf(suite), ...yamlCorpus] : sourcesOf(suite);
  const tokenized = new Map(); // base name -> file -> { plain, injected, own }
  for (const [name, grammars] of bases) {
    const plain = await makeRegistry(grammars, null).loadGrammar(suite.base);
    const injected = await makeRegistry(grammars, injection).loadGrammar(suite.base);
    const before = failures.length;
    const byFile = new Map();
    let checked = 0;
    for (const { file, lines } of sources) {
      const t = { plain: charScopes(plain, lines, false), injected: charScopes(injected, lines, false), own: charScopes(injected, lines, true) };
      byFile.set(file, t);
      compare(file, lines, t.plain, t.injected, `the injection changes ${name} scopes`);
      checked += lines.length;
    }
    tokenized.set(name, byFile);
    // The first base is the one the snapshots and assertions use: the injection must be visible there.
    if (name === [...bases.keys()][0]) {
      for (const { file, corpus } of sources) {
        if (corpus) continue;
        if (!byFile.get(file).own.some((line) => line.some((s) => s.includes(OWN_SCOPE_SUFFIX)))) {
          fail(`${rel(file)}: no *${OWN_SCOPE_SUFFIX} scope at all; is the injection loaded?`);
        }
      }
    }
    if (failures.length === before) {
      console.log(`ok   ${suite.lang} equivalence (${name}): ${checked} lines in ${sources.length} files tokenize the same once *${OWN_SCOPE_SUFFIX} scopes are removed`);
    }
  }
  if (suite !== yamlSuite) continue;

  // The test base must give every character the scopes yaml.tmbundle's grammar gives it.
  {
    const before = failures.length;
    for (const { file, lines } of sources) {
      compare(file, lines, tokenized.get('yaml.tmbundle').get(file).plain, tokenized.get('test base').get(file).plain, 'the test base changes yaml.tmbundle scopes');
    }
    if (failures.length === before) console.log(`ok   YAML test base: ${openedBeforeFirstChar} plain-scalar rules opened before the first character; every character keeps its yaml.tmbundle scopes`);
  }
  // With VS Code's grammar the injection must add the very scopes it adds on the test base.
  if (tokenized.has('VS Code')) {
    const before = failures.length;
    for (const { file, lines } of sources) {
      const own = (name) => tokenized.get(name).get(file).own.map((line) => line.map(ownOnly));
      compare(file, lines, own('test base'), own('VS Code'), 'the *.iam-policy scopes differ between the test base and VS Code', (s) => s || '(none)');
    }
    if (failures.length === before) console.log('ok   YAML with VS Code\'s grammar: the same *.iam-policy scopes on every character as on the test base');
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

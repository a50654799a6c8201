// Every JSON rule fixture, written as YAML (test/support/yaml-convert.ts), must give the same findings at
// the same places in the YAML text, and its fixes must write YAML that means what the JSON fix means:
//   test/fixtures/yaml-from-json/<rule-id>/<case>.bad.yaml    the converted input, ranges «marked»
//   test/fixtures/yaml-from-json/<rule-id>/<case>.fixed.yaml  the YAML after the preferred fixes
// Both are checked in and compared: a change in the converter or in the YAML writer shows up as a diff to
// review. `UPDATE_YAML_FIXTURES=1 npm test` rewrites them.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze, applyEdits, RULES, type AnalysisOptions, type Finding } from '../../server/src/engine';
import { preferredEdits } from '../../server/src/engine/fix-all';
import { parseYaml } from '../../server/src/engine/formats/yaml';
import { parseJson } from '../../server/src/engine/json';
import { nodeValue } from '../../server/src/engine/writer';
import { mark, stripMarks } from '../support/markers';
import { FIXTURES } from '../support/paths';
import { jsonToYaml } from '../support/yaml-convert';

const dir = path.join(FIXTURES, 'rules');
const out = path.join(FIXTURES, 'yaml-from-json');
const update = process.env['UPDATE_YAML_FIXTURES'] === '1';
/** Rules about JSON text itself, or limits: their fixtures have no YAML twin. */
const JSON_ONLY = new Set(['json-syntax', 'analysis-limit', 'yaml-syntax']);

function options(base: string): AnalysisOptions {
  const f = `${base}.options.json`;
  const own = fs.existsSync(f) ? (JSON.parse(fs.readFileSync(f, 'utf8')) as AnalysisOptions) : {};
  const fileName = (own.fileName ?? path.basename(base) + '.json').replace(/\.json$/, '.yaml');
  return { ...own, fileName };
}

function withOneFix(findings: Finding[]): Finding[] {
  return findings.map((f) => (f.fixes.length === 1 ? { ...f, fixes: [{ ...f.fixes[0]!, preferred: true }] } : f));
}

function compareOrWrite(file: string, actual: string): void {
  if (update) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, actual);
    return;
  }
  assert.ok(fs.existsSync(file), `${path.relative(FIXTURES, file)} is missing: run UPDATE_YAML_FIXTURES=1 npm test and review it`);
  assert.equal(actual, fs.readFileSync(file, 'utf8'), `${path.relative(FIXTURES, file)} differs`);
}

let cases = 0;
for (const rule of RULES) {
  if (JSON_ONLY.has(rule.id)) continue;
  const ruleDir = path.join(dir, rule.id);
  if (!fs.existsSync(ruleDir)) continue;
  for (const file of fs.readdirSync(ruleDir).sort()) {
    const m = /^(.*)\.(bad|good)\.json$/.exec(file);
    if (!m) continue;
    const { text: json, spans } = stripMarks(fs.readFileSync(path.join(ruleDir, file), 'utf8'));
    if (parseJson(json).errors.length) continue;
    cases++;
    const base = path.join(ruleDir, m[1]!);
    const kind = m[2]!;
    test(`${rule.id}: ${file} as YAML`, () => {
      const converted = jsonToYaml(json);
      const yaml = converted.text;
      const opts = options(base + '.' + kind);
      const expected = spans.map((s) => {
        const mapped = converted.map(s);
        assert.ok(mapped, `no YAML place for the marked range ${JSON.stringify(json.slice(s.offset, s.offset + s.length))}`);
        return mapped;
      });
      compareOrWrite(path.join(out, rule.id, `${m[1]}.${kind}.yaml`), mark(yaml, expected));
      const result = analyze(yaml, opts);
      assert.deepEqual(result.analysis.parsed.errors, [], 'the converted YAML parses');
      const findings = result.findings.filter((f) => f.ruleId === rule.id);
      assert.equal(mark(yaml, findings), mark(yaml, expected), 'findings must be exactly at the marked ranges');
      const fixedJsonFile = `${base}.fixed.json`;
      if (kind !== 'bad' || !fs.existsSync(fixedJsonFile)) return;
      const { edits, applied } = preferredEdits(withOneFix(findings));
      assert.ok(edits.length > 0, 'a fixed fixture needs a preferred (or only) fix');
      const fixed = applyEdits(yaml, edits);
      compareOrWrite(path.join(out, rule.id, `${m[1]}.fixed.yaml`), fixed);
      const parsed = parseYaml(fixed);
      assert.deepEqual(parsed.problems.filter((p) => p.fatal), [], 'the fixed text is valid YAML');
      // The YAML fix means what the JSON fix means: the same value once parsed.
      assert.deepEqual(nodeValue(parsed.root), JSON.parse(fs.readFileSync(fixedJsonFile, 'utf8')) as unknown, 'the YAML fix and the JSON fix give the same document');
      const after = analyze(fixed, opts).findings.filter((f) => f.ruleId === rule.id);
      assert.ok(after.length <= findings.length - applied.length, `the fixes must remove their findings; still:\n${mark(fixed, after)}`);
    });
  }
}

test('the YAML twins cover the JSON fixtures', () => {
  assert.ok(cases > 100, `only ${cases} fixtures converted`);
});

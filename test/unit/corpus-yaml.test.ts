// The CloudFormation YAML and SAM templates of test/corpus, written by others:
// - read without a crash and without a syntax error (they all deploy);
// - the same template converted to JSON (the YAML front end's tree written out, intrinsics as their Fn::
//   forms) gives the same findings: rule, severity and message, in the same order;
// - every fix, applied to the YAML, leaves valid YAML that parses to what the same fix gives on the JSON,
//   and adds no finding of its own rule.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze, applyEdits, type Finding } from '../../server/src/engine';
import { parseYaml, yamlProblems } from '../../server/src/engine/formats/yaml';
import { nodeValue } from '../../server/src/engine/writer';
import { CORPUS } from '../support/paths';

const DIRS = [path.join(CORPUS, 'cloudformation-yaml'), path.join(CORPUS, 'sam', 'templates')];
const files = DIRS.flatMap((d) => fs.readdirSync(d).filter((f) => /\.ya?ml$/.test(f)).map((f) => path.join(d, f))).sort();

function key(f: Finding): string {
  return `${f.ruleId}|${f.severity}|${f.message}`;
}

test('the YAML corpus is there', () => {
  assert.ok(files.length >= 140, `${files.length} templates`);
});

for (const file of files) {
  const name = path.relative(CORPUS, file);
  test(`${name}: parses, and gives what its JSON twin gives, fixes included`, () => {
    const yaml = fs.readFileSync(file, 'utf8');
    const options = { fileName: path.basename(file) };
    const y = analyze(yaml, options);
    assert.equal(y.analysis.format, 'yaml');
    assert.deepEqual(y.analysis.parsed.errors, [], 'parses');
    assert.deepEqual(yamlProblems(y.analysis.parsed).filter((p) => p.code !== 'unknown-tag' || !/^!Rain::/.test(p.detail)), [], 'no YAML problem');
    assert.ok(!y.findings.some((f) => f.ruleId === 'json-syntax' || f.ruleId === 'yaml-syntax'), 'no syntax finding');

    const json = JSON.stringify(nodeValue(y.analysis.parsed.root), null, 2);
    const jsonOptions = { fileName: path.basename(file).replace(/\.ya?ml$/, '.json') };
    const j = analyze(json, jsonOptions);
    assert.deepEqual(y.findings.map(key), j.findings.map(key), 'the same findings as the JSON twin');

    y.findings.forEach((f, i) => {
      const twin = j.findings[i]!;
      f.fixes.forEach((fix, k) => {
        const fixedYaml = applyEdits(yaml, fix.edits());
        const parsed = parseYaml(fixedYaml);
        assert.deepEqual(parsed.problems.filter((p) => p.fatal), [], `${f.ruleId} "${fix.title}" leaves valid YAML`);
        const fixedJson = applyEdits(json, twin.fixes[k]!.edits());
        assert.deepEqual(nodeValue(parsed.root), JSON.parse(fixedJson) as unknown, `${f.ruleId} "${fix.title}" means in YAML what it means in JSON`);
        if (fix.preferred) {
          const before = y.findings.filter((x) => x.ruleId === f.ruleId).length;
          const after = analyze(fixedYaml, options).findings.filter((x) => x.ruleId === f.ruleId).length;
          assert.ok(after < before, `${f.ruleId} "${fix.title}" removes its finding and adds none`);
        }
      });
    });
  });
}

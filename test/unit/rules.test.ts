// Every rule against its fixtures in test/fixtures/rules/<rule-id>/:
//   *.bad.json    findings of this rule exactly at the «marked» ranges (and nowhere else)
//   *.good.json   no finding of this rule
//   *.fixed.json  next to a bad file of the same name: the result of applying the preferred fix of every
//                 finding of this rule (or its only fix); it must be valid JSON and the rule must no longer
//                 fire there
//   *.bad.yaml, *.good.yaml, *.fixed.yaml  the same, written in YAML (cases only YAML has: comments, flow
//                 style, anchors, tags); every JSON case also runs as YAML in rules-yaml.test.ts
//   *.bad.tf, *.good.tf, *.fixed.tf  the same in Terraform; every JSON policy case also runs in the three
//                 Terraform shapes in rules-hcl.test.ts
//   *.options.json (optional) analysis options for the case (fileName, kind, locale …)
import { before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze, applyEdits, RULES, type AnalysisOptions } from '../../server/src/engine';
import { preferredEdits } from '../../server/src/engine/fix-all';
import { detectFormat, parseText } from '../../server/src/engine/formats';
import { initHcl } from '../../server/src/engine/formats/hcl';
import { mark, stripMarks } from '../support/markers';
import { FIXTURES } from '../support/paths';

const dir = path.join(FIXTURES, 'rules');

before(async () => {
  await initHcl();
});

function options(base: string, ext: string): AnalysisOptions {
  const f = `${base}.options.json`;
  const own = fs.existsSync(f) ? (JSON.parse(fs.readFileSync(f, 'utf8')) as AnalysisOptions) : {};
  return { fileName: path.basename(base) + '.' + ext, ...own };
}

test('every rule has a fixture folder with bad and good cases, and a fixed case when it is fixable', () => {
  for (const rule of RULES) {
    const files = fs.existsSync(path.join(dir, rule.id)) ? fs.readdirSync(path.join(dir, rule.id)) : [];
    assert.ok(files.some((f) => /\.bad\.(json|yaml|tf)$/.test(f)), `${rule.id}: no *.bad.json fixture`);
    assert.ok(files.some((f) => /\.good\.(json|yaml|tf)$/.test(f)), `${rule.id}: no *.good.json fixture`);
    if (rule.fixable) assert.ok(files.some((f) => /\.fixed\.(json|yaml|tf)$/.test(f)), `${rule.id}: fixable but no *.fixed.json fixture`);
  }
});

test('rule ids are unique and every fixture folder names a rule', () => {
  const ids = RULES.map((r) => r.id);
  assert.equal(new Set(ids).size, ids.length);
  for (const d of fs.readdirSync(dir)) assert.ok(ids.includes(d), `fixture folder ${d} names no rule`);
});

for (const rule of RULES) {
  const ruleDir = path.join(dir, rule.id);
  if (!fs.existsSync(ruleDir)) continue;
  for (const file of fs.readdirSync(ruleDir).sort()) {
    const m = /^(.*)\.(bad|good)\.(json|yaml|tf)$/.exec(file);
    if (!m) continue;
    const base = path.join(ruleDir, m[1]!);
    const kind = m[2]!;
    const ext = m[3]!;
    test(`${rule.id}: ${file}`, () => {
      const { text, spans } = stripMarks(fs.readFileSync(path.join(ruleDir, file), 'utf8'));
      const opts = options(base + '.' + kind, ext);
      const findings = analyze(text, opts).findings.filter((f) => f.ruleId === rule.id);
      const got = findings.map((f) => ({ offset: f.offset, length: f.length }));
      if (kind === 'good') {
        assert.equal(spans.length, 0, 'good fixtures carry no marks');
        assert.deepEqual(got, [], `unexpected findings:\n${mark(text, got)}\n${findings.map((f) => f.message).join('\n')}`);
        return;
      }
      assert.ok(spans.length > 0, 'bad fixtures mark at least one range');
      assert.equal(mark(text, got), mark(text, spans), 'findings must be exactly at the marked ranges');
      for (const f of findings) assert.ok(f.message.length > 10, 'every finding has a message');
      const fixedFile = `${base}.fixed.${ext}`;
      if (!fs.existsSync(fixedFile)) return;
      const withOneFix = findings.map((f) => (f.fixes.length === 1 ? { ...f, fixes: [{ ...f.fixes[0]!, preferred: true }] } : f));
      const { edits, applied } = preferredEdits(withOneFix);
      assert.ok(edits.length > 0, 'a fixed fixture needs a preferred (or only) fix');
      const fixed = applyEdits(text, edits);
      assert.equal(fixed, fs.readFileSync(fixedFile, 'utf8'));
      const format = detectFormat(text, opts.fileName);
      assert.deepEqual(parseText(text, format).errors.length === 0 ? parseText(fixed, format).errors : [], [], `fixed text must be valid ${format}`);
      const after = analyze(fixed, opts).findings.filter((f) => f.ruleId === rule.id);
      assert.ok(after.length <= findings.length - applied.length, `the fixes must remove their findings; still:\n${mark(fixed, after.map((f) => ({ offset: f.offset, length: f.length })))}`);
    });
  }
}

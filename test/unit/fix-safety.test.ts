// Every fix offered on every real policy of the corpus (AWS managed policies, AWS documentation examples,
// iam-vulnerable): applied, the result is valid JSON, and the fix adds no finding of its own rule.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze, applyEdits, type Finding } from '../../server/src/engine';
import { parseJson } from '../../server/src/engine/json';
import { CORPUS } from '../support/paths';

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : e.name.endsWith('.json') ? [path.join(dir, e.name)] : []));
}

const count = (fs_: readonly Finding[], id: string) => fs_.filter((f) => f.ruleId === id).length;

test('every fix on every corpus policy keeps JSON valid and adds no finding of its own rule', () => {
  const files = walk(CORPUS);
  assert.ok(files.length > 1700, `${files.length} corpus files`);
  let fixes = 0;
  const problems: string[] = [];
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    const options = { fileName: path.basename(file), syntaxErrors: 'all' as const };
    const findings = analyze(text, options).findings;
    for (const f of findings) {
      for (const fix of f.fixes) {
        fixes++;
        const out = applyEdits(text, fix.edits());
        const where = `${path.relative(CORPUS, file)}: ${f.ruleId} "${fix.title}"`;
        if (parseJson(out).errors.length) problems.push(`${where}: invalid JSON`);
        else if (count(analyze(out, options).findings, f.ruleId) > count(findings, f.ruleId)) problems.push(`${where}: adds a finding of its own rule`);
      }
    }
  }
  console.log(`fix safety: ${fixes} fixes applied over ${files.length} corpus files`);
  assert.ok(fixes > 300, 'the corpus offers fixes');
  assert.deepEqual(problems, []);
});

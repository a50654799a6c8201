// Every fix offered on every real policy of the corpus (AWS managed policies, AWS documentation examples,
// iam-vulnerable): applied, the result is valid JSON, and the fix adds no finding of its own rule.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../../server/src/engine';
import { checkFix } from '../fuzz/fuzzer';
import { CORPUS, jsonFiles } from '../support/paths';

test('every fix on every corpus policy keeps JSON valid and adds no finding of its own rule', () => {
  const files = jsonFiles(CORPUS);
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
        // Every corpus file is a policy AWS accepted: the result must be valid JSON, like the input.
        for (const p of checkFix(text, true, findings, f, fix, options).problems) problems.push(`${path.relative(CORPUS, file)}: ${p.property}: ${p.detail}`);
      }
    }
  }
  console.log(`fix safety: ${fixes} fixes applied over ${files.length} corpus files`);
  assert.ok(fixes > 300, 'the corpus offers fixes');
  assert.deepEqual(problems, []);
});

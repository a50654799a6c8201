// The Terraform of test/corpus (two module repositories with their examples, written by others):
// - every file parses without an error node, and its policies in the three shapes are found;
// - no finding sits on a value known only at plan time (a reference, a function, a dynamic block's content);
// - every fix leaves HCL that parses and adds no finding of its own rule.
// The folders are read as one workspace, each folder a module, as the editor and the CLI read them.
import { before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze, applyEdits, type AnalysisOptions } from '../../server/src/engine';
import { initHcl } from '../../server/src/engine/formats/hcl';
import { WorkspaceIndex } from '../../server/src/engine/workspace';
import { CORPUS } from '../support/paths';

const ROOT = path.join(CORPUS, 'terraform');
const walk = (d: string): string[] => fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : e.name.endsWith('.tf') ? [path.join(d, e.name)] : []));

before(async () => {
  await initHcl();
});

test('the Terraform corpus: parses, policies found, nothing reported on what only a plan knows, fixes safe', () => {
  const files = walk(ROOT).sort();
  assert.ok(files.length >= 190, `${files.length} files`);
  const texts = new Map(files.map((f) => [f, fs.readFileSync(f, 'utf8')]));
  const options = (f: string): AnalysisOptions => ({ fileName: f, syntaxErrors: 'all' });
  const index = new WorkspaceIndex({ load: (f) => (texts.has(f) ? { text: texts.get(f)!, options: options(f) } : undefined) });
  for (const [f, t] of texts) index.set(f, t, options(f));
  let documents = 0;
  const shapes = new Set<string>();
  const counts = new Map<string, number>();
  for (const [f, text] of texts) {
    const r = analyze(text, { ...options(f), workspace: index });
    const name = path.relative(ROOT, f);
    assert.deepEqual(r.analysis.parsed.errors, [], `${name} parses`);
    documents += r.analysis.documents.length;
    for (const d of r.analysis.terraform?.documents ?? []) shapes.add(d.shape);
    for (const finding of r.findings) {
      counts.set(finding.ruleId, (counts.get(finding.ruleId) ?? 0) + 1);
      const at = text.slice(finding.offset, finding.offset + finding.length);
      // A reference or function call, or a template that is only an interpolation.
      assert.ok(!/^(?:[a-z_][\w-]*(?:\.[\w-]+|\[[^\]]*\])+|[a-z_]+\(|"\$\{[^}]*\}")/.test(at) || finding.ruleId.startsWith('handoff-') || finding.ruleId === 'passrole-trust-mismatch', `${name}: ${finding.ruleId} on ${at}`);
      for (const fix of finding.fixes) {
        const fixed = applyEdits(text, fix.edits().filter((e) => !e.file));
        const after = analyze(fixed, options(f));
        assert.deepEqual(after.analysis.parsed.errors, [], `${name}: "${fix.title}" leaves valid HCL`);
        assert.ok(after.findings.filter((x) => x.ruleId === finding.ruleId).length <= r.findings.filter((x) => x.ruleId === finding.ruleId).length, `${name}: "${fix.title}" adds no finding of its own rule`);
      }
    }
  }
  console.log(`Terraform corpus: ${files.length} files, ${documents} policies (${[...shapes].sort().join(', ')}), findings: ${JSON.stringify(Object.fromEntries(counts))}`);
  assert.ok(documents >= 30, `${documents} policies found`);
  assert.deepEqual([...shapes].sort(), ['data', 'json', 'jsonencode']);
});

test('fix safety on the corpus: with iam:PassRole added to every action list, every fix leaves HCL that parses and adds no finding of its rule', () => {
  // The corpus grants no iam:PassRole, so its own findings exercise few fixes: each action list of each file (data
  // sources, jsonencode, heredoc JSON) gets it, and every fix offered on the result is applied on its own.
  const files = walk(ROOT).sort();
  const counts = new Map<string, number>();
  let fixes = 0;
  let mutated = 0;
  for (const f of files) {
    const original = fs.readFileSync(f, 'utf8');
    const text = original
      .replace(/\b(actions\s*=\s*\[)/g, '$1"iam:PassRole", ')
      .replace(/\b(Action\s*=\s*\[)/g, '$1"iam:PassRole", ')
      .replace(/("Action"\s*:\s*\[)/g, '$1"iam:PassRole", ');
    if (text === original) continue;
    mutated++;
    const options: AnalysisOptions = { fileName: f, syntaxErrors: 'all' };
    const r = analyze(text, options);
    const name = path.relative(ROOT, f);
    assert.deepEqual(r.analysis.parsed.errors, [], `${name} parses with iam:PassRole added`);
    for (const finding of r.findings) {
      counts.set(finding.ruleId, (counts.get(finding.ruleId) ?? 0) + 1);
      for (const fix of finding.fixes) {
        fixes++;
        const fixed = applyEdits(text, fix.edits().filter((e) => !e.file));
        const after = analyze(fixed, options);
        assert.deepEqual(after.analysis.parsed.errors, [], `${name}: "${fix.title}" leaves HCL without an error node`);
        const before = r.findings.filter((x) => x.ruleId === finding.ruleId).length;
        assert.ok(after.findings.filter((x) => x.ruleId === finding.ruleId).length <= before, `${name}: "${fix.title}" adds no finding of ${finding.ruleId}`);
      }
    }
  }
  console.log(`Terraform corpus with iam:PassRole added: ${mutated} files, ${fixes} fixes applied, findings: ${JSON.stringify(Object.fromEntries(counts))}`);
  assert.ok(mutated >= 15 && fixes >= 50, `${mutated} files, ${fixes} fixes`);
  assert.ok((counts.get('passrole-wildcard-resource') ?? 0) >= 30);
});

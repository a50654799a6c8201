// The fix-widening check over files: each preferred fix alone, the preferred fixes of one pass together,
// and the whole `fix` (every pass), applied to a file; every policy document they change is evaluated before
// and after on sample requests (test/support/requests.ts).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze, applyEdits, fixAll, preferredEdits, readDocuments, type AnalysisOptions } from '../../server/src/engine';
import type { Kind } from './evaluator';
import { describe, grownAllows } from './requests';
import { stripMarks } from './markers';
import { CORPUS, FIXTURES } from './paths';

export interface Case {
  name: string;
  text: string;
  options: AnalysisOptions;
}

function documentsOf(text: string, options: AnalysisOptions): { kind: Kind; value: unknown; where: string }[] {
  const a = readDocuments(text, options);
  if (a.skipped || a.parsed.errors.length) return [];
  return a.documents.map((d, i) => ({ kind: d.kind, value: a.writer.value(d.root), where: d.cfn?.location ?? `document ${i + 1}` }));
}

/** The requests each changed document allows after `after` that it did not allow in `before`. */
function widening(before: string, after: string, options: AnalysisOptions): string[] {
  const a = documentsOf(before, options);
  const b = documentsOf(after, options);
  if (b.length === 0) return a.length ? ['the fixed text no longer reads as a policy'] : [];
  const out: string[] = [];
  a.forEach((doc, i) => {
    const next = b.find((x) => x.where === doc.where) ?? b[i];
    if (!next || JSON.stringify(next.value) === JSON.stringify(doc.value)) return;
    const grown = grownAllows(doc.value, next.value, doc.kind);
    if (grown.length) out.push(`${doc.where}: ${grown.length} request(s) newly allowed, e.g. ${describe(grown[0]!)}`);
  });
  return out;
}

export function check(cases: readonly Case[]): { fixes: number; problems: string[] } {
  let fixes = 0;
  const problems: string[] = [];
  for (const c of cases) {
    const { findings, analysis } = analyze(c.text, c.options);
    if (analysis.parsed.errors.length || analysis.documents.length === 0) continue;
    const candidates: { label: string; after: string }[] = [];
    for (const f of findings) {
      const fix = f.fixes.find((x) => x.preferred);
      if (fix) candidates.push({ label: `${f.ruleId} “${fix.title}”`, after: applyEdits(c.text, fix.edits()) });
    }
    if (candidates.length === 0) continue;
    candidates.push({ label: 'one pass of fix', after: applyEdits(c.text, preferredEdits(findings).edits) });
    candidates.push({ label: 'fix', after: fixAll(c.text, c.options).text });
    for (const { label, after } of candidates) {
      fixes++;
      for (const p of widening(c.text, after, c.options)) problems.push(`${c.name}: ${label}: ${p}`);
    }
  }
  return { fixes, problems };
}

export function fixtureCases(): Case[] {
  const dir = path.join(FIXTURES, 'rules');
  const out: Case[] = [];
  for (const rule of fs.readdirSync(dir)) {
    for (const file of fs.readdirSync(path.join(dir, rule))) {
      const m = /^(.*)\.(bad|good)\.(json|yaml)$/.exec(file);
      if (!m) continue;
      const optionsFile = path.join(dir, rule, `${m[1]}.${m[2]}.options.json`);
      const own = fs.existsSync(optionsFile) ? (JSON.parse(fs.readFileSync(optionsFile, 'utf8')) as AnalysisOptions) : {};
      out.push({ name: `${rule}/${file}`, text: stripMarks(fs.readFileSync(path.join(dir, rule, file), 'utf8')).text, options: { fileName: `${m[1]}.${m[3]}`, ...own } });
    }
  }
  return out;
}

export function corpusCases(dir: string): Case[] {
  const out: Case[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(json|ya?ml)$/.test(e.name) && !/MANIFEST|LICENSE/.test(e.name)) out.push({ name: path.relative(CORPUS, p), text: fs.readFileSync(p, 'utf8'), options: { fileName: e.name } });
    }
  };
  walk(dir);
  return out;
}

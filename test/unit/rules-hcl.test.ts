// Every JSON rule fixture that is a policy, written as Terraform in each of the three shapes IAM takes there
// (test/support/hcl-convert.ts), must give the same findings: at the mapped places for `jsonencode` and heredoc
// JSON, the same rule and message for the `aws_iam_policy_document` data source. Fixes must leave HCL that
// parses, mean what the JSON fix means, and are compared with checked-in text:
//   test/fixtures/hcl-from-json/<rule-id>/<case>.<shape>.fixed.tf
// `UPDATE_HCL_FIXTURES=1 npm test` rewrites them (review the diff).
import { before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze, applyEdits, RULES, type AnalysisOptions, type Finding } from '../../server/src/engine';
import { preferredEdits } from '../../server/src/engine/fix-all';
import { initHcl, parseHclSyntax, type HclBody } from '../../server/src/engine/formats/hcl';
import { parseJson } from '../../server/src/engine/json';
import { nodeValue } from '../../server/src/engine/writer';
import { trustFileRoleName } from '../../server/src/engine/roles/facts';
import { jsonToHcl, type Shape } from '../support/hcl-convert';
import { mark, stripMarks } from '../support/markers';
import { FIXTURES } from '../support/paths';

const dir = path.join(FIXTURES, 'rules');
const out = path.join(FIXTURES, 'hcl-from-json');
const update = process.env['UPDATE_HCL_FIXTURES'] === '1';
const SKIP = new Set(['json-syntax', 'analysis-limit', 'yaml-syntax', 'hcl-syntax']);
const SHAPES: Shape[] = ['jsonencode', 'heredoc', 'data'];

before(async () => {
  await initHcl();
});

function options(base: string): AnalysisOptions {
  const f = `${base}.options.json`;
  const own = fs.existsSync(f) ? (JSON.parse(fs.readFileSync(f, 'utf8')) as AnalysisOptions) : {};
  // The fixture's folder is kept (a file under aws-service-role/ is a service-linked role's), and the role a
  // trust-policy file's name stands for is given as the roles setting would.
  const roleName = own.roleName ?? trustFileRoleName(own.fileName);
  return { ...own, ...(roleName ? { roleName } : {}), fileName: own.fileName ? path.posix.join(path.posix.dirname(own.fileName), 'main.tf') : 'main.tf' };
}

function withOneFix(findings: Finding[]): Finding[] {
  return findings.map((f) => (f.fixes.length === 1 ? { ...f, fixes: [{ ...f.fixes[0]!, preferred: true }] } : f));
}

/** A policy value with IAM's equivalent forms made one: lists always, Statement a list, Effect written. */
function normalize(policy: unknown): unknown {
  const p = policy as Record<string, unknown>;
  const one = (x: unknown) => (typeof x === 'string' ? x : typeof x === 'number' || typeof x === 'boolean' ? String(x) : JSON.stringify(x));
  const list = (v: unknown) => (v === undefined ? undefined : Array.isArray(v) ? v.map(one) : [one(v)]);
  const statements = (Array.isArray(p['Statement']) ? p['Statement'] : [p['Statement']]) as Record<string, unknown>[];
  return {
    Version: p['Version'],
    Statement: statements.map((s) => {
      const o: Record<string, unknown> = { Effect: s['Effect'] ?? 'Allow' };
      if (s['Sid'] !== undefined) o['Sid'] = s['Sid'];
      for (const k of ['Action', 'NotAction', 'Resource', 'NotResource']) if (s[k] !== undefined) o[k] = list(s[k]);
      for (const k of ['Principal', 'NotPrincipal']) {
        const v = s[k];
        if (v === '*') o[k] = { '*': ['*'] };
        else if (v && typeof v === 'object') o[k] = Object.fromEntries(Object.entries(v).map(([t, ids]) => [t, list(ids)]));
      }
      if (s['Condition']) o['Condition'] = Object.fromEntries(Object.entries(s['Condition'] as Record<string, Record<string, unknown>>).map(([op, keys]) => [op, Object.fromEntries(Object.entries(keys).map(([k, v]) => [k, list(v)]))]));
      return o;
    }),
  };
}

function compareOrWrite(file: string, actual: string): void {
  if (update) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, actual);
    return;
  }
  assert.ok(fs.existsSync(file), `${path.relative(FIXTURES, file)} is missing: run UPDATE_HCL_FIXTURES=1 npm test and review it`);
  assert.equal(actual, fs.readFileSync(file, 'utf8'), `${path.relative(FIXTURES, file)} differs`);
}

/** `condition` blocks without test, variable and values, `principals` blocks without type and identifiers. */
function incompleteBlocks(text: string): string[] {
  const out: string[] = [];
  const walk = (b: HclBody) => {
    for (const blk of b.blocks) {
      const names = blk.body.attributes.map((a) => a.name);
      const need = blk.type === 'condition' ? ['test', 'variable', 'values'] : blk.type === 'principals' || blk.type === 'not_principals' ? ['type', 'identifiers'] : [];
      if (need.some((n) => !names.includes(n))) out.push(`${blk.type} at ${blk.span.offset}: ${names.join(', ')}`);
      walk(blk.body);
    }
  };
  walk(parseHclSyntax(text).body);
  return out;
}

let cases = 0;
for (const rule of RULES) {
  if (SKIP.has(rule.id)) continue;
  const ruleDir = path.join(dir, rule.id);
  if (!fs.existsSync(ruleDir)) continue;
  for (const file of fs.readdirSync(ruleDir).sort()) {
    const m = /^(.*)\.(bad|good)\.json$/.exec(file);
    if (!m) continue;
    const { text: json, spans } = stripMarks(fs.readFileSync(path.join(ruleDir, file), 'utf8'));
    if (parseJson(json).errors.length) continue;
    const base = path.join(ruleDir, m[1]!);
    const jsonOptions = { ...options(`${base}.${m[2]}`), fileName: (options(`${base}.${m[2]}`) as { fileName?: string }).fileName };
    const own = fs.existsSync(`${base}.${m[2]}.options.json`) ? (JSON.parse(fs.readFileSync(`${base}.${m[2]}.options.json`, 'utf8')) as AnalysisOptions) : {};
    const original = analyze(json, { fileName: path.basename(base) + '.json', ...own });
    // Policies only: templates are CloudFormation's.
    if (original.analysis.fileKind === 'cloudformation' || original.analysis.fileKind === 'unknown' || original.analysis.fileKind === 'terraform') continue;
    const kind = original.analysis.documents[0]!.kind;
    const expected = original.findings.filter((f) => f.ruleId === rule.id);
    for (const shape of SHAPES) {
      const converted = jsonToHcl(json, shape, kind);
      if (!converted) continue;
      cases++;
      test(`${rule.id}: ${file} as Terraform ${shape}`, () => {
        const hcl = converted.text;
        const result = analyze(hcl, jsonOptions);
        assert.deepEqual(result.analysis.parsed.errors, [], 'the converted Terraform parses');
        assert.equal(result.analysis.documents.length, 1, 'one policy found');
        assert.equal(result.analysis.documents[0]!.kind, kind);
        const findings = result.findings.filter((f) => f.ruleId === rule.id);
        if (shape !== 'data') {
          // A finding about the whole policy (a missing element) is at the policy's `{` in JSON, and at the
          // attribute that holds the policy in Terraform, as it is at the property in CloudFormation.
          const root = parseJson(json).root!;
          const mapped = spans.map((s) => (s.offset === root.offset && s.length === 1 ? result.analysis.documents[0]!.anchor : converted.map(s)));
          assert.ok(mapped.every((x) => x !== undefined), 'every marked range has a place in the Terraform');
          assert.equal(mark(hcl, findings), mark(hcl, mapped as { offset: number; length: number }[]), 'findings must be exactly at the marked ranges');
        }
        assert.deepEqual(findings.map((f) => `${f.severity} ${f.message}`).sort(), expected.map((f) => `${f.severity} ${f.message}`).sort(), 'the same findings as the JSON');
        const fixedJsonFile = `${base}.fixed.json`;
        if (m[2] !== 'bad' || !fs.existsSync(fixedJsonFile)) return;
        const { edits, applied } = preferredEdits(withOneFix(findings));
        assert.ok(edits.length > 0, 'a fixed fixture needs a preferred (or only) fix');
        const fixed = applyEdits(hcl, edits);
        compareOrWrite(path.join(out, rule.id, `${m[1]}.${shape}.fixed.tf`), fixed);
        const after = analyze(fixed, jsonOptions);
        assert.deepEqual(after.analysis.parsed.errors, [], 'the fixed text is valid HCL');
        assert.deepEqual(incompleteBlocks(fixed), [], 'every condition and principals block has what Terraform requires');
        assert.deepEqual(normalize(nodeValue(after.analysis.documents[0]!.root)), normalize(JSON.parse(fs.readFileSync(fixedJsonFile, 'utf8'))), 'the Terraform fix and the JSON fix give the same policy');
        const still = after.findings.filter((f) => f.ruleId === rule.id);
        assert.ok(still.length <= findings.length - applied.length, `the fixes must remove their findings; still:\n${mark(fixed, still)}`);
      });
    }
  }
}

test('the Terraform twins cover the JSON fixtures', () => {
  assert.ok(cases > 150, `only ${cases} cases`);
});

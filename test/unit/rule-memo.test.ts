// Findings kept per resource of a template between analyses (RuleMemo, engine/analyze.ts): an analysis that
// reuses the findings of the resources an edit did not touch must find exactly what a full analysis of the same
// text finds — ids, ranges, messages, related places, fix titles and the edits the fixes make — while the rules
// that read other resources (roles and their trust, hand-offs, grants, attached policies) still see every edit.
import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { analyzeRead, readDocuments, RuleMemo, type Result, type StatementsRead } from '../../server/src/engine/analyze';
import { parseJson, type JsonNode, type ParsedJson } from '../../server/src/engine/json';
import { spliceJson } from '../../server/src/engine/json-splice';
import { parseYaml, type ParsedYaml } from '../../server/src/engine/formats/yaml';
import { spliceYaml } from '../../server/src/engine/formats/yaml-splice';
import { stringify } from 'yaml';
import { iamData } from '../../server/src/engine/iam/data';
import { rng } from '../fuzz/fuzzer';
import { mixedTemplate } from '../support/template';

const OPTIONS = { locale: 'en' as const, fileName: '/w/app.template.json' };

/** Everything a finding says, its fixes' edits made, as plain data. */
function plainResult(r: Result): unknown {
  return JSON.parse(JSON.stringify(r.findings.map((f) => ({ ...f, fixes: f.fixes.map((x) => ({ title: x.title, preferred: x.preferred, edits: x.edits() })) }))));
}

const data = iamData();
const full = (text: string) => analyzeRead(readDocuments(text, OPTIONS), data);
const kept = (text: string, memo: RuleMemo) => analyzeRead(readDocuments(text, OPTIONS), data, memo);

/** The offset and length of the `n`th occurrence of `needle` (0-based). */
function spanOf(text: string, needle: string, n = 0): { offset: number; length: number } {
  let at = -1;
  for (let i = 0; i <= n; i++) at = text.indexOf(needle, at + 1);
  assert.ok(at >= 0, `${needle} #${n} not found`);
  return { offset: at, length: needle.length };
}

/** The offset and length of the first `needle` after `anchor`. */
function spanAfter(text: string, anchor: string, needle: string): { offset: number; length: number } {
  const from = text.indexOf(anchor);
  assert.ok(from >= 0, `${anchor} not found`);
  const at = text.indexOf(needle, from);
  assert.ok(at >= 0, `${needle} after ${anchor} not found`);
  return { offset: at, length: needle.length };
}

const findingsOf = (r: Result, ruleId: string) => r.findings.filter((f) => f.ruleId === ruleId).map((f) => ({ offset: f.offset, length: f.length }));

describe('findings kept per resource between analyses of a template', () => {
  test('random edits typed into a template, its tree spliced: each analysis that reuses findings and statements equals a full one', () => {
    // Edits that change what rules see (a service, an effect, an action, a Sid, a logical id) and single
    // characters typed into strings, some of which break the JSON until the next edit.
    const swaps: [string, string][] = [
      ['lambda.amazonaws.com', 'ecs-tasks.amazonaws.com'],
      ['ecs-tasks.amazonaws.com', 'lambda.amazonaws.com'],
      ['"Deny"', '"Allow"'],
      ['"Allow"', '"Deny"'],
      ['"Read"', '"Pass"'],
      ['s3:GetObject', 's3:GetObjekt'],
      ['"Resource": "*"', '"Resource": "arn:aws:iam::111122223333:role/x"'],
      ['"Role1"', '"Role1b"'],
      ['"Ref": "Role', '"Ref": "Rule'],
      ['"Statement": [', '"Statement": [{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"},'],
    ];
    let reused = 0;
    let changed = 0;
    let unparsed = 0;
    let spliced = 0;
    for (let seed = 1; seed <= 3; seed++) {
      const next = rng(seed);
      const memo = new RuleMemo();
      // As the analysis worker keeps a document: its tree spliced at each edit, the statements of the policies
      // whose nodes the edit did not change kept.
      let text = mixedTemplate(6);
      let tree: ParsedJson = parseJson(text);
      const statements = new WeakMap<JsonNode, StatementsRead>();
      let undo: [number, number, string] | undefined;
      const apply = (offset: number, removed: number, inserted: string) => {
        undo = [offset, inserted.length, text.slice(offset, offset + removed)];
        text = text.slice(0, offset) + inserted + text.slice(offset + removed);
        const got = spliceJson(tree, text, { offset, removed, inserted: inserted.length }, undefined, (n) => statements.delete(n));
        if (got) spliced++;
        tree = got ?? parseJson(text);
      };
      const kept = () => analyzeRead(readDocuments(text, OPTIONS, { json: tree, statements }), data, memo);
      let before = JSON.stringify(plainResult(kept()));
      for (let step = 0; step < 40; step++) {
        if (undo) {
          // The text did not parse: the edit is undone (as a person fixes a typo).
          const [offset, removed, inserted] = undo;
          apply(offset, removed, inserted);
          undo = undefined;
        } else if (next() < 0.5) {
          const [from, to] = swaps[Math.floor(next() * swaps.length)]!;
          const count = text.split(from).length - 1;
          if (count === 0) continue;
          apply(spanOf(text, from, Math.floor(next() * count)).offset, from.length, to);
        } else {
          // A character typed into (or deleted from) a string value.
          const at = text.indexOf('": "', Math.floor(next() * text.length));
          if (at < 0) continue;
          const offset = at + 4 + Math.floor(next() * 3);
          if (next() < 0.7) apply(offset, 0, 'abcxyz"'[Math.floor(next() * 7)]!);
          else apply(offset, 1, '');
        }
        const expected = full(text);
        const got = kept();
        if (expected.analysis.parsed.errors.length) unparsed++;
        else undo = undefined;
        assert.deepEqual(plainResult(got), plainResult(expected), `seed ${seed}, step ${step}`);
        reused += memo.reused;
        const now = JSON.stringify(plainResult(got));
        if (now !== before) changed++;
        before = now;
      }
    }
    // The comparison covers reuse (not only analyses that ran every rule), edits that changed the findings,
    // and texts that did not parse in between.
    assert.ok(reused > 1000, `resources reused ${reused}`);
    assert.ok(changed > 50, `edits that changed the findings ${changed}`);
    assert.ok(unparsed > 5, `versions with syntax errors ${unparsed}`);
    assert.ok(spliced > 60, `trees spliced ${spliced}`);
  });

  test('the same in a YAML template: each analysis that reuses findings and statements of its resources equals a full one', () => {
    const YAML_OPTIONS = { locale: 'en' as const, fileName: '/w/app.template.yaml' };
    const swaps: [string, string][] = [
      ['lambda.amazonaws.com', 'ecs-tasks.amazonaws.com'],
      ['ecs-tasks.amazonaws.com', 'lambda.amazonaws.com'],
      ['Effect: Deny', 'Effect: Allow'],
      ['Effect: Allow', 'Effect: Deny'],
      ['s3:GetObject', 's3:GetObjekt'],
      ['Resource: "*"', 'Resource: arn:aws:iam::111122223333:role/x'],
      ['  Role1:', '  Role1b:'],
      ['Ref: Role', 'Ref: Rule'],
      ['Statement:\n', 'Statement:\n              - { Effect: Allow, Action: iam:PassRole, Resource: "*" }\n'],
    ];
    let reused = 0;
    let changed = 0;
    let unparsed = 0;
    let spliced = 0;
    for (let seed = 1; seed <= 3; seed++) {
      const next = rng(seed);
      const memo = new RuleMemo();
      let text = stringify(JSON.parse(mixedTemplate(6)));
      let tree: ParsedYaml = parseYaml(text);
      const statements = new WeakMap<JsonNode, StatementsRead>();
      let undo: [number, number, string] | undefined;
      const apply = (offset: number, removed: number, inserted: string) => {
        undo = [offset, inserted.length, text.slice(offset, offset + removed)];
        text = text.slice(0, offset) + inserted + text.slice(offset + removed);
        const got = spliceYaml(tree, text, { offset, removed, inserted: inserted.length }, (n) => statements.delete(n));
        if (got) spliced++;
        tree = got ?? parseYaml(text);
      };
      const keptYaml = () => analyzeRead(readDocuments(text, YAML_OPTIONS, { json: tree, statements }), data, memo);
      let before = JSON.stringify(plainResult(keptYaml()));
      for (let step = 0; step < 40; step++) {
        if (undo) {
          const [offset, removed, inserted] = undo;
          apply(offset, removed, inserted);
          undo = undefined;
        } else if (next() < 0.5) {
          const [from, to] = swaps[Math.floor(next() * swaps.length)]!;
          const count = text.split(from).length - 1;
          if (count === 0) continue;
          apply(spanOf(text, from, Math.floor(next() * count)).offset, from.length, to);
        } else {
          // A character typed into (or deleted from) a value, some of which break the YAML until the next edit.
          const at = text.indexOf(': ', Math.floor(next() * text.length));
          if (at < 0) continue;
          const offset = at + 2 + Math.floor(next() * 3);
          if (next() < 0.7) apply(offset, 0, 'abc"\n:'[Math.floor(next() * 6)]!);
          else apply(offset, 1, '');
        }
        const expected = analyzeRead(readDocuments(text, YAML_OPTIONS), data);
        const got = keptYaml();
        if (expected.analysis.parsed.errors.length) unparsed++;
        else undo = undefined;
        assert.deepEqual(plainResult(got), plainResult(expected), `seed ${seed}, step ${step}`);
        reused += memo.reused;
        const now = JSON.stringify(plainResult(got));
        if (now !== before) changed++;
        before = now;
      }
    }
    assert.ok(reused > 1000, `resources reused ${reused}`);
    assert.ok(changed > 50, `edits that changed the findings ${changed}`);
    assert.ok(unparsed > 5, `versions with syntax errors ${unparsed}`);
    assert.ok(spliced > 40, `trees spliced ${spliced}`);
  });

  test('a role\'s trust policy edited: the hand-off and the PassRole grant in other resources are found again; the rest is reused', () => {
    const memo = new RuleMemo();
    const before = mixedTemplate(4);
    kept(before, memo);
    // Role1 is trusted by Lambda, handed to Function0 and passed to Lambda by Deployer1: nothing to say.
    const first = kept(before, memo);
    assert.equal(memo.reused, 12, 'the roles, guards and deployers (functions hold no policy)');
    const ROLE_VALUE = '{\n          "Fn::GetAtt": [\n            "Role1",\n            "Arn"\n          ]\n        }';
    const fnRole = spanAfter(before, '"Function0"', ROLE_VALUE);
    assert.deepEqual(findingsOf(first, 'handoff-trust-mismatch').filter((f) => f.offset === fnRole.offset), []);
    // Role1 now trusts ECS tasks only (its first trust statement; the second one names AWS "*").
    const service = spanAfter(before, '\n    "Role1": {', 'lambda.amazonaws.com');
    const after = before.slice(0, service.offset) + 'ecs-tasks.amazonaws.com' + before.slice(service.offset + service.length);
    const got = kept(after, memo);
    assert.equal(memo.reused, 11, 'every resource but Role1');
    assert.deepEqual(plainResult(got), plainResult(full(after)));
    // Function0.Role hands Role1 to Lambda, which Role1 no longer trusts: reported at the hand-off and at the
    // trusted service; Role0 and Role3 (trusted by ECS, handed to Lambda by Function3 and Function2) as before.
    const value = spanAfter(after, '"Function0"', ROLE_VALUE);
    const trusted = spanAfter(after, '\n    "Role1": {', '"ecs-tasks.amazonaws.com"');
    // Between two resources' keys.
    const inside = (from: string, to: string) => (f: { offset: number }) => f.offset > after.indexOf(`\n    "${from}": {`) && f.offset < after.indexOf(`\n    "${to}": {`);
    assert.deepEqual(findingsOf(got, 'handoff-trust-mismatch').filter(inside('Function0', 'Role1')), [value]);
    assert.deepEqual(findingsOf(got, 'handoff-trust-mismatch').filter(inside('Role1', 'Guard1')), [trusted]);
    assert.equal(findingsOf(got, 'handoff-trust-mismatch').length, findingsOf(first, 'handoff-trust-mismatch').length + 2);
    // Deployer1 passes Role1 to Lambda: the grant's iam:PassedToService value is reported.
    const passedTo = spanAfter(after, '"Deployer1"', '"lambda.amazonaws.com"');
    assert.deepEqual(findingsOf(got, 'passrole-trust-mismatch').filter((f) => f.offset === passedTo.offset), [passedTo]);
  });

  test('a Deny in an attached managed policy edited: the role\'s own policy is checked again, its text unchanged', () => {
    const memo = new RuleMemo();
    // Guard1 denies PassRole to anything but Lambda for Role1's policies: Role1's `"Resource": "*"` grant is narrowed.
    const before = mixedTemplate(4);
    kept(before, memo);
    const star = spanAfter(before, '"inline1"', '"*"');
    assert.deepEqual(findingsOf(kept(before, memo), 'passrole-wildcard-resource').filter((f) => f.offset === star.offset), []);
    // Guard1's Deny becomes an Allow: the grant reaches every role.
    const guard = before.indexOf('"Guard1"');
    const deny = before.indexOf('"Deny"', guard);
    const after = before.slice(0, deny) + '"Allow"' + before.slice(deny + '"Deny"'.length);
    const got = kept(after, memo);
    assert.deepEqual(plainResult(got), plainResult(full(after)));
    assert.deepEqual(findingsOf(got, 'passrole-wildcard-resource').filter((f) => f.offset === star.offset), [star]);
  });

  test('kept findings move with their resource, and their fixes edit the new text', () => {
    const memo = new RuleMemo();
    const before = mixedTemplate(3);
    kept(before, memo);
    // Two characters typed into Role0's policy name: everything after it moves by two.
    const at = before.indexOf('inline0') + 'inline'.length;
    const after = before.slice(0, at) + 'xy' + before.slice(at);
    const got = kept(after, memo);
    assert.equal(memo.reused, 8, 'every resource but Role0');
    const typo = got.findings.find((f) => f.ruleId === 'unknown-action' && f.offset > after.indexOf('"Role2"'));
    assert.ok(typo, 'the typo in Role2\'s policy, reused');
    assert.deepEqual({ offset: typo.offset, length: typo.length }, spanOf(after, '"s3:GetObjekt"', 0));
    const fix = typo.fixes.find((f) => f.title.includes('s3:GetObject'));
    assert.ok(fix, typo.fixes.map((f) => f.title).join(', '));
    const edits = fix.edits();
    assert.deepEqual(edits.map((e) => after.slice(e.offset, e.offset + e.length)), ['"s3:GetObjekt"']);
    assert.deepEqual(plainResult(got), plainResult(full(after)));
  });

  test('other options, or a text that is no template: nothing reused', () => {
    const memo = new RuleMemo();
    const text = mixedTemplate(2);
    kept(text, memo);
    analyzeRead(readDocuments(text, { ...OPTIONS, locale: 'ja' }), data, memo);
    assert.equal(memo.reused, 0, 'another locale');
    const ja = analyzeRead(readDocuments(text, { ...OPTIONS, locale: 'ja' }), data, memo);
    assert.equal(memo.reused, 6);
    assert.deepEqual(plainResult(ja), plainResult(analyzeRead(readDocuments(text, { ...OPTIONS, locale: 'ja' }), data)));
    const policy = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "*"}]}';
    const r = analyzeRead(readDocuments(policy, OPTIONS), data, memo);
    assert.equal(memo.reused, 0);
    assert.deepEqual(plainResult(r), plainResult(full(policy)));
  });
});

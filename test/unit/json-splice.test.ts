// The worker's JSON parse and splice: the stoppable parse builds exactly jsonc-parser's tree (nodes, offsets,
// colon offsets, errors) on the corpus and on broken text, stops when told, and a tree spliced after an edit
// equals a full parse of the edited text — checked over thousands of random edits, chained as a person types.
import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseTree, type Node, type ParseError } from 'jsonc-parser';
import { analyze, readDocuments } from '../../server/src/engine';
import { analyzeRead } from '../../server/src/engine/analyze';
import { buildTree, JSON_OPTIONS, MAX_DEPTH, parseJson, ParseStopped, type ParsedJson } from '../../server/src/engine/json';
import { spliceJson, type TextEdit } from '../../server/src/engine/json-splice';
import { CORPUS } from '../support/paths';
import { rng } from '../fuzz/fuzzer';
import { template } from '../support/template';
import { JSONC_ERRORS } from '../support/broken-json';

interface Plain {
  type: string;
  offset: number;
  length: number;
  colonOffset?: number;
  value?: unknown;
  children?: Plain[];
}

/** The tree as plain data, checking on the way that every child's `parent` is the node holding it. */
function plain(n: Node, parent?: Node): Plain {
  assert.equal(n.parent, parent, `parent of the ${n.type} at ${n.offset}`);
  const out: Plain = { type: n.type, offset: n.offset, length: n.length };
  const colon = (n as { colonOffset?: number }).colonOffset;
  if (colon !== undefined) out.colonOffset = colon;
  if ('value' in n) out.value = n.value;
  if (n.children) out.children = n.children.map((c) => plain(c, n));
  return out;
}

const plainOf = (root: Node | undefined) => (root ? plain(root) : undefined);

function jsonc(text: string): { root: Plain | undefined; errors: ParseError[] } {
  const errors: ParseError[] = [];
  return { root: plainOf(parseTree(text, errors, JSON_OPTIONS)), errors };
}

function built(text: string, stop?: () => boolean): { root: Plain | undefined; errors: ParseError[] } {
  const errors: ParseError[] = [];
  return { root: plainOf(buildTree(text, errors, JSON_OPTIONS, stop)), errors };
}

const managed = path.join(CORPUS, 'managed-policies');
const corpusFiles = fs.readdirSync(managed).filter((f) => f.endsWith('.json')).sort();
const read = (f: string) => fs.readFileSync(path.join(managed, f), 'utf8');

const BROKEN = [
  ...JSONC_ERRORS,
  '{"a": [1, {"b": }], "c": {"d" "e"}}',
  '{"Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"',
  '\ufeff{"a": 1}',
  '{"a": 1e, "b": -, "c": 1.}',
  '"just a string"',
  '42',
  'null',
];

describe('the stoppable parse builds jsonc-parser\'s tree', () => {
  test('on every managed policy of the corpus: the same nodes, offsets, colon offsets and errors', () => {
    assert.ok(corpusFiles.length > 1000, 'the corpus is there');
    for (const f of corpusFiles) {
      const text = read(f);
      assert.deepEqual(built(text, () => false), jsonc(text), f);
    }
  });

  test('on broken text, and on every prefix of a policy (cut anywhere)', () => {
    for (const text of BROKEN) assert.deepEqual(built(text), jsonc(text), JSON.stringify(text));
    const policy = read(corpusFiles[7]!);
    for (let i = 0; i <= Math.min(policy.length, 600); i++) assert.deepEqual(built(policy.slice(0, i)), jsonc(policy.slice(0, i)), `prefix of ${i}`);
  });

  test('with a base offset, every offset moves by it', () => {
    const text = '{"a": [1, {"b": null}], "c": "d"}';
    const moved = built(text);
    const errors: ParseError[] = [];
    const based = plainOf(buildTree(text, errors, JSON_OPTIONS, undefined, 100));
    const shift = (p: Plain): Plain => ({ ...p, offset: p.offset + 100, ...(p.colonOffset !== undefined ? { colonOffset: p.colonOffset + 100 } : {}), ...(p.children ? { children: p.children.map(shift) } : {}) });
    assert.deepEqual(based, shift(moved.root!));
  });

  test('stops when told: the parse throws ParseStopped, after asking a few times on a large text', () => {
    const text = template(400);
    let asked = 0;
    assert.throws(
      () => parseJson(text, () => ++asked === 3),
      (e: unknown) => e instanceof ParseStopped,
    );
    assert.equal(asked, 3);
    // Never told to stop: the same result as without the question.
    let questions = 0;
    const full = parseJson(text, () => (questions++, false));
    assert.ok(questions > 10, `asked ${questions} times`);
    assert.deepEqual(plainOf(full.root), plainOf(parseJson(text).root));
    assert.deepEqual(full.errors, []);
  });

  test('reading stops between its steps too: a template whose parse is done stops before its model is built', () => {
    const text = template(50);
    const json = parseJson(text);
    assert.throws(
      () => readDocuments(text, {}, { json, stop: () => true }),
      (e: unknown) => e instanceof ParseStopped,
    );
    // Reading many documents, the question is asked along the way, not only between the steps.
    const many = template(600);
    const manyJson = parseJson(many);
    let asked = 0;
    readDocuments(many, {}, { json: manyJson, stop: () => (asked++, false) });
    assert.ok(asked >= 6, `asked ${asked} times`);
    let again = 0;
    assert.throws(
      () => readDocuments(many, {}, { json: manyJson, stop: () => ++again === 5 }),
      (e: unknown) => e instanceof ParseStopped,
    );
    // With the tree given and no stop, the reading is the same as reading the text.
    const given = analyzeRead(readDocuments(text, { locale: 'en' }, { json }));
    const fresh = analyze(text, { locale: 'en' });
    assert.deepEqual(
      given.findings.map((f) => [f.ruleId, f.offset, f.length, f.message]),
      fresh.findings.map((f) => [f.ruleId, f.offset, f.length, f.message]),
    );
    assert.ok(fresh.findings.length > 0);
  });
});

/** A random edit of `text`: anywhere, removing up to 4 characters, inserting up to 3 drawn from JSON's own. */
function randomEdit(text: string, next: () => number, near?: number): { edit: TextEdit; text: string } {
  const alphabet = ['a', 'b', '1', ' ', '\n', '"', ':', ',', '{', '}', '[', ']', '\\', '*', '-', 'e', 'x'];
  const offset = near !== undefined && next() < 0.8 ? Math.max(0, Math.min(text.length, near + Math.floor(next() * 7) - 3)) : Math.floor(next() * (text.length + 1));
  const removed = Math.min(text.length - offset, Math.floor(next() * next() * 5));
  let inserted = '';
  const count = Math.floor(next() * 4);
  // Mostly letters (typing inside a string), sometimes structure.
  for (let i = 0; i < count; i++) inserted += next() < 0.6 ? 'abcxyz'[Math.floor(next() * 6)]! : alphabet[Math.floor(next() * alphabet.length)]!;
  return { edit: { offset, removed, inserted: inserted.length }, text: text.slice(0, offset) + inserted + text.slice(offset + removed) };
}

/**
 * Chains `steps` random edits from `start`, splicing when possible; every spliced tree is compared with a
 * full parse. An edit that leaves the text broken is undone by the next step (as a person fixes a typo).
 */
function typeInto(start: string, steps: number, seed: number): { spliced: number; full: number } {
  const next = rng(seed);
  let text = start;
  let tree: ParsedJson | undefined = parseJson(text);
  let cursor = Math.floor(next() * text.length);
  let undo: { edit: TextEdit; text: string } | undefined;
  let spliced = 0;
  let full = 0;
  for (let i = 0; i < steps; i++) {
    let e: { edit: TextEdit; text: string };
    if (undo) {
      e = undo;
      undo = undefined;
    } else {
      e = randomEdit(text, next, cursor);
      const { offset, removed, inserted } = e.edit;
      undo = { edit: { offset, removed: inserted, inserted: removed }, text };
      cursor = offset + inserted;
    }
    text = e.text;
    const expected = parseJson(text);
    if (expected.errors.length === 0) undo = undefined;
    const got: ParsedJson | undefined = tree ? spliceJson(tree, text, e.edit) : undefined;
    if (got) {
      spliced++;
      assert.equal(got.text, text);
      assert.deepEqual(got.errors, []);
      assert.deepEqual(expected.errors, [], `step ${i} (seed ${seed}): spliced, yet a full parse has errors`);
      assert.deepEqual(plainOf(got.root), plainOf(expected.root), `step ${i} (seed ${seed}): edit ${JSON.stringify(e.edit)}`);
      tree = got;
    } else {
      full++;
      tree = expected;
    }
  }
  return { spliced, full };
}

describe('a tree spliced after an edit equals a full parse', () => {
  test('random edits typed into managed policies of the corpus', () => {
    let spliced = 0;
    let full = 0;
    // Every 8th policy of the corpus, 40 chained edits each.
    for (let i = 0; i < corpusFiles.length; i += 8) {
      const r = typeInto(read(corpusFiles[i]!), 40, 1000 + i);
      spliced += r.spliced;
      full += r.full;
    }
    // Both paths are taken often: the comparison above covers the splice, not only the fallback.
    assert.ok(spliced > 2000 && full > 1000, `spliced ${spliced}, parsed in full ${full}`);
  });

  test('random edits typed into generated templates (many siblings and ancestors to move)', () => {
    let spliced = 0;
    let full = 0;
    for (let seed = 1; seed <= 4; seed++) {
      const r = typeInto(template(8 * seed), 120, seed);
      spliced += r.spliced;
      full += r.full;
    }
    assert.ok(spliced > 120 && full > 60, `spliced ${spliced}, parsed in full ${full}`);
  });

  test('typing inside a policy name: spliced each time, only the enclosing object parsed again', () => {
    let text = template(20);
    let tree = parseJson(text);
    const at = text.indexOf('"Role7"') + 5;
    for (const [i, ch] of [...'abcdef'].entries()) {
      text = text.slice(0, at + i) + ch + text.slice(at + i);
      const got: ParsedJson | undefined = spliceJson(tree, text, { offset: at + i, removed: 0, inserted: 1 });
      assert.ok(got, `edit ${i} spliced`);
      assert.deepEqual(plainOf(got.root), plainOf(parseJson(text).root));
      tree = got;
    }
    assert.ok(text.includes('"Roleabcdef7"'));
  });

  test('falls back to a full parse when the splice cannot be trusted', () => {
    const text = '{"a": {"b": [1, 2]}, "c": "d"}';
    const fallback = (edited: string, edit: TextEdit, previous = parseJson(text)) => assert.equal(spliceJson(previous, edited, edit), undefined, edited);
    // A bracket removed: the object no longer parses on its own.
    fallback('{"a": {"b": [1, 2}, "c": "d"}', { offset: 17, removed: 1, inserted: 0 });
    // A quote typed: the string swallows the rest.
    fallback('{"a": {"b": [1, "2]}, "c": "d"}', { offset: 16, removed: 0, inserted: 1 });
    // An edit on the root's bracket, or outside the root.
    fallback('[{"a": {"b": [1, 2]}, "c": "d"}', { offset: 0, removed: 0, inserted: 1 });
    fallback('{"a": {"b": [1, 2]}, "c": "d"} ', { offset: 30, removed: 0, inserted: 1 });
    // The old text had errors: they may be anywhere.
    const broken = '{"a": {"b": [1, 2]}, "c": }';
    assert.equal(spliceJson(parseJson(broken), '{"a": {"b": [1, 23]}, "c": }', { offset: 17, removed: 0, inserted: 1 }), undefined);
    // A trailing comma inside the object.
    fallback('{"a": {"b": [1, 2,]}, "c": "d"}', { offset: 17, removed: 0, inserted: 1 });
    // Lengths that do not add up (an edit that is not the one applied).
    fallback('{"a": {"b": [1, 22]}, "c": "d"}', { offset: 17, removed: 0, inserted: 2 });
  });

  test('an edit that nests past the depth limit is not spliced (the full parse reports it)', () => {
    const inner = '[1]';
    const deep = '['.repeat(MAX_DEPTH - 1) + inner + ']'.repeat(MAX_DEPTH - 1);
    const previous = parseJson(deep);
    assert.equal(previous.tooDeep, undefined);
    const at = MAX_DEPTH;
    const edited = deep.slice(0, at) + '[2]' + deep.slice(at + 1);
    assert.equal(spliceJson(previous, edited, { offset: at, removed: 1, inserted: 3 }), undefined);
    assert.ok(parseJson(edited).tooDeep);
  });
});

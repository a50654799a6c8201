// The fast JSON loop: on well-formed JSON it builds exactly jsonc-parser's tree (nodes, offsets, lengths,
// colon offsets, values, parents); on anything jsonc-parser reports, or reads with other whitespace than
// JSON's, it declines and the caller parses with jsonc-parser. Checked on the corpus, on edge cases, and on
// thousands of random edits of a policy.
import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { createScanner, parseTree, SyntaxKind, type Node, type ParseError } from 'jsonc-parser';
import { fastTree, STOPPED } from '../../server/src/engine/json-fast';
import { JSON_OPTIONS, MAX_DEPTH, parseJson } from '../../server/src/engine/json';
import { CORPUS, jsonFiles } from '../support/paths';
import { rng } from '../fuzz/fuzzer';
import { template } from '../support/template';
import { JSONC_ERRORS } from '../support/broken-json';

interface Plain {
  type: string;
  offset: number;
  length: number;
  colonOffset?: number;
  value?: unknown;
  keys: string;
  children?: Plain[];
}

/** The tree as plain data (with each node's own keys, in order), checking every child's `parent`. */
function plain(n: Node, parent?: Node): Plain {
  if (parent === undefined) assert.ok(!('parent' in n), 'the root has no parent key');
  else assert.equal(n.parent, parent, `parent of the ${n.type} at ${n.offset}`);
  const out: Plain = { type: n.type, offset: n.offset, length: n.length, keys: Object.keys(n).join() };
  const colon = (n as { colonOffset?: number }).colonOffset;
  if (colon !== undefined) out.colonOffset = colon;
  if ('value' in n) out.value = n.value;
  if (n.children) out.children = n.children.map((c) => plain(c, n));
  return out;
}

function jsonc(text: string): { root: Plain | undefined; errors: ParseError[] } {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, JSON_OPTIONS);
  return { root: root ? plain(root) : undefined, errors };
}

function fast(text: string, base = 0): Plain | undefined {
  const root = fastTree(text, MAX_DEPTH, undefined, 2048, base);
  assert.notEqual(root, STOPPED);
  return root && root !== STOPPED ? plain(root) : undefined;
}

/** Whether all whitespace between tokens (as jsonc-parser's scanner reads it) is JSON's own: space, tab, CR, LF. */
function onlyJsonWhitespace(text: string): boolean {
  const scanner = createScanner(text, false);
  for (let kind = scanner.scan(); kind !== SyntaxKind.EOF; kind = scanner.scan()) {
    if ((kind === SyntaxKind.Trivia || kind === SyntaxKind.LineBreakTrivia) && !/^[ \t\r\n]*$/.test(scanner.getTokenValue())) return false;
  }
  return true;
}

describe('the fast JSON loop', () => {
  test('builds jsonc-parser\'s tree for every JSON file of the test corpus (managed policies, documentation examples, escalation policies, templates)', () => {
    const files = jsonFiles(CORPUS).sort();
    assert.ok(files.length > 1600, `${files.length} files`);
    let accepted = 0;
    for (const f of files) {
      const text = fs.readFileSync(f, 'utf8');
      const expected = jsonc(text);
      const got = fast(text);
      if (expected.errors.length || !onlyJsonWhitespace(text)) {
        assert.equal(got, undefined, f);
        continue;
      }
      assert.deepEqual(got, expected.root, f);
      accepted++;
    }
    assert.ok(accepted > 1600, `${accepted} accepted`);
  });

  test('reads escapes, numbers, empty containers, literals and JSON\'s whitespace as jsonc-parser does', () => {
    const texts = [
      '{"a\\"b": "q\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\uD83D\\uDE00 end", "": ""}',
      '[-0, 0, 1, -1.5e10, 2E+3, 3e-2, 0.25, 123456789012345678901234567890, 1e400]',
      '[[], {}, [{}], {"a": []}, [[[]]], {"b": {"c": {}}}]',
      ' \t\r\n{ \t\r\n"a" \t\r\n: \t\r\n[ 1 ,\n 2 ] \r\n} \t',
      '[true, false, null, "true"]',
      '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["iam:PassRole"], "Resource": "*"}]}',
      '42',
      '"just a string"',
      'null',
      '{"dup": 1, "dup": 2}',
      '"\u00e9\u3042 ünïcödé and \ud83d\ude00 as they are"',
      '{"\u00a0 no-break space and \u2028 line separator": "inside strings are only characters\u00a0\u2029"}',
    ];
    for (const text of texts) {
      const expected = jsonc(text);
      assert.deepEqual(expected.errors, [], text);
      assert.deepEqual(fast(text), expected.root, text);
    }
  });

  test('declines what jsonc-parser reports or reads otherwise, and parseJson then gives jsonc-parser\'s tree and errors', () => {
    const declined = [
      ...JSONC_ERRORS,
      '[1 2]',
      '{"a": 1 "b": 2}',
      '{"a": "line\nbreak"}',
      '{"a": "tab\tinside"}',
      '{"a": "short \\u12 escape"}',
      '{"a": -}',
      '{"a": 1.}',
      '{"a": 1e}',
      '{"a": .5}',
      '{"a": +1}',
      '{"a": 1x}',
      '{"a": truex}',
      '{"a": nul}',
      '{"a": 1} x',
      '{1: 2}',
      "{'a': 1}",
      // Whitespace jsonc-parser skips without a word but JSON does not have: the slower parse reads it.
      '\u00a0{"a": 1}',
      '{"a":\u20281}',
      '{"a":\u000b1}',
    ];
    for (const text of declined) {
      assert.equal(fast(text), undefined, JSON.stringify(text));
      const viaParseJson = parseJson(text);
      const expected = jsonc(text);
      assert.deepEqual(viaParseJson.root ? plain(viaParseJson.root) : undefined, expected.root, JSON.stringify(text));
      assert.deepEqual(viaParseJson.errors, expected.errors, JSON.stringify(text));
    }
  });

  test('nests up to the depth limit, and declines deeper (parseJson then says how deep)', () => {
    const at = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
    assert.deepEqual(fast(at(MAX_DEPTH)), jsonc(at(MAX_DEPTH)).root);
    assert.equal(fast(at(MAX_DEPTH + 1)), undefined);
    assert.equal(fastTree('['.repeat(10_000) + ']'.repeat(10_000), MAX_DEPTH), undefined);
    const deep = parseJson(`{"a": ${'['.repeat(10_000)}${']'.repeat(10_000)}}`);
    assert.equal(deep.root, undefined);
    assert.equal(deep.tooDeep?.depth, MAX_DEPTH + 1);
  });

  test('moves every offset by a base, and stops when told', () => {
    const text = '{"a": [1, {"b": null}], "c": "d"}';
    const shift = (p: Plain): Plain => ({ ...p, offset: p.offset + 100, ...(p.colonOffset !== undefined ? { colonOffset: p.colonOffset + 100 } : {}), ...(p.children ? { children: p.children.map(shift) } : {}) });
    assert.deepEqual(fast(text, 100), shift(fast(text)!));
    const big = template(300);
    let asked = 0;
    assert.equal(fastTree(big, MAX_DEPTH, () => ++asked === 4, 100), STOPPED);
    assert.equal(asked, 4);
    let never = 0;
    const root = fastTree(big, MAX_DEPTH, () => (never++, false), 100);
    assert.ok(never > 10, `asked ${never} times`);
    assert.deepEqual(plain(root as Node), jsonc(big).root);
  });

  test('on 4,000 random edits of a template: declines exactly what jsonc-parser reports, else builds its tree', () => {
    const start = template(3);
    const next = rng(20261203);
    const alphabet = ['a', '1', '0', ' ', '\n', '\t', '"', ':', ',', '{', '}', '[', ']', '\\', 'u', '-', '+', '.', 'e', 'E', 't', 'n', '/', '*', '\u00a0', '\u0001'];
    let accepted = 0;
    let declined = 0;
    for (let i = 0; i < 4000; i++) {
      const offset = Math.floor(next() * (start.length + 1));
      const removed = Math.min(start.length - offset, Math.floor(next() * next() * 6));
      let inserted = '';
      for (let k = Math.floor(next() * 4); k > 0; k--) inserted += alphabet[Math.floor(next() * alphabet.length)]!;
      const text = start.slice(0, offset) + inserted + start.slice(offset + removed);
      const expected = jsonc(text);
      const got = fast(text);
      if (expected.errors.length === 0 && onlyJsonWhitespace(text)) {
        assert.deepEqual(got, expected.root, `edit ${i}: ${JSON.stringify({ offset, removed, inserted })}`);
        accepted++;
      } else {
        assert.equal(got, undefined, `edit ${i}: ${JSON.stringify({ offset, removed, inserted })}`);
        declined++;
      }
    }
    assert.ok(accepted > 500 && declined > 500, `${accepted} accepted, ${declined} declined`);
  });
});

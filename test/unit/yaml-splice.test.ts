// The worker's YAML splice: after an edit inside one resource of a CloudFormation YAML template, only that
// resource's lines are read again, and the tree equals a full reading of the edited text (nodes, offsets, colon
// offsets, values, what the tree keeps of YAML, parents) — checked over thousands of random edits, chained as a
// person types, into the YAML and SAM templates of the corpus. Where that cannot be trusted it gives nothing.
import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { JsonNode } from '../../server/src/engine/json';
import type { TextEdit } from '../../server/src/engine/json-splice';
import { parseYaml, yamlOf, type ParsedYaml } from '../../server/src/engine/formats/yaml';
import { spliceYaml } from '../../server/src/engine/formats/yaml-splice';
import { CORPUS } from '../support/paths';
import { rng } from '../fuzz/fuzzer';

interface Plain {
  type: string;
  offset: number;
  length: number;
  colonOffset?: number;
  value?: unknown;
  yaml?: unknown;
  children?: Plain[];
}

/** The tree as plain data, checking on the way that every child's `parent` is the node holding it. */
function plain(n: JsonNode, parent?: JsonNode): Plain {
  assert.equal(n.parent, parent, `parent of the ${n.type} at ${n.offset}`);
  const out: Plain = { type: n.type, offset: n.offset, length: n.length };
  if (n.colonOffset !== undefined) out.colonOffset = n.colonOffset;
  if ('value' in n) out.value = n.value;
  const y = yamlOf(n);
  if (y) out.yaml = y;
  if (n.children) out.children = n.children.map((c) => plain(c, n));
  return out;
}

const plainOf = (root: JsonNode | undefined) => (root ? plain(root) : undefined);

const templates = ['cloudformation-yaml', path.join('sam', 'templates')].flatMap((dir) =>
  fs
    .readdirSync(path.join(CORPUS, dir))
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => path.join(CORPUS, dir, f)),
);

/** Characters of YAML's own structure besides letters: line breaks and indentation, indicators, quotes, tags. */
const ALPHABET = ['a', 'b', '1', ' ', '  ', '\n', '\n  ', '\n    ', '"', "'", ':', ': ', ',', '{', '}', '[', ']', '- ', '#', '|', '>', '&a', '*a', '!Ref ', '!Sub ', '---', '...', '\t', 'x'];

/** A random edit near the cursor (now and then at the start of a line), removing up to 4 characters and inserting up to 3 pieces. */
function randomEdit(text: string, next: () => number, near: number): { edit: TextEdit; text: string } {
  let offset = next() < 0.8 ? Math.max(0, Math.min(text.length, near + Math.floor(next() * 7) - 3)) : Math.floor(next() * (text.length + 1));
  if (next() < 0.25) offset = text.lastIndexOf('\n', offset - 1) + 1;
  const removed = Math.min(text.length - offset, Math.floor(next() * next() * 5));
  let inserted = '';
  const count = Math.floor(next() * 4);
  for (let i = 0; i < count; i++) inserted += next() < 0.6 ? 'abcxyz'[Math.floor(next() * 6)]! : ALPHABET[Math.floor(next() * ALPHABET.length)]!;
  return { edit: { offset, removed, inserted: inserted.length }, text: text.slice(0, offset) + inserted + text.slice(offset + removed) };
}

/**
 * Chains `steps` random edits from `start`, splicing when possible; every spliced tree is compared with a full
 * reading. An edit that leaves the text broken is undone by the next step (as a person fixes a typo).
 */
function typeInto(start: string, steps: number, seed: number): { spliced: number; full: number } {
  const next = rng(seed);
  let text = start;
  let tree: ParsedYaml = parseYaml(text);
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
    const expected = parseYaml(text);
    if (expected.problems.length === 0) undo = undefined;
    const got = spliceYaml(tree, text, e.edit);
    if (got) {
      spliced++;
      assert.equal(got.text, text);
      assert.deepEqual(expected.problems, [], `step ${i} (seed ${seed}): spliced, yet a full reading has problems`);
      assert.deepEqual(plainOf(got.root), plainOf(expected.root), `step ${i} (seed ${seed}): edit ${JSON.stringify(e.edit)}`);
      assert.equal(got.separable, expected.separable);
      tree = got;
    } else {
      full++;
      tree = expected;
    }
  }
  return { spliced, full };
}

/** A CloudFormation YAML template of `count` roles, each with an inline policy. */
function yamlTemplate(count: number): string {
  let out = 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n';
  for (let i = 0; i < count; i++) {
    out += `  Role${i}:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Principal:\n              Service: lambda.amazonaws.com\n            Action: sts:AssumeRole\n`;
    out += `      Policies:\n        - PolicyName: p${i}\n          PolicyDocument:\n            Statement:\n              - Effect: Allow\n                Action: [s3:GetObject, "iam:PassRole"]\n                Resource: !Sub "arn:aws:s3:::bucket-${i}/*"\n\n`;
  }
  return out + 'Outputs:\n  Arn:\n    Value: !GetAtt Role0.Arn\n';
}

describe('a YAML tree spliced after an edit equals a full reading', () => {
  test('random edits typed into the YAML and SAM templates of the corpus', () => {
    assert.ok(templates.length > 100, `${templates.length} templates`);
    let spliced = 0;
    let full = 0;
    // Every other template of the corpus, 40 chained edits each.
    for (let i = 0; i < templates.length; i += 2) {
      const r = typeInto(fs.readFileSync(templates[i]!, 'utf8'), 40, 2000 + i);
      spliced += r.spliced;
      full += r.full;
    }
    // Both paths are taken often: the comparison above covers the splice, not only the fallback.
    assert.ok(spliced > 500 && full > 500, `spliced ${spliced}, read in full ${full}`);
  });

  test('random edits typed into a generated template (many resources after the edit to move)', () => {
    let spliced = 0;
    for (let seed = 1; seed <= 3; seed++) spliced += typeInto(yamlTemplate(8 * seed), 100, seed).spliced;
    assert.ok(spliced > 30, `spliced ${spliced}`);
  });

  test('typing inside a policy name: spliced each time, the resource read again, what follows moved', () => {
    let text = yamlTemplate(20);
    let tree = parseYaml(text);
    const at = text.indexOf('PolicyName: p7') + 'PolicyName: p'.length;
    for (const [i, ch] of [...'abcdef'].entries()) {
      text = text.slice(0, at + i) + ch + text.slice(at + i);
      const got = spliceYaml(tree, text, { offset: at + i, removed: 0, inserted: 1 });
      assert.ok(got, `edit ${i} spliced`);
      assert.deepEqual(plainOf(got.root), plainOf(parseYaml(text).root));
      tree = got;
    }
    assert.ok(text.includes('PolicyName: pabcdef7'));
  });

  test('the nodes of the resources the edit is not in are kept (moved), and the ancestors are told', () => {
    const text = yamlTemplate(3);
    const tree = parseYaml(text);
    const entries = () => tree.root!.children![1]!.children![1]!.children!;
    const [first, second, third] = entries();
    const at = text.indexOf('bucket-1') + 'bucket-'.length;
    const changed: JsonNode[] = [];
    const got = spliceYaml(tree, text.slice(0, at) + '42' + text.slice(at), { offset: at, removed: 0, inserted: 2 }, (n) => changed.push(n));
    assert.ok(got);
    const [a, b, c] = got.root!.children![1]!.children![1]!.children!;
    assert.equal(a, first);
    assert.notEqual(b, second);
    assert.equal(c, third);
    assert.equal(third!.offset, text.indexOf('  Role2:') + 2 + 2);
    assert.deepEqual(
      changed.map((n) => n.type),
      ['object', 'property', 'object'],
    );
  });

  test('falls back to a full reading where a part cannot be read on its own', () => {
    const text = yamlTemplate(3);
    const edit = (source: string, offset: number, removed: number, inserted: string, previous = parseYaml(source)) => {
      const edited = source.slice(0, offset) + inserted + source.slice(offset + removed);
      return spliceYaml(previous, edited, { offset, removed, inserted: inserted.length });
    };
    const inPolicyName = text.indexOf('PolicyName: p1') + 13;
    // The same edit splices in the plain template …
    assert.ok(edit(text, inPolicyName, 0, 'x'));
    // … but not where an anchor, an alias or a merge key is used anywhere.
    const anchored = text.replace('Service: lambda.amazonaws.com', 'Service: &svc lambda.amazonaws.com');
    assert.equal(edit(anchored, anchored.indexOf('PolicyName: p1') + 13, 0, 'x'), undefined);
    // Nor in a file of several documents.
    const twoDocs = `${text}---\nOther: 1\n`;
    assert.equal(edit(twoDocs, inPolicyName, 0, 'x'), undefined);
    // Nor when the edit is on a logical id, or joins the next resource's line.
    assert.equal(edit(text, text.indexOf('Role1:') + 4, 0, 'x'), undefined);
    const beforeRole2 = text.indexOf('  Role2:') - 1;
    assert.equal(edit(text, beforeRole2, 1, ''), undefined);
    // Nor when the old text had problems (they may be anywhere).
    const broken = text.replace('Type: AWS::IAM::Role', 'Type: AWS::IAM::Role\n    Type: again');
    assert.ok(parseYaml(broken).problems.length > 0);
    assert.equal(edit(broken, broken.indexOf('PolicyName: p2') + 13, 0, 'x'), undefined);
    // Nor when the new lines make two entries, or read with errors.
    assert.equal(edit(text, inPolicyName, 0, '\n  Extra:\n    Type: X\n   '), undefined);
    assert.equal(edit(text, inPolicyName - 1, 0, '"'), undefined);
    // Nor when the resource's new lines read cleanly on their own but not before the next resource: after a
    // comment at the start of a line, the parser reads `Auth:`'s new plain value on into the next logical id's line.
    const runOn = 'Resources:\n  A:\n    Type: X\n    Properties:\n      Auth:\n#1a    D: A\n        InvokeRole: rn:aws\n  B:\n    Type: Y\n';
    assert.deepEqual(parseYaml(runOn).problems, []);
    const runOnEdited = runOn.replace('InvokeRole:', 'InvokeRol,x');
    assert.ok(parseYaml(runOnEdited).problems.length > 0);
    assert.deepEqual(parseYaml(runOnEdited.slice(runOnEdited.indexOf('  A:'), runOnEdited.indexOf('  B:'))).problems, []);
    assert.equal(edit(runOn, runOn.indexOf('InvokeRole:'), 11, 'InvokeRol,x'), undefined);
    // An edit outside Resources.
    assert.equal(edit(text, text.indexOf('Value: !GetAtt') + 8, 0, ' '), undefined);
  });
});

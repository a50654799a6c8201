// Terraform that cannot be read, or should not be: each gets one clear sentence at the place it is about, in
// bounded time, and nothing else is guessed from it (no rule runs on a file the grammar could not read whole).
import { before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { analyze, type Finding } from '../../server/src/engine';
import { initHcl } from '../../server/src/engine/formats/hcl';

before(async () => {
  await initHcl();
});

/** Rule, the text a finding underlines, and its message. */
const seen = (text: string, findings: readonly Finding[]) => findings.map((f) => [f.ruleId, text.slice(f.offset, f.offset + f.length), f.offset, f.message]);

function timed(text: string, locale: 'en' | 'ja' = 'en') {
  const start = performance.now();
  const r = analyze(text, { fileName: 'main.tf', locale });
  return { findings: r.findings, ms: performance.now() - start };
}

const NESTING = 10_000;
const resource = (policy: string) => `resource "aws_iam_policy" "p" {\n  name   = "p"\n  policy = ${policy}\n}\n`;

describe('bad Terraform input', () => {
  test('a bracket left open: the place it should close, and no rule guessing at the rest', () => {
    const text = resource('jsonencode({\n    Statement = [{ Effect = "Allow", Action = "iam:PassRole", Resource = "*" }\n  })');
    const { findings } = timed(text);
    assert.deepEqual(seen(text, findings), [['hcl-syntax', '', text.indexOf('  })') + 2, 'Invalid HCL: a closing `]` is missing here.']]);
  });

  test('an unexpected token: the token underlined', () => {
    const text = 'resource "aws_iam_policy" "p" {\n  name = = "p"\n}\n';
    const { findings } = timed(text);
    assert.deepEqual(seen(text, findings), [['hcl-syntax', '=', text.indexOf('= "p"'), 'Invalid HCL: Terraform cannot read this (an unexpected token, or one missing before it).']]);
  });

  test('an unterminated heredoc: its opening underlined, its marker named, nothing more at the end of the file', () => {
    // `EOT` is not `EOF`: the heredoc runs to the end of the file, and the block's `}` with it.
    const text = resource('<<EOF\n{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}]}\nEOT');
    assert.deepEqual(seen(text, timed(text).findings), [
      ['hcl-syntax', '<<EOF', text.indexOf('<<EOF'), 'Invalid HCL: this heredoc is never closed: no line holds only `EOF` after it, so Terraform reads the rest of the file as its text.'],
    ]);
    const indented = resource('<<-POLICY\n    {}\n  POLICY_');
    assert.deepEqual(seen(indented, timed(indented, 'ja').findings), [
      ['hcl-syntax', '<<-POLICY', indented.indexOf('<<-POLICY'), 'HCL として不正です。このヒアドキュメントが閉じられていません。この後に `POLICY` だけの行がないため、Terraform はファイルの残りをすべてその本文として読みます。'],
    ]);
  });

  test('a 10 MB .tf file: said to be over the size limit, without being parsed', () => {
    const block = (i: number) => resource(`jsonencode({\n    Version   = "2012-10-17"\n    Statement = [{ Effect = "Allow", Action = ["s3:GetObject"], Resource = "arn:aws:s3:::bucket-${i}/*" }]\n  })`) + '\n';
    const parts: string[] = [];
    let size = 0;
    for (let i = 0; size < 10 * 1024 * 1024; i++) {
      parts.push(block(i));
      size += parts[parts.length - 1]!.length;
    }
    const text = parts.join('');
    const { findings, ms } = timed(text);
    assert.deepEqual(seen(text, findings), [['analysis-limit', '', 0, 'This document is 10.0 MB, over the 5.0 MB limit (setting `iamRoleLens.maxFileSize`): it was not analysed.']]);
    assert.ok(ms < 5_000, `${ms} ms`);
  });

  for (const [shape, open, close] of [
    ['objects', '{ a = ', ' }'],
    ['tuples', '[', ']'],
  ] as const) {
    test(`jsonencode nested ${NESTING} levels deep (${shape}): the level past the limit, no stack overflow`, () => {
      const text = resource(`jsonencode(${open.repeat(NESTING)}"x"${close.repeat(NESTING)})`);
      const { findings, ms } = timed(text);
      assert.equal(findings.length, 1);
      const [f] = findings;
      assert.equal(f!.ruleId, 'analysis-limit');
      assert.equal(f!.message, 'The HCL is nested more than 512 levels deep (513+): IAM policies are a few levels deep, so the document was not analysed.');
      // Inside the nesting, past the 512th level.
      const at = text.indexOf('jsonencode(') + 'jsonencode('.length;
      assert.ok(f!.offset > at + 500 * open.length && f!.offset < at + 520 * open.length, `offset ${f!.offset}`);
      assert.ok(ms < 20_000, `${ms} ms`);
    });
  }

  test(`heredoc JSON nested ${NESTING} levels deep: reported, not dropped in silence`, () => {
    const text = resource(`<<EOF\n${'{"a": '.repeat(NESTING)}1${'}'.repeat(NESTING)}\nEOF`);
    const { findings, ms } = timed(text);
    assert.deepEqual(
      findings.map((f) => [f.ruleId, text[f.offset], f.message]),
      [['analysis-limit', '{', 'The HCL is nested more than 512 levels deep (513+): IAM policies are a few levels deep, so the document was not analysed.']],
    );
    assert.ok(ms < 20_000, `${ms} ms`);
  });

  test(`blocks nested ${NESTING} levels deep: reported at the level past the limit`, () => {
    const text = `data "aws_iam_policy_document" "p" {\n${'statement {\n'.repeat(NESTING)}${'}\n'.repeat(NESTING)}}\n`;
    const { findings } = timed(text);
    assert.deepEqual(
      findings.map((f) => [f.ruleId, text.slice(f.offset, f.offset + 'statement'.length)]),
      [['analysis-limit', 'statement']],
    );
  });
});

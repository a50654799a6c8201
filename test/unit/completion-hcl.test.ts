// Completion and hovers inside Terraform policies: the three shapes (an aws_iam_policy_document data source,
// jsonencode, heredoc JSON), with the item replacing the quoted string under the cursor and nothing else.
import { before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { analyze, applyEdits } from '../../server/src/engine';
import { complete, type CompletionEntry } from '../../server/src/engine/completion';
import { initHcl } from '../../server/src/engine/formats/hcl';
import { hover } from '../../server/src/engine/hover';

before(async () => {
  await initHcl();
});

function at(marked: string): { text: string; offset: number; items: CompletionEntry[] } {
  const offset = marked.indexOf('|');
  const text = marked.slice(0, offset) + marked.slice(offset + 1);
  const items = [...complete(text, offset, { fileName: 'main.tf' }).items].sort((a, b) => a.sortText.localeCompare(b.sortText));
  return { text, offset, items };
}

const accept = (text: string, item: CompletionEntry) => applyEdits(text, [{ ...item.range, newText: item.insertText }]);
const labels = (items: CompletionEntry[]) => items.map((i) => i.label);
const pick = (items: CompletionEntry[], label: string) => {
  const item = items.find((i) => i.label === label);
  assert.ok(item, `no item ${label} among ${labels(items).slice(0, 10).join(', ')}`);
  return item;
};

const DATA = (statement: string) => `data "aws_iam_policy_document" "deploy" {\n  statement {\n${statement}\n  }\n}\n`;
const PASS = (condition: string) =>
  DATA(`    actions   = ["iam:PassRole"]\n    resources = ["*"]\n\n    condition {\n${condition}\n    }`);

describe('completion in Terraform', () => {
  test('aws_iam_policy_document: an action in actions, written back as an HCL string that parses', () => {
    const { text, items } = at(DATA('    actions   = ["lambda:Inv|"]\n    resources = ["*"]'));
    const fixed = accept(text, pick(items, 'lambda:InvokeFunction'));
    assert.equal(fixed, DATA('    actions   = ["lambda:InvokeFunction"]\n    resources = ["*"]'));
    assert.deepEqual(analyze(fixed, { fileName: 'main.tf' }).findings.filter((f) => f.ruleId === 'hcl-syntax'), []);
  });

  test('aws_iam_policy_document: an empty string in actions offers the services', () => {
    const { items } = at(DATA('    actions   = ["|"]\n    resources = ["*"]'));
    assert.ok(labels(items).includes('iam'));
    assert.equal(pick(items, 'iam').insertText, '"iam:"');
  });

  test('condition test: the operators; variable: iam:PassedToService first for a PassRole statement; values: service principals', () => {
    const test1 = at(PASS('      test     = "StringE|"\n      variable = "iam:PassedToService"\n      values   = ["lambda.amazonaws.com"]'));
    assert.equal(accept(test1.text, pick(test1.items, 'StringEquals')), PASS('      test     = "StringEquals"\n      variable = "iam:PassedToService"\n      values   = ["lambda.amazonaws.com"]'));
    assert.ok(!labels(test1.items).includes('iam:PassedToService'));

    const variable = at(PASS('      test     = "StringEquals"\n      variable = "iam:|"\n      values   = ["lambda.amazonaws.com"]'));
    assert.equal(variable.items[0]!.label, 'iam:PassedToService');
    assert.equal(accept(variable.text, variable.items[0]!), PASS('      test     = "StringEquals"\n      variable = "iam:PassedToService"\n      values   = ["lambda.amazonaws.com"]'));

    const values = at(PASS('      test     = "StringEquals"\n      variable = "iam:PassedToService"\n      values   = ["lam|"]'));
    assert.equal(accept(values.text, pick(values.items, 'lambda.amazonaws.com')), PASS('      test     = "StringEquals"\n      variable = "iam:PassedToService"\n      values   = ["lambda.amazonaws.com"]'));
  });

  test('jsonencode: an action, and a quoted condition key', () => {
    const policy = (action: string, key: string) =>
      `resource "aws_iam_policy" "p" {\n  policy = jsonencode({\n    Version   = "2012-10-17"\n    Statement = [{ Effect = "Allow", Action = ["${action}"], Resource = "*", Condition = { StringEquals = { "${key}" = "lambda.amazonaws.com" } } }]\n  })\n}\n`;
    const action = at(policy('iam:PassR|', 'iam:PassedToService'));
    assert.equal(accept(action.text, pick(action.items, 'iam:PassRole')), policy('iam:PassRole', 'iam:PassedToService'));
    const key = at(policy('iam:PassRole', 'iam:Pa|'));
    assert.equal(key.items[0]!.label, 'iam:PassedToService');
    assert.equal(accept(key.text, key.items[0]!), policy('iam:PassRole', 'iam:PassedToService'));
  });

  test('heredoc JSON: an action', () => {
    const policy = (action: string) => `resource "aws_iam_policy" "p" {\n  policy = <<EOF\n{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "${action}", "Resource": "*"}]}\nEOF\n}\n`;
    const { text, items } = at(policy('s3:GetObj|'));
    assert.equal(accept(text, pick(items, 's3:GetObject')), policy('s3:GetObject'));
  });

  test('nothing outside a policy, nor in an interpolation, nor on a name of Terraform', () => {
    assert.deepEqual(at('resource "aws_s3_bucket" "b" {\n  bucket = "iam:|"\n}\n').items, []);
    assert.deepEqual(at(DATA('    actions   = ["${var.pre|fix}:GetObject"]\n    resources = ["*"]')).items, []);
    assert.deepEqual(at(DATA('    actions   = ["s3:GetObject"]\n    resources = ["*"]\n    sid = "Al|low"')).items.length, 0);
  });
});

describe('hovers in Terraform', () => {
  const hoverAt = (marked: string) => {
    const offset = marked.indexOf('|');
    const text = marked.slice(0, offset) + marked.slice(offset + 1);
    return hover(text, offset, { fileName: 'main.tf' })?.markdown ?? '';
  };

  test('an action, an operator, a condition key and a service principal in a policy document data source', () => {
    assert.match(hoverAt(PASS('      test     = "StringEquals"\n      variable = "iam:PassedToService"\n      values   = ["lambda.amazonaws.com"]').replace('iam:PassRole', 'iam:Pass|Role')), /^\*\*`iam:PassRole`\*\*: permission to \*hand a role over\*/);
    assert.match(hoverAt(PASS('      test     = "String|Equals"\n      variable = "iam:PassedToService"\n      values   = ["lambda.amazonaws.com"]')), /^\*\*`StringEquals`\*\* · condition operator/);
    assert.match(hoverAt(PASS('      test     = "StringEquals"\n      variable = "iam:Passed|ToService"\n      values   = ["lambda.amazonaws.com"]')), /^\*\*`iam:PassedToService`\*\*: the service a role is being passed to/);
    assert.match(hoverAt(PASS('      test     = "StringEquals"\n      variable = "iam:PassedToService"\n      values   = ["lambda.amazon|aws.com"]')), /^\*\*`lambda\.amazonaws\.com`\*\*: service principal of AWS Lambda/);
  });

  test('jsonencode: an action and an operator written as HCL keys', () => {
    const policy = `resource "aws_iam_policy" "p" {\n  policy = jsonencode({\n    Statement = [{ Effect = "Allow", Action = "s3:Get|Object", Resource = "*", Condition = { Bool = { "aws:SecureTransport" = "true" } } }]\n  })\n}\n`;
    assert.match(hoverAt(policy), /^\*\*`s3:GetObject`\*\*/);
    assert.match(hoverAt(policy.replace('s3:Get|Object', 's3:GetObject').replace('Bool =', 'Bo|ol =')), /^\*\*`Bool`\*\* · condition operator/);
  });
});

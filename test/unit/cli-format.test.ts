// The CLI's positions: `rangeMaker` gives the line and character the editor gives (`TextDocument.positionAt`
// of vscode-languageserver-textdocument) for every offset of texts with each kind of line break.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { rangeMaker } from '../../server/src/cli/format';

const TEXTS = {
  empty: '',
  'no line break': '{"Version": "2012-10-17"}',
  '\\n': '{\n  "Statement": [\n    {"Effect": "Allow"}\n  ]\n}\n',
  '\\r\\n': '{\r\n  "Statement": [\r\n    {"Effect": "Allow"}\r\n  ]\r\n}\r\n',
  '\\r': '{\r  "a": 1\r}\r',
  mixed: 'a\r\n\r\nb\n\rc\r\rd\n\n',
  'line breaks only': '\n\r\n\r\r\n',
  'not ASCII, then a line break': '{"Sid": "ポリシー"}\r\n{"x": "é"}\n',
};

for (const [name, text] of Object.entries(TEXTS)) {
  test(`rangeMaker: the editor's positions at every offset, and past both ends (${name})`, () => {
    const doc = TextDocument.create('file:///x.json', 'json', 0, text);
    const range = rangeMaker(text);
    for (let offset = -2; offset <= text.length + 2; offset++) {
      for (const length of [0, 1, 3]) {
        assert.deepEqual(range({ offset, length }), { start: doc.positionAt(offset), end: doc.positionAt(offset + length) }, `offset ${offset}, length ${length}`);
      }
    }
  });
}

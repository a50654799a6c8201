// Diagnostics as one line each (rule, range, message), and the engine's findings for a text in the same form:
// what the server published compared with what `analyze()` finds in the same text.
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze } from '../../server/src/engine';

export function plain(d: Diagnostic): string {
  return `${String(d.code)} ${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${typeof d.message === 'string' ? d.message : d.message.value}`;
}

export function expected(uri: string, text: string, fileName: string): string[] {
  const doc = TextDocument.create(uri, 'json', 1, text);
  return analyze(text, { locale: 'en', fileName }).findings.map((f) => {
    const s = doc.positionAt(f.offset);
    const e = doc.positionAt(f.offset + f.length);
    return `${f.ruleId} ${s.line}:${s.character}-${e.line}:${e.character} ${f.message}`;
  });
}

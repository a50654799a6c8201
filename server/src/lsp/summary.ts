// What the server publishes about a document (findings without their fix closures, kinds), in a form
// that crosses a worker boundary.
import type { Finding, RelatedInfo, Result } from '../engine';
import type { FileKindName } from '../protocol';

export interface PlainFinding {
  ruleId: string;
  severity: Finding['severity'];
  message: string;
  offset: number;
  length: number;
  related?: RelatedInfo[];
  data?: Finding['data'];
}

export interface Summary {
  fileKind: FileKindName;
  documents: { kind: string; kindSource: 'forced' | 'context' | 'file-name' | 'content' }[];
  findings: PlainFinding[];
}

export function summarize(result: Result): Summary {
  return {
    fileKind: result.analysis.fileKind,
    documents: result.analysis.documents.map((d) => ({ kind: d.kind, kindSource: d.kindSource })),
    findings: result.findings.map((f) => {
      const p: PlainFinding = { ruleId: f.ruleId, severity: f.severity, message: f.message, offset: f.offset, length: f.length };
      if (f.related) p.related = f.related;
      if (f.data) p.data = f.data;
      return p;
    }),
  };
}

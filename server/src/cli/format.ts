// Output formats of `check`: text (one line per finding, like compilers), JSON (version 1, 0-based LSP
// ranges) and SARIF 2.1.0 (1-based regions, for GitHub code scanning). Each returns the whole output.
// A finding's related information may be in another file of the workspace: its line and character come from
// the workspace index (`PositionAt`), which keeps where each file's lines start.
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { REPOSITORY_URL, RULES, ruleDocsUrl, type FileKind, type Finding, type Locale, type RelatedInfo, type RuleSetting, type Severity, type Span } from '../engine';

export interface FileReport {
  path: string;
  kind: FileKind;
  text: string;
  findings: Finding[];
}

export interface Position {
  /** 0-based. */
  line: number;
  /** 0-based, in UTF-16 code units. */
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** Converts UTF-16 offsets of one text to LSP ranges (the same line breaks as the editor: \n, \r\n, \r). */
export function rangeMaker(text: string): (span: Span) => Range {
  const doc = TextDocument.create('file:///cli', 'json', 0, text);
  return (span) => ({ start: doc.positionAt(span.offset), end: doc.positionAt(span.offset + span.length) });
}

/** Line and character (0-based) of an offset in another file of the workspace; undefined when not indexed. */
export type PositionAt = (file: string, offset: number) => Position | undefined;

const START: Position = { line: 0, character: 0 };

/** The path and range of each related place of a report's findings, in this file or in another one. */
function relatedOf(r: FileReport, range: (span: Span) => Range, positionAt: PositionAt | undefined): (x: RelatedInfo) => { path: string; range: Range } {
  return (x) => {
    if (x.file === undefined || x.file === r.path) return { path: r.path, range: range(x) };
    const start = positionAt?.(x.file, x.offset) ?? START;
    const end = positionAt?.(x.file, x.offset + x.length) ?? start;
    return { path: x.file, range: { start, end } };
  };
}

/** Messages stay on one line in line-oriented output. */
function oneLine(message: string): string {
  return message.replace(/\s*[\r\n]+\s*/g, ' ');
}

/** One line per finding; each related place on an indented line under it: `  related: path:line:col message`. */
export function formatText(reports: readonly FileReport[], positionAt?: PositionAt): string {
  let out = '';
  for (const r of reports) {
    const range = rangeMaker(r.text);
    const related = relatedOf(r, range, positionAt);
    for (const f of r.findings) {
      const { start } = range(f);
      out += `${r.path}:${start.line + 1}:${start.character + 1} ${f.severity} ${f.ruleId} ${oneLine(f.message)}\n`;
      for (const x of f.related ?? []) {
        const at = related(x);
        out += `  related: ${at.path}:${at.range.start.line + 1}:${at.range.start.character + 1} ${oneLine(x.message)}\n`;
      }
    }
  }
  return out;
}

/**
 * Version 1 of the JSON output: what `JSON.stringify({ version: 1, files }, null, 2)` writes, written directly.
 * A run over a large file has tens of thousands of findings, and related places shared by many of them
 * (the companions of an escalation path): each shared list is written once, and no object is built per
 * finding just to be serialised.
 */
export function formatJson(reports: readonly FileReport[], positionAt?: PositionAt): string {
  const chunks: Uint8Array[] = [];
  writeJson(reports, positionAt, (chunk) => chunks.push(chunk));
  return Buffer.concat(chunks).toString('utf8');
}

/** Bytes gathered before `writeJson` hands a chunk on. */
const JSON_CHUNK = 1 << 20;

/**
 * Gathers the output as UTF-8 bytes and hands them on in chunks of about `JSON_CHUNK` bytes. ASCII parts
 * (ranges, punctuation) are joined and encoded together; a part that recurs (a finding's head, with its
 * message) is encoded once and copied. A chunk always ends between parts, so it is valid UTF-8 on its own.
 */
class JsonChunks {
  private buf = Buffer.allocUnsafe(2 * JSON_CHUNK);
  private at = 0;
  private parts: string[] = [];
  private size = 0;
  constructor(private readonly write: (chunk: Uint8Array) => void) {}

  push(...xs: string[]): void {
    for (const x of xs) {
      this.parts.push(x);
      this.size += x.length;
    }
    if (this.size >= 4096) this.encode();
  }

  /** Bytes that `encoded` made earlier. */
  pushBytes(bytes: Uint8Array): void {
    this.encode();
    if (this.at + bytes.length > this.buf.length) this.flush();
    if (bytes.length > this.buf.length) this.write(bytes);
    else {
      this.buf.set(bytes, this.at);
      this.at += bytes.length;
    }
    if (this.at >= JSON_CHUNK) this.flush();
  }

  end(): void {
    this.encode();
    this.flush();
  }

  private encode(): void {
    if (this.parts.length === 0) return;
    const text = this.parts.length === 1 ? this.parts[0]! : this.parts.join('');
    this.parts = [];
    this.size = 0;
    // UTF-8 takes at most three bytes per UTF-16 unit.
    if (this.at + 3 * text.length > this.buf.length) this.flush();
    if (3 * text.length > this.buf.length) this.write(Buffer.from(text, 'utf8'));
    else this.at += this.buf.write(text, this.at, 'utf8');
    if (this.at >= JSON_CHUNK) this.flush();
  }

  private flush(): void {
    if (this.at === 0) return;
    this.write(this.buf.subarray(0, this.at));
    this.buf = Buffer.allocUnsafe(2 * JSON_CHUNK);
    this.at = 0;
  }
}

/**
 * The same output handed to `write` as UTF-8 in chunks of about a megabyte as it is made: the output of
 * tens of thousands of findings is never one string, and its parts die young (cheap for the collector).
 */
export function writeJson(reports: readonly FileReport[], positionAt: PositionAt | undefined, write: (chunk: Uint8Array) => void): void {
  const out = new JsonChunks(write);
  out.push('{\n  "version": 1,\n  "files": ');
  if (reports.length === 0) out.push('[]');
  else {
    out.push('[');
    reports.forEach((r, i) => {
      out.push(i ? ',\n    {\n' : '\n    {\n', `      "path": ${JSON.stringify(r.path)},\n      "kind": ${JSON.stringify(r.kind)},\n      "findings": `);
      if (r.findings.length === 0) out.push('[]');
      else {
        const range = rangeMaker(r.text);
        const related = relatedOf(r, range, positionAt);
        const relatedText = new Map<readonly RelatedInfo[], string>();
        // Thousands of findings often share a rule, message and fix titles: each distinct text is written once.
        const headText = new Map<string, Map<string, Buffer>>();
        const fixesText = new Map<string, string>();
        out.push('[');
        r.findings.forEach((f, j) => {
          let byMessage = headText.get(f.ruleId + '\0' + f.severity);
          if (byMessage === undefined) headText.set(f.ruleId + '\0' + f.severity, (byMessage = new Map<string, Buffer>()));
          let head = byMessage.get(f.message);
          if (head === undefined) {
            head = Buffer.from(`          "ruleId": ${JSON.stringify(f.ruleId)},\n          "severity": ${JSON.stringify(f.severity)},\n          "message": ${JSON.stringify(f.message)},\n          "range": `, 'utf8');
            byMessage.set(f.message, head);
          }
          out.push(j ? ',\n        {\n' : '\n        {\n');
          out.pushBytes(head);
          out.push(jsonRange(range(f), '          '), ',\n          "fixes": ');
          if (f.fixes.length === 0) out.push('[]');
          else {
            const key = f.fixes.length === 1 ? f.fixes[0]!.title : f.fixes.map((x) => x.title).join('\0');
            let fixes = fixesText.get(key);
            if (fixes === undefined) {
              fixes = `[\n${f.fixes.map((x) => `            {\n              "title": ${JSON.stringify(x.title)}\n            }`).join(',\n')}\n          ]`;
              fixesText.set(key, fixes);
            }
            out.push(fixes);
          }
          out.push(',\n          "related": ');
          const list = f.related ?? [];
          let text = relatedText.get(list);
          if (text === undefined) {
            text = list.length === 0 ? '[]' : `[\n${list.map((x) => jsonRelated(related(x), x.message)).join(',\n')}\n          ]`;
            relatedText.set(list, text);
          }
          out.push(text, '\n        }');
        });
        out.push('\n      ]');
      }
      out.push('\n    }');
    });
    out.push('\n  ]');
  }
  out.push('\n}\n');
  out.end();
}

/** A range as `JSON.stringify` indents it, the object starting after a key at `indent`. */
function jsonRange(r: Range, indent: string): string {
  const i1 = indent + '  ';
  const i2 = i1 + '  ';
  return `{\n${i1}"start": {\n${i2}"line": ${r.start.line},\n${i2}"character": ${r.start.character}\n${i1}},\n${i1}"end": {\n${i2}"line": ${r.end.line},\n${i2}"character": ${r.end.character}\n${i1}}\n${indent}}`;
}

function jsonRelated(at: { path: string; range: Range }, message: string): string {
  const i = '              ';
  return `            {\n${i}"path": ${JSON.stringify(at.path)},\n${i}"range": ${jsonRange(at.range, i)},\n${i}"message": ${JSON.stringify(message)}\n            }`;
}

const SARIF_LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'note' };

/** A relative path stays relative (GitHub resolves it against the repository); others become file URIs. */
function artifactUri(p: string): string {
  if (path.isAbsolute(p)) return pathToFileURL(p).href;
  return p.split(/[\\/]/).map(encodeURIComponent).join('/');
}

function sarifRegion(range: Range) {
  return { startLine: range.start.line + 1, startColumn: range.start.character + 1, endLine: range.end.line + 1, endColumn: range.end.character + 1 };
}

export interface SarifContext {
  version: string;
  locale: Locale;
  rules: Record<string, RuleSetting | undefined>;
  positionAt?: PositionAt;
}

export function formatSarif(reports: readonly FileReport[], ctx: SarifContext): string {
  const rules = RULES.map((rule) => {
    const setting = ctx.rules[rule.id] ?? rule.defaultSeverity;
    return {
      id: rule.id,
      name: rule.id,
      shortDescription: { text: rule.summary[ctx.locale] },
      helpUri: ruleDocsUrl(rule.id),
      defaultConfiguration: setting === 'off' ? { enabled: false } : { level: SARIF_LEVEL[setting] },
    };
  });
  const index = new Map(RULES.map((r, i) => [r.id, i]));
  const results = reports.flatMap((r) => {
    const range = rangeMaker(r.text);
    const related = relatedOf(r, range, ctx.positionAt);
    const location = (p: string, at: Range) => ({ physicalLocation: { artifactLocation: { uri: artifactUri(p) }, region: sarifRegion(at) } });
    return r.findings.map((f) => ({
      ruleId: f.ruleId,
      ruleIndex: index.get(f.ruleId),
      level: SARIF_LEVEL[f.severity],
      message: { text: f.message },
      locations: [location(r.path, range(f))],
      ...(f.related?.length
        ? {
            relatedLocations: f.related.map((x, id) => {
              const at = related(x);
              return { id, ...location(at.path, at.range), message: { text: x.message } };
            }),
          }
        : {}),
    }));
  });
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'IAM Role Lens', version: ctx.version, informationUri: REPOSITORY_URL, rules } },
        results,
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}

// Output formats of `check`: text (one line per finding, like compilers), JSON (version 1, 0-based LSP
// ranges) and SARIF 2.1.0 (1-based regions, for GitHub code scanning). Each returns the whole output.
// A finding's related information may be in another file of the workspace: its line and character come from
// the workspace index (`PositionAt`), which keeps where each file's lines start.
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
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

/** Where each line of a text starts: after \n, \r\n or \r, as the editor (and `TextDocument`) counts lines. */
function lineOffsets(text: string): number[] {
  const out = [0];
  if (!text.includes('\r')) {
    // The usual case, found by the string search rather than a loop over every character.
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) out.push(i + 1);
    return out;
  }
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch !== 13 && ch !== 10) continue;
    if (ch === 13 && text.charCodeAt(i + 1) === 10) i++;
    out.push(i + 1);
  }
  return out;
}

/**
 * Converts UTF-16 offsets of one text to LSP ranges: the positions `TextDocument.positionAt` gives (an offset
 * is clamped to the text, and one inside a line break is moved before it), test/unit/cli-format.test.ts.
 */
export function rangeMaker(text: string): (span: Span) => Range {
  const starts = lineOffsets(text);
  const positionAt = (offset: number): Position => {
    offset = Math.max(Math.min(offset, text.length), 0);
    let low = 0;
    let high = starts.length;
    while (low < high) {
      const mid = Math.floor((low + high) / 2);
      if (starts[mid]! > offset) high = mid;
      else low = mid + 1;
    }
    const line = low - 1;
    const start = starts[line]!;
    while (offset > start && (text.charCodeAt(offset - 1) === 13 || text.charCodeAt(offset - 1) === 10)) offset--;
    return { line, character: offset - start };
  };
  return (span) => ({ start: positionAt(span.offset), end: positionAt(span.offset + span.length) });
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

const utf8 = (text: string): Uint8Array => Buffer.from(text, 'utf8');

/**
 * Gathers the output as UTF-8 bytes and hands them on in chunks of about `JSON_CHUNK` bytes. Every part is
 * bytes encoded once (punctuation, a finding's head with its message, a list of fix titles, a list of related
 * places) and copied, or a number written digit by digit: a finding costs no string. A chunk always ends
 * between parts, so it is valid UTF-8 on its own.
 */
class ByteChunks {
  private buf = Buffer.allocUnsafe(JSON_CHUNK + 4096);
  private at = 0;
  constructor(private readonly write: (chunk: Uint8Array) => void) {}

  bytes(bytes: Uint8Array): void {
    if (this.at + bytes.length > this.buf.length) {
      this.flush();
      if (bytes.length > this.buf.length) {
        this.write(bytes);
        return;
      }
    }
    // `set` is a call into the runtime: for the short parts of a finding a loop is several times faster.
    if (bytes.length < 64) for (let i = 0, at = this.at; i < bytes.length; i++) this.buf[at + i] = bytes[i]!;
    else this.buf.set(bytes, this.at);
    this.at += bytes.length;
    if (this.at >= JSON_CHUNK) this.flush();
  }

  /** A line or character number (a non-negative integer), as `JSON.stringify` writes it. */
  int(n: number): void {
    if (!(Number.isSafeInteger(n) && n >= 0)) {
      this.bytes(utf8(JSON.stringify(n)));
      return;
    }
    if (this.at + 16 > this.buf.length) this.flush();
    let digits = 1;
    for (let x = n; x >= 10; x = Math.floor(x / 10)) digits++;
    let i = this.at + digits;
    this.at = i;
    do {
      this.buf[--i] = 48 + (n % 10);
      n = Math.floor(n / 10);
    } while (n > 0);
  }

  end(): void {
    this.flush();
  }

  private flush(): void {
    if (this.at === 0) return;
    this.write(this.buf.subarray(0, this.at));
    this.buf = Buffer.allocUnsafe(JSON_CHUNK + 4096);
    this.at = 0;
  }
}

/**
 * What `JSON.stringify` writes of a finding, in the pieces `writeJson` copies: the head (from the comma before
 * the finding to its first line number), the parts between the range's four numbers, and the tail (from the
 * range's end to the end of the finding: fix titles and related places). The first finding's head is its
 * head without the comma.
 */
const FINDING_OPEN = ',\n        {\n';
const [RANGE_OPEN, ...RANGE_PARTS] = jsonRange({ start: { line: 0, character: 1 }, end: { line: 2, character: 3 } }, '          ').split(/[0-3]/) as [string, string, string, string, string];
const [RANGE_LINE1, RANGE_CHAR1, RANGE_LINE2] = RANGE_PARTS.slice(0, 3).map(utf8) as [Uint8Array, Uint8Array, Uint8Array];
const RANGE_CLOSE = RANGE_PARTS[3];

function headBytes(f: Finding): Uint8Array {
  return utf8(`${FINDING_OPEN}          "ruleId": ${JSON.stringify(f.ruleId)},\n          "severity": ${JSON.stringify(f.severity)},\n          "message": ${JSON.stringify(f.message)},\n          "range": ${RANGE_OPEN}`);
}

/** The tail of each distinct list of fix titles and related places: a tree by fix title, then by list. */
interface Tails {
  next?: Map<string, Tails>;
  byRelated?: Map<readonly RelatedInfo[] | undefined, Uint8Array>;
}

function tailBytes(root: Tails, f: Finding, related: (x: RelatedInfo) => string): Uint8Array {
  let node = root;
  for (const fix of f.fixes) {
    node.next ??= new Map();
    let next = node.next.get(fix.title);
    if (next === undefined) node.next.set(fix.title, (next = {}));
    node = next;
  }
  const list = f.related?.length ? f.related : undefined;
  node.byRelated ??= new Map();
  let bytes = node.byRelated.get(list);
  if (bytes === undefined) {
    const fixes = f.fixes.length ? `[\n${f.fixes.map((x) => `            {\n              "title": ${JSON.stringify(x.title)}\n            }`).join(',\n')}\n          ]` : '[]';
    const places = list ? `[\n${list.map(related).join(',\n')}\n          ]` : '[]';
    bytes = utf8(`${RANGE_CLOSE},\n          "fixes": ${fixes},\n          "related": ${places}\n        }`);
    node.byRelated.set(list, bytes);
  }
  return bytes;
}

/**
 * The same output handed to `write` as UTF-8 in chunks of about a megabyte as it is made: the output of
 * tens of thousands of findings is never one string, and what a finding adds is copied bytes.
 */
export function writeJson(reports: readonly FileReport[], positionAt: PositionAt | undefined, write: (chunk: Uint8Array) => void): void {
  const out = new ByteChunks(write);
  const text = (s: string) => out.bytes(utf8(s));
  text('{\n  "version": 1,\n  "files": ');
  if (reports.length === 0) text('[]');
  else {
    text('[');
    reports.forEach((r, i) => {
      text(`${i ? ',\n    {\n' : '\n    {\n'}      "path": ${JSON.stringify(r.path)},\n      "kind": ${JSON.stringify(r.kind)},\n      "findings": `);
      if (r.findings.length === 0) text('[]');
      else {
        const range = rangeMaker(r.text);
        const relatedAt = relatedOf(r, range, positionAt);
        const related = (x: RelatedInfo) => jsonRelated(relatedAt(x), x.message);
        // Thousands of findings often share a rule, message, fix titles and related places: each distinct
        // text is encoded once (related places by list: findings that share them share the list).
        const heads = new Map<string, Map<Severity, Map<string, Uint8Array>>>();
        const tails: Tails = {};
        text('[');
        r.findings.forEach((f, j) => {
          let bySeverity = heads.get(f.ruleId);
          if (bySeverity === undefined) heads.set(f.ruleId, (bySeverity = new Map<Severity, Map<string, Uint8Array>>()));
          let byMessage = bySeverity.get(f.severity);
          if (byMessage === undefined) bySeverity.set(f.severity, (byMessage = new Map<string, Uint8Array>()));
          let head = byMessage.get(f.message);
          if (head === undefined) byMessage.set(f.message, (head = headBytes(f)));
          out.bytes(j ? head : head.subarray(1));
          const at = range(f);
          out.int(at.start.line);
          out.bytes(RANGE_LINE1);
          out.int(at.start.character);
          out.bytes(RANGE_CHAR1);
          out.int(at.end.line);
          out.bytes(RANGE_LINE2);
          out.int(at.end.character);
          out.bytes(tailBytes(tails, f, related));
        });
        text('\n      ]');
      }
      text('\n    }');
    });
    text('\n  ]');
  }
  text('\n}\n');
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

// What the command line names: files, folders (walked) and `-` (standard input), and reading them. Input is read
// up to the size limit and no further; only regular files, folders and standard input are read; a walk does not
// follow symbolic links out of the folder it was given; every error is a sentence naming the path.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_MAX_SIZE } from '../engine';
import type { Io } from './io';

/**
 * Extensions a folder walk picks up: policy JSON, CloudFormation and SAM in JSON or YAML, Terraform (`.tf`;
 * `.tf.json` and plans are `.json`).
 */
export const WALKED_EXTENSIONS: readonly string[] = ['.json', '.yaml', '.yml', '.template', '.tf'];

/** Bytes read from one input at most; a larger file is reported as too large without being read. */
export const MAX_INPUT_BYTES = DEFAULT_MAX_SIZE;

/** Folders a walk never enters. */
function skippedFolder(name: string): boolean {
  return name === 'node_modules' || name.startsWith('.');
}

export interface Input {
  /** As reported in output: the path given, or joined onto the folder given; `-` input has its display name. */
  path: string;
  /** On disk; undefined for standard input. */
  file: string | undefined;
  /** Named on the command line (or stdin), as opposed to found by walking a folder. */
  explicit: boolean;
}

export interface Collected {
  inputs: Input[];
  /** Paths named on the command line that do not exist: nothing is checked. One sentence each. */
  missing: string[];
  /** Folders that could not be listed during a walk: the rest is still checked. One sentence each. */
  unreadable: string[];
  /** Symbolic links a walk did not follow, one line each. */
  notFollowed: string[];
  /** Terraform plans a walk found and left out (a plan is checked when named), one line each. */
  plans: string[];
}

/** A failure already worded for the user (reading an input, or `fix` not replacing a file). */
export class InputError extends Error {}

/** Megabytes for messages: `5 MB`, `600.0 MB`. */
export function megabytes(bytes: number): string {
  const mb = bytes / 1024 / 1024;
  return Number.isInteger(mb) ? `${mb} MB` : `${mb.toFixed(1)} MB`;
}

/** What went wrong, in words, for an error of the file system (never the bare code). */
export function describe(error: unknown): string {
  if (error instanceof InputError) return error.message;
  const e = error as NodeJS.ErrnoException;
  switch (e.code) {
    case 'ENOENT':
      return 'no such file or folder';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a folder';
    case 'ENOTDIR':
      return 'a part of the path is not a folder';
    case 'ELOOP':
      return 'too many levels of symbolic links (a link that leads back to itself)';
    case 'ENAMETOOLONG':
      return 'the path is too long';
    case 'ENOSPC':
      return 'no space left on device';
    case 'EDQUOT':
      return 'disk quota exceeded';
    case 'EROFS':
      return 'read-only file system';
    case 'EIO':
      return 'input/output error';
    case 'EMFILE':
    case 'ENFILE':
      return 'too many open files';
    case 'EBUSY':
      return 'the file is busy';
    case 'ERR_STRING_TOO_LONG':
      return `too large to read (over ${megabytes(MAX_INPUT_BYTES)})`;
  }
  // libuv's own words: "ENOTSUP: operation not supported on socket, open 'x'" → "operation not supported on socket".
  const message = typeof e.message === 'string' ? e.message : String(error);
  return /^[A-Z0-9_]+: ([^,]+)/.exec(message)?.[1] ?? (message.replace(/^[A-Z][A-Z0-9_]+\b:?\s*/, '') || 'could not be read');
}

export function errorLine(p: string, error: unknown): string {
  return `${p}: ${describe(error)}`;
}

/** The name of what a path is when it is no regular file or folder. */
function special(stat: fs.Stats): string | undefined {
  if (stat.isFile() || stat.isDirectory()) return undefined;
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isFIFO()) return 'a named pipe (FIFO)';
  if (stat.isSocket()) return 'a socket';
  return 'not a regular file';
}

function refuseSpecial(stat: fs.Stats): void {
  const what = special(stat);
  if (what) throw new InputError(`is ${what}, not a file: only files, folders and - (standard input) are checked`);
}

export function collectInputs(paths: readonly string[], stdinName: string): Collected {
  const inputs: Input[] = [];
  const missing: string[] = [];
  const unreadable: string[] = [];
  const notFollowed: string[] = [];
  const plans: string[] = [];
  const seen = new Set<string>();
  const add = (p: string, explicit: boolean) => {
    const key = path.resolve(p);
    if (seen.has(key)) return;
    seen.add(key);
    inputs.push({ path: p, file: p, explicit });
  };
  const walk = (dir: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      unreadable.push(`${errorLine(dir, error)}: the folder could not be listed, so the files in it were not checked`);
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const p = path.join(dir, e.name);
      const walked = WALKED_EXTENSIONS.includes(path.extname(e.name).toLowerCase());
      if (e.isSymbolicLink()) {
        // A link may lead anywhere (out of the folder, into a loop): a walk never follows one. Those that would
        // have been checked (a walked extension, or a folder) are named.
        if (walked || isFolder(p)) notFollowed.push(`${p}: symbolic link, not followed (name it on the command line to check what it points to)`);
        continue;
      }
      if (e.isDirectory()) {
        if (!skippedFolder(e.name)) walk(p);
        continue;
      }
      if (!walked || !e.isFile()) continue;
      // A plan restates the configuration the walk also reads, and is often kept next to it: it is checked only
      // when named on the command line.
      if (path.extname(e.name).toLowerCase() === '.json' && startsAsPlan(p)) plans.push(`${p}: a Terraform plan, not checked in a folder walk (name it on the command line to check it)`);
      else add(p, false);
    }
  };
  for (const p of paths) {
    if (p === '-') {
      if (!inputs.some((i) => i.file === undefined)) inputs.push({ path: stdinName, file: undefined, explicit: true });
      continue;
    }
    let stat: fs.Stats;
    try {
      stat = fs.statSync(p);
    } catch (error) {
      // A path that does not exist is a usage error (nothing is checked); another failure (a link loop, no
      // permission) is reported when the file is read, and the others are still checked.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') missing.push(errorLine(p, error));
      else add(p, true);
      continue;
    }
    if (stat.isDirectory()) walk(p);
    else add(p, true);
  }
  return { inputs, missing, unreadable, notFollowed, plans };
}

/**
 * Whether a file starts as `terraform show -json` writes a plan or a state: `{"format_version":"…",
 * "terraform_version":…` (also pretty-printed). Only the first bytes are read; an unreadable file is no plan
 * here (reading it reports why).
 */
function startsAsPlan(file: string): boolean {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    const head = Buffer.alloc(256);
    const n = fs.readSync(fd, head, 0, head.length, 0);
    return /^(?:\uFEFF)?\s*\{\s*"format_version"\s*:\s*"[^"]*"\s*,\s*"terraform_version"\s*:/.test(head.subarray(0, n).toString('utf8'));
  } catch {
    return false;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

function isFolder(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

export interface Content {
  /** The bytes read, as they are on disk (the first 64 KiB when the input is too large). */
  raw: Buffer;
  /** `raw` without the byte order mark. */
  bytes: Buffer;
  /** The bytes as UTF-8, invalid sequences as U+FFFD (`fix` refuses those). */
  text: string;
  /** The file started with a UTF-8 byte order mark, which is not part of `text` (and is written back). */
  bom: boolean;
  /** Set when the input is larger than MAX_INPUT_BYTES: its size in bytes (it was not read further). */
  tooLarge?: number;
  /** The file's state when it was read (`fix` replaces only what it read). */
  stat?: fs.Stats;
}

/** What a file that is too large to read is judged by (whether it looks like a policy). */
const PREFIX_BYTES = 64 * 1024;

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of process.stdin) {
    chunks.push(chunk as Buffer);
    total += (chunk as Buffer).length;
    // Leaving the loop ends the stream: nothing more is read.
    if (total > MAX_INPUT_BYTES) throw new InputError(`more than ${megabytes(MAX_INPUT_BYTES)}: at most ${megabytes(MAX_INPUT_BYTES)} is read from standard input, so nothing was checked`);
  }
  return Buffer.concat(chunks, total);
}

/**
 * Reads at most `limit` bytes from `fd`, into a buffer sized for `expected` bytes (the file's size) that grows
 * only when the file does: thousands of small files cost no more than their size each.
 */
function readUpTo(fd: number, limit: number, expected: number): Buffer {
  let buffer = Buffer.allocUnsafe(Math.min(limit, expected + 1));
  let length = 0;
  for (;;) {
    if (length === buffer.length) {
      if (length >= limit) break;
      const larger = Buffer.allocUnsafe(Math.min(limit, buffer.length * 2 + 4096));
      buffer.copy(larger, 0, 0, length);
      buffer = larger;
    }
    const n = fs.readSync(fd, buffer, length, buffer.length - length, null);
    if (n === 0) break;
    length += n;
  }
  return buffer.subarray(0, length);
}

/** Reads a regular file: at most MAX_INPUT_BYTES (one more tells that it grew past the limit while being read). */
function readFile(file: string, explicit: boolean): { bytes: Buffer; tooLarge?: number; stat: fs.Stats } {
  // Non-blocking, so that a named pipe is never waited on; not through a link when found by walking, so that
  // a file replaced by a link after the walk listed it is not followed either.
  const flags = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0) | (explicit ? 0 : (fs.constants.O_NOFOLLOW ?? 0));
  let fd: number;
  try {
    fd = fs.openSync(file, flags);
  } catch (error) {
    if (!explicit && (error as NodeJS.ErrnoException).code === 'ELOOP') throw new InputError('symbolic link, not followed');
    throw error;
  }
  try {
    const stat = fs.fstatSync(fd);
    refuseSpecial(stat);
    if (stat.size > MAX_INPUT_BYTES) return { bytes: readUpTo(fd, PREFIX_BYTES, PREFIX_BYTES), tooLarge: stat.size, stat };
    const bytes = readUpTo(fd, MAX_INPUT_BYTES + 1, stat.size);
    if (bytes.length > MAX_INPUT_BYTES) return { bytes: bytes.subarray(0, PREFIX_BYTES), tooLarge: Math.max(stat.size, bytes.length), stat };
    return { bytes, stat };
  } finally {
    fs.closeSync(fd);
  }
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

function contentOf(read: { bytes: Buffer; tooLarge?: number; stat?: fs.Stats }): Content {
  const raw = read.bytes;
  const bom = raw.subarray(0, 3).equals(BOM);
  const bytes = bom ? raw.subarray(3) : raw;
  return { raw, bytes, text: bytes.toString('utf8'), bom, ...(read.tooLarge !== undefined ? { tooLarge: read.tooLarge } : {}), ...(read.stat ? { stat: read.stat } : {}) };
}

/** Throws on I/O errors and refused inputs (the caller reports them with errorLine). */
export async function readInput(input: Input): Promise<Content> {
  // Synchronous on purpose: files are read one after another anyway, and the promise API costs more
  // (an open, stat, read and close round trip each) than it saves for thousands of small files.
  return input.file === undefined ? contentOf({ bytes: await readStdin() }) : readFileInput(input.file, input.explicit);
}

/** An input read, or undefined when it cannot be: then its error line is written and the run has failed. */
export async function readOrReport(input: Input, io: Pick<Io, 'err' | 'failed'>): Promise<Content | undefined> {
  try {
    return await readInput(input);
  } catch (error) {
    io.err(errorLine(input.path, error));
    io.failed = true;
    return undefined;
  }
}

/** A file, read as readInput reads it (for the workspace, which reads files without waiting). */
export function readFileInput(file: string, explicit: boolean): Content {
  return contentOf(readFile(file, explicit));
}

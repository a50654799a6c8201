// What the command line names: files, folders (walked) and `-` (standard input), and reading them.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Extensions a folder walk picks up (later also .yaml, .yml, .template). */
export const WALKED_EXTENSIONS: readonly string[] = ['.json'];

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
  /** One line each: paths that do not exist or cannot be listed. */
  errors: string[];
}

function describe(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  if (e.code === 'ENOENT') return 'no such file or directory';
  if (e.code === 'EACCES' || e.code === 'EPERM') return 'permission denied';
  if (e.code === 'EISDIR') return 'is a directory';
  return e.code ?? e.message;
}

export function errorLine(p: string, error: unknown): string {
  return `${p}: ${describe(error)}`;
}

export function collectInputs(paths: readonly string[], stdinName: string): Collected {
  const inputs: Input[] = [];
  const errors: string[] = [];
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
      errors.push(errorLine(dir, error));
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (!skippedFolder(e.name)) walk(p);
        continue;
      }
      if (!WALKED_EXTENSIONS.includes(path.extname(e.name).toLowerCase())) continue;
      // Symbolic links to files count; links to folders are not followed (no cycles).
      if (e.isFile() || (e.isSymbolicLink() && isFile(p))) add(p, false);
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
      errors.push(errorLine(p, error));
      continue;
    }
    if (stat.isDirectory()) walk(p);
    else add(p, true);
  }
  return { inputs, errors };
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

export interface Content {
  text: string;
  /** The file started with a UTF-8 byte order mark, which is not part of `text` (and is written back). */
  bom: boolean;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Throws on I/O errors (the caller reports them with errorLine). */
export async function readInput(input: Input): Promise<Content> {
  // Synchronous on purpose: files are read one after another anyway, and the promise API costs more
  // (an open, stat, read and close round trip each) than it saves for thousands of small files.
  const raw = input.file === undefined ? await readStdin() : fs.readFileSync(input.file, 'utf8');
  return raw.startsWith('\uFEFF') ? { text: raw.slice(1), bom: true } : { text: raw, bom: false };
}

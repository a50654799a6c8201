// How `fix` replaces a file without ever losing it: the new text goes to a temporary file in the same folder,
// is flushed to disk and given the original's mode and owner, and only then renamed over the original, in one
// step. A failure at any point leaves the original as it was. The original is not replaced when it changed
// since it was read (an editor saved it meanwhile), when it is read-only, or when it has other hard links.
import * as buffer from 'node:buffer';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, InputError, MAX_INPUT_BYTES } from './inputs';

/** A file `fix` did not replace, with the reason in words. The file is unchanged. */
export class NotFixed extends InputError {}

/**
 * Failures that cannot be caused on demand in a test (a full disk, a save while fix runs), injected when the
 * environment names them: `write-enospc` fails half-way through writing the temporary file as a full disk
 * would; `change-before-replace` appends a line to the file after it was read, as an editor saving it would.
 */
const FAULT = process.env['IAM_ROLE_LENS_TEST_FAULT'];

/** The offset of the first byte that is not part of valid UTF-8, or undefined when all of it is. */
export function firstInvalidUtf8(b: Uint8Array): number | undefined {
  if (buffer.isUtf8?.(b)) return undefined;
  for (let i = 0; i < b.length; ) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    const n = c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : 0;
    if (n === 0) return i;
    const c1 = b[i + 1];
    // Overlong forms, UTF-16 surrogates and code points past U+10FFFF are not UTF-8.
    if (c1 === undefined || (c === 0xe0 && c1 < 0xa0) || (c === 0xed && c1 > 0x9f) || (c === 0xf0 && c1 < 0x90) || (c === 0xf4 && c1 > 0x8f)) return i;
    for (let k = 1; k <= n; k++) if (i + k >= b.length || (b[i + k]! & 0xc0) !== 0x80) return i;
    i += n + 1;
  }
  return undefined;
}

function writeAll(fd: number, data: Buffer): void {
  let written = 0;
  while (written < data.length) {
    if (FAULT === 'write-enospc' && written >= data.length / 2) {
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });
    }
    const chunk = FAULT === 'write-enospc' ? Math.max(1, Math.floor(data.length / 2) - written) : data.length - written;
    written += fs.writeSync(fd, data, written, chunk);
  }
}

/** Whether the file may not be written: no write permission for anyone (root too is refused), or not for us. */
function readOnly(file: string, stat: fs.Stats): string | undefined {
  if ((stat.mode & 0o222) === 0) return 'the file is read-only';
  try {
    fs.accessSync(file, fs.constants.W_OK);
  } catch (error) {
    return `${describe(error)}: you may not write the file`;
  }
  return undefined;
}

/** Whether the file now holds other bytes than those that were read (bounded like every read). */
function changedSince(file: string, raw: Buffer): boolean {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  } catch {
    return true;
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile() || stat.size !== raw.length) return true;
    const now = Buffer.allocUnsafe(Math.min(raw.length + 1, MAX_INPUT_BYTES + 1));
    let length = 0;
    for (let n; length < now.length && (n = fs.readSync(fd, now, length, now.length - length, null)) > 0; ) length += n;
    return !now.subarray(0, length).equals(raw);
  } finally {
    fs.closeSync(fd);
  }
}

/** Makes the rename durable: the folder's entry is flushed too (not possible, nor needed, on Windows). */
function syncFolder(dir: string): void {
  if (process.platform === 'win32') return;
  try {
    const fd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // The rename is done; only its durability across a power cut is not confirmed.
  }
}

/**
 * Replaces `file` (through a symbolic link named on the command line: its target) by `data`, when it still
 * holds `raw`, the bytes read with `stat`. Throws NotFixed with the reason; the file is then unchanged.
 */
export function replaceFile(file: string, original: { raw: Buffer; stat: fs.Stats }, data: Buffer): void {
  const { raw, stat } = original;
  let target: string;
  try {
    target = fs.realpathSync(file);
  } catch (error) {
    throw new NotFixed(describe(error));
  }
  if (stat.nlink > 1) throw new NotFixed(`it has ${stat.nlink} hard links, and replacing it would separate them`);
  const denied = readOnly(target, stat);
  if (denied) throw new NotFixed(denied);

  const dir = path.dirname(target);
  // node:crypto is loaded here, by `fix` only: loading it costs `check` a hundredth of a second at start.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { randomBytes } = require('node:crypto') as typeof import('node:crypto');
  const temp = path.join(dir, `.${path.basename(target)}.${randomBytes(6).toString('hex')}.iam-role-lens.tmp`);
  let fd: number;
  try {
    fd = fs.openSync(temp, 'wx', 0o600);
  } catch (error) {
    throw new NotFixed(`${describe(error)} when creating a temporary file in ${dir}; the file is unchanged`);
  }
  try {
    try {
      writeAll(fd, data);
      fs.fsyncSync(fd);
    } catch (error) {
      throw new NotFixed(`${describe(error)} while writing the fixed text; the file is unchanged`);
    }
    const made = fs.fstatSync(fd);
    if (process.getuid && (made.uid !== stat.uid || made.gid !== stat.gid)) {
      try {
        fs.fchownSync(fd, stat.uid, stat.gid);
      } catch (error) {
        throw new NotFixed(`its owner and group could not be kept (${describe(error)}); the file is unchanged`);
      }
    }
    // After the owner: changing the owner clears the set-user-ID and set-group-ID bits.
    fs.fchmodSync(fd, stat.mode & 0o7777);
  } catch (error) {
    fs.closeSync(fd);
    fs.rmSync(temp, { force: true });
    throw error;
  }
  fs.closeSync(fd);
  try {
    if (FAULT === 'change-before-replace') fs.appendFileSync(target, '\n');
    if (changedSince(target, raw)) throw new NotFixed('the file changed since it was read (saved by another program?); run fix again');
    try {
      fs.renameSync(temp, target);
    } catch (error) {
      throw new NotFixed(`${describe(error)} while replacing the file; the file is unchanged`);
    }
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
  syncFolder(dir);
}

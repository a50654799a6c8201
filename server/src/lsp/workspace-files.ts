// How the language server reads the workspace's files for the role index: an interface, so the server itself
// touches no file system, and the Node implementation. Files are read as the CLI reads them: regular files
// only, links not followed, at most a given size, UTF-8 or not at all.
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface WorkspaceFiles {
  /**
   * The regular files under `folder` (absolute, `/`-separated), without following links or entering a folder
   * `prune` refuses; at most `limit` of them (`truncated` says when more were there).
   */
  list(folder: string, prune: (dir: string) => boolean, limit: number): Promise<{ files: string[]; truncated: boolean }>;
  /** A file's text: undefined when it is not a regular file, is larger than `maxBytes`, or is not UTF-8. */
  read(file: string, maxBytes: number): Promise<string | undefined>;
  /** The same, at once (a quick fix that edits a file not open in the editor). */
  readSync(file: string, maxBytes: number): string | undefined;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function decode(bytes: Uint8Array): string | undefined {
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}

const toPosix = (p: string) => p.split(path.sep).join('/');

export const nodeFiles: WorkspaceFiles = {
  async list(folder, prune, limit) {
    const files: string[] = [];
    const pending = [folder];
    while (pending.length) {
      const dir = pending.pop()!;
      let entries: fs.Dirent[];
      try {
        entries = await fs.promises.readdir(dir, { withFileTypes: true });
      } catch {
        continue; // unreadable folder: its files are not indexed, the others are
      }
      entries.sort((a, b) => (a.name < b.name ? 1 : a.name > b.name ? -1 : 0));
      for (const e of entries) {
        const full = path.join(dir, e.name);
        if (e.isDirectory()) {
          if (!prune(toPosix(full))) pending.push(full);
        } else if (e.isFile()) {
          if (files.length >= limit) return { files, truncated: true };
          files.push(toPosix(full));
        }
      }
    }
    return { files, truncated: false };
  },

  async read(file, maxBytes) {
    let handle: fs.promises.FileHandle | undefined;
    try {
      handle = await fs.promises.open(file, fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0) | (fs.constants.O_NONBLOCK ?? 0));
      const stat = await handle.stat();
      if (!stat.isFile() || stat.size > maxBytes) return undefined;
      const buffer = Buffer.alloc(stat.size);
      const { bytesRead } = await handle.read(buffer, 0, stat.size, 0);
      return decode(buffer.subarray(0, bytesRead));
    } catch {
      return undefined;
    } finally {
      await handle?.close().catch(() => undefined);
    }
  },

  readSync(file, maxBytes) {
    let fd: number | undefined;
    try {
      fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0) | (fs.constants.O_NONBLOCK ?? 0));
      const stat = fs.fstatSync(fd);
      if (!stat.isFile() || stat.size > maxBytes) return undefined;
      const buffer = Buffer.alloc(stat.size);
      const bytesRead = fs.readSync(fd, buffer, 0, stat.size, 0);
      return decode(buffer.subarray(0, bytesRead));
    } catch {
      return undefined;
    } finally {
      if (fd !== undefined) fs.closeSync(fd);
    }
  },
};

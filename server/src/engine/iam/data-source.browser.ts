// Where the engine's data is, in the browser (it replaces data-source.ts in the browser bundles): the
// data bundle (dist/data.bundle.gz: the IAM data under `iam-data/`, the project's data files under
// `data/`), decompressed and put here by the browser server before it starts.
import { bundleReader } from './data-bundle';
import type { DataReader } from './data-reader';

let bundle: ReturnType<typeof bundleReader> | undefined;

/** Puts the decompressed data bundle in place; returns how many files it holds. */
export function setDataBundle(bytes: Uint8Array): number {
  bundle = bundleReader(bytes);
  return bundle.files().length;
}

function inBundle(prefix: string): DataReader {
  return {
    read(relativePath) {
      if (!bundle) throw new Error('the data bundle is not loaded: the browser server loads it before it starts');
      return bundle.read(prefix + relativePath);
    },
  };
}

export function folderReader(dir: string): DataReader {
  throw new Error(`no file system in the browser: cannot read the data folder ${dir}`);
}

export function findDataDir(): string {
  throw new Error('no file system in the browser: the IAM data comes from the data bundle');
}

export function defaultIamDataReader(): DataReader {
  return inBundle('iam-data/');
}

export function findDataFile(name: string): string {
  return `data/${name}`;
}

export function projectDataReader(): DataReader {
  return inBundle('data/');
}

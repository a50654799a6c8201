// The data bundle: every data file the engine reads in one file, so that the web extension loads one file
// and the VSIX and the npm package carry the data once. Uncompressed layout: a 4-byte big-endian length,
// that many bytes of a JSON index ({ "iam-data/actions/iam.json": [offset, length], … }, offsets counted
// from the end of the index), then the files' bytes. Shipped gzip-compressed (dist/data.bundle.gz);
// decompressed once, each file's text is decoded when it is first read.
import type { DataReader } from './data-reader';

export const DATA_BUNDLE = 'data.bundle.gz';

/** A reader over the decompressed bundle's bytes. */
export function bundleReader(bytes: Uint8Array, prefix = ''): DataReader & { files(): string[] } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const indexLength = view.getUint32(0);
  const decoder = new TextDecoder();
  const index = JSON.parse(decoder.decode(bytes.subarray(4, 4 + indexLength))) as Record<string, [number, number]>;
  const base = 4 + indexLength;
  return {
    read(relativePath) {
      const at = index[prefix + relativePath];
      return at ? decoder.decode(bytes.subarray(base + at[0], base + at[0] + at[1])) : undefined;
    },
    files: () => Object.keys(index),
  };
}

/** The uncompressed bundle of `files` (path → bytes), as the build writes it. */
export function packBundle(files: ReadonlyMap<string, Uint8Array>): Uint8Array {
  const index: Record<string, [number, number]> = {};
  let offset = 0;
  for (const [name, bytes] of files) {
    index[name] = [offset, bytes.length];
    offset += bytes.length;
  }
  const header = new TextEncoder().encode(JSON.stringify(index));
  const out = new Uint8Array(4 + header.length + offset);
  new DataView(out.buffer).setUint32(0, header.length);
  out.set(header, 4);
  let at = 4 + header.length;
  for (const bytes of files.values()) {
    out.set(bytes, at);
    at += bytes.length;
  }
  return out;
}

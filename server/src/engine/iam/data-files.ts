// The project's larger data files (server/data/handoffs.json, server/data/managed-policies.json), read from
// disk on first use instead of being bundled into every program: most documents never need them. The build
// copies them to dist/data/ next to the bundles; the compiled tests find them in out/server/data/, and code
// run from the repository finds them in server/data/.
import * as fs from 'node:fs';
import * as path from 'node:path';

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

/** Reads and parses a data file; the caller keeps the result (each file is read once per process). */
export function readDataFile<T>(name: string): T {
  return JSON.parse(fs.readFileSync(findDataFile(name), 'utf8')) as T;
}

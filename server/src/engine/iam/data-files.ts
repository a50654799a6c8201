// The project's larger data files (server/data/handoffs.json, server/data/managed-policies.json), read on
// first use instead of being bundled into every program: most documents never need them. The build copies
// them to dist/data/ next to the bundles; the compiled tests find them in out/server/data/, and code run
// from the repository finds them in server/data/ (data-source.ts). In the browser they come from the data
// bundle (data-source.browser.ts).
import { projectDataReader } from './data-source';

export { findDataFile } from './data-source';

/** Reads and parses a data file; the caller keeps the result (each file is read once per process). */
export function readDataFile<T>(name: string): T {
  const text = projectDataReader().read(name);
  if (text === undefined) throw new Error(`${name} not found in the data bundle`);
  return JSON.parse(text) as T;
}

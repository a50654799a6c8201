// The HCL front end's WebAssembly files in the browser (this file replaces hcl-files.ts in the browser
// bundles): their bytes, read from the extension's own files and handed to the server when it starts.
import type { HclFiles } from './hcl-files';

let given: HclFiles | undefined;

export type { HclFiles };

/** The runtime's and the grammar's bytes, before initHcl() is called. */
export function setHclFiles(files: { runtime: Uint8Array; grammar: Uint8Array }): void {
  given = files;
}

export function defaultHclFiles(): HclFiles {
  if (!given) throw new Error('the Terraform grammar was not given to the browser server');
  return given;
}

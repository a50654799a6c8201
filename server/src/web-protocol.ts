// How the web extension starts its language server in a web worker, declared once for both sides. The
// server's data is not fetched from anywhere by the worker: the client reads the extension's own files
// and hands them over in the first message; the worker answers `ready` once the data is in place, and
// only then does the client start the Language Server Protocol on the same worker.

/** The files the client reads from the extension (relative to its folder) and hands to the worker. */
export const WEB_FILES = {
  /** The server: a classic worker script (browser-main.ts). */
  server: 'dist/web/server.js',
  /** Every data file the engine reads, in one gzip-compressed bundle (server/src/engine/iam/data-bundle.ts). */
  data: 'dist/data.bundle.gz',
  /** web-tree-sitter's runtime and the Terraform grammar, for the HCL front end. */
  runtime: 'dist/hcl/tree-sitter.wasm',
  grammar: 'dist/hcl/tree-sitter-terraform.wasm',
} as const;

/** Client → worker, first: the bytes of WEB_FILES (the wasm files may be absent: Terraform is then not read). */
export interface WebBoot {
  type: 'iamRoleLens/boot';
  data: ArrayBuffer;
  runtime?: ArrayBuffer;
  grammar?: ArrayBuffer;
}

/** Worker → client: the data is in place and the server listens (or why it cannot start). */
export type WebBootAnswer = { type: 'iamRoleLens/ready'; files: number; ms: number; hcl: boolean; hclError?: string } | { type: 'iamRoleLens/failed'; error: string };

export function isWebBootAnswer(m: unknown): m is WebBootAnswer {
  const t = (m as { type?: unknown } | null)?.type;
  return t === 'iamRoleLens/ready' || t === 'iamRoleLens/failed';
}

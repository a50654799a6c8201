// Where the HCL front end's WebAssembly files are, in Node: dist/hcl/ next to the bundle, or node_modules
// when running from out/. The browser bundles replace this file by hcl-files.browser.ts (the bytes, given
// to the server when it starts).
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The tree-sitter runtime and the Terraform grammar: paths, or their bytes. */
export interface HclFiles {
  runtime: string | Uint8Array;
  grammar: string | Uint8Array;
}

export function defaultHclFiles(): HclFiles {
  // Bundled: dist/hcl/ next to dist/server.js (the build copies both files there).
  const bundled = path.join(__dirname, 'hcl');
  if (fs.existsSync(path.join(bundled, 'tree-sitter-terraform.wasm'))) return { runtime: path.join(bundled, 'tree-sitter.wasm'), grammar: path.join(bundled, 'tree-sitter-terraform.wasm') };
  const modules = (() => {
    for (let dir = __dirname; ; dir = path.dirname(dir)) {
      const candidate = path.join(dir, 'node_modules');
      if (fs.existsSync(path.join(candidate, 'web-tree-sitter'))) return candidate;
      if (path.dirname(dir) === dir) return path.join(process.cwd(), 'node_modules');
    }
  })();
  return { runtime: path.join(modules, 'web-tree-sitter', 'tree-sitter.wasm'), grammar: path.join(modules, '@tree-sitter-grammars', 'tree-sitter-hcl', 'tree-sitter-terraform.wasm') };
}

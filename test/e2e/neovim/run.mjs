#!/usr/bin/env node
// Runs Neovim headless as a second LSP client of bin/iam-role-lens-server.js (see lsp.lua) on a copy of
// the fixture policy. Exits non-zero on any failed check, on no checks, or after 60 s.
// Usage: node test/e2e/neovim/run.mjs
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { RESULTS } from '../../../scripts/e2e/code-server.mjs';
import { ROOT } from '../../../scripts/e2e/paths.mjs';

const TIMEOUT_MS = 60_000;

export function runNeovim() {
  const dir = path.join(RESULTS, 'neovim');
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const policy = path.join(dir, 'passrole-star.json');
  fs.copyFileSync(path.join(ROOT, 'test', 'e2e', 'workspace', 'passrole-star.json'), policy);
  const script = path.join(ROOT, 'test', 'e2e', 'neovim', 'lsp.lua');
  return new Promise((resolve) => {
    const child = spawn('nvim', ['--headless', '-u', 'NONE', '-i', 'NONE', '-n', '-c', `luafile ${script}`, policy], {
      cwd: dir,
      env: { ...process.env, IAM_SERVER: path.join(ROOT, 'bin', 'iam-role-lens-server.js') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
    child.on('error', (e) => {
      clearTimeout(timer);
      console.log(`  ✗ could not start nvim: ${e.message} (apt-get install -y neovim)`);
      resolve({ passed: 0, failed: 1 });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const lines = out.split(/\r?\n/).filter((l) => /^(ok|not ok) - /.test(l));
      for (const l of lines) console.log(`  ${l.startsWith('ok') ? '✓' : '✗'} ${l.replace(/^(ok|not ok) - /, '')}`);
      const passed = lines.filter((l) => l.startsWith('ok')).length;
      let failed = lines.length - passed;
      if (signal || code !== 0 || lines.length === 0) {
        if (failed === 0) failed = 1;
        console.log(`  nvim exited with ${signal ?? code}${lines.length === 0 ? ' and ran no check' : ''}; output:\n${out.trim()}`);
      }
      console.log(`Neovim LSP client: ${passed} passed, ${failed} failed`);
      resolve({ passed, failed });
    });
  });
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { failed } = await runNeovim();
  process.exit(failed === 0 ? 0 : 1);
}

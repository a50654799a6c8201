#!/usr/bin/env node
// Runs Neovim headless as a second LSP client of bin/iam-role-lens-server.js (see lsp.lua), once per case,
// on a copy of a folder of test/e2e/workspace opened as the workspace: the JSON policy, the CloudFormation
// YAML template, the Terraform file, and both sides of a role across files (roles/). A case fails on any
// failed check, on no checks, or after 60 s.
// Usage: node test/e2e/neovim/run.mjs
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { RESULTS } from '../../../scripts/e2e/code-server.mjs';
import { ROOT } from '../../../scripts/e2e/paths.mjs';

const TIMEOUT_MS = 60_000;
/** `folder`: what is copied and opened as the workspace (default: the file alone); `file`: in it. */
const CASES = [
  { name: 'json', file: 'passrole-star.json' },
  { name: 'yaml', file: 'lambda-deployer.yaml' },
  { name: 'terraform', folder: 'terraform', file: 'deployer.tf' },
  { name: 'roles_policy', folder: 'roles', file: 'policies/deploy.json' },
  { name: 'roles_trust', folder: 'roles', file: 'BuildRole-trust-policy.json' },
];

function runCase(dir, { name, folder, file }, server) {
  const root = path.join(dir, name);
  const copy = path.join(root, file);
  fs.mkdirSync(path.dirname(copy), { recursive: true });
  if (folder) fs.cpSync(path.join(ROOT, 'test', 'e2e', 'workspace', folder), root, { recursive: true });
  else fs.copyFileSync(path.join(ROOT, 'test', 'e2e', 'workspace', file), copy);
  const script = path.join(ROOT, 'test', 'e2e', 'neovim', 'lsp.lua');
  return new Promise((resolve) => {
    const child = spawn('nvim', ['--headless', '-u', 'NONE', '-i', 'NONE', '-n', '-c', `luafile ${script}`, copy], {
      cwd: root,
      env: { ...process.env, IAM_SERVER: server, IAM_CASE: name, IAM_ROOT: root },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
    child.on('error', (e) => {
      clearTimeout(timer);
      console.log(`  ✗ ${name}: could not start nvim: ${e.message} (apt-get install -y neovim)`);
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
        console.log(`  nvim (${name}) exited with ${signal ?? code}${lines.length === 0 ? ' and ran no check' : ''}; output:\n${out.trim()}`);
      }
      resolve({ passed, failed });
    });
  });
}

/** `server`: the language server to start (default: this checkout's bin/iam-role-lens-server.js). */
export async function runNeovim({ server = path.join(ROOT, 'bin', 'iam-role-lens-server.js'), name = 'neovim' } = {}) {
  const dir = path.join(RESULTS, name);
  fs.rmSync(dir, { recursive: true, force: true });
  let passed = 0;
  let failed = 0;
  for (const c of CASES) {
    const r = await runCase(dir, c, server);
    passed += r.passed;
    failed += r.failed;
  }
  console.log(`Neovim LSP client: ${passed} passed, ${failed} failed`);
  return { passed, failed };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { failed } = await runNeovim();
  process.exit(failed === 0 ? 0 : 1);
}

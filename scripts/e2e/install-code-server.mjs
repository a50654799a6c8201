#!/usr/bin/env node
// Installs Node 24 and code-server (from the npm registry) into .cache/e2e, once; later runs reuse them.
// code-server needs Node 24 and compiles native modules against its headers (needs libkrb5-dev).
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { CODE_SERVER, CODE_SERVER_DIR, CODE_SERVER_DONE, CODE_SERVER_VERSION, NODE24, NODE24_BIN, NODE24_DIR, NODE24_HEADERS, NODE24_VERSION } from './paths.mjs';

function npmInstall(prefix, spec, env = process.env) {
  fs.mkdirSync(prefix, { recursive: true });
  if (!fs.existsSync(`${prefix}/package.json`)) fs.writeFileSync(`${prefix}/package.json`, '{"private": true}\n');
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', '--prefix', prefix, spec], { stdio: 'inherit', env });
}

function nodeVersion() {
  try {
    return execFileSync(NODE24, ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
}

if (!nodeVersion().startsWith(`v${NODE24_VERSION}.`)) {
  console.log(`[e2e] installing node@${NODE24_VERSION} into ${NODE24_DIR}`);
  npmInstall(NODE24_DIR, `node@${NODE24_VERSION}`);
}
console.log(`[e2e] node ${nodeVersion()} at ${NODE24}`);

if (fs.existsSync(CODE_SERVER_DONE) && fs.existsSync(CODE_SERVER)) {
  console.log(`[e2e] code-server ${CODE_SERVER_VERSION} already installed at ${CODE_SERVER_DIR}`);
} else {
  if (!fs.existsSync(NODE24_HEADERS)) throw new Error(`Node 24 headers not found at ${NODE24_HEADERS}`);
  console.log(`[e2e] installing code-server@${CODE_SERVER_VERSION} into ${CODE_SERVER_DIR} (takes 2-3 minutes)`);
  const env = { ...process.env, PATH: `${NODE24_BIN}:${process.env.PATH}`, npm_config_nodedir: NODE24_HEADERS };
  fs.rmSync(CODE_SERVER_DIR, { recursive: true, force: true });
  npmInstall(CODE_SERVER_DIR, `code-server@${CODE_SERVER_VERSION}`, env);
  fs.writeFileSync(CODE_SERVER_DONE, `${new Date().toISOString()}\n`);
}

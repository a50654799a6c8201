#!/usr/bin/env node
// Installs Node 24 and code-server (from the npm registry) into .cache/e2e, once; later runs reuse them.
// code-server needs Node 24 and compiles native modules against its headers (needs libkrb5-dev). The
// nested npm runs in an environment clean of the calling npm's variables (see tool-env.mjs), so this
// works the same from a shell and from `npm run`.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { CODE_SERVER, CODE_SERVER_DIR, CODE_SERVER_DONE, CODE_SERVER_VERSION, NODE24, NODE24_DIR, NODE24_HEADERS, NODE24_VERSION } from './paths.mjs';
import { node24Env } from './tool-env.mjs';

function npmInstall(prefix, spec, env) {
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
  npmInstall(NODE24_DIR, `node@${NODE24_VERSION}`, node24Env());
}
console.log(`[e2e] node ${nodeVersion()} at ${NODE24}`);

if (fs.existsSync(CODE_SERVER_DONE) && fs.existsSync(CODE_SERVER)) {
  console.log(`[e2e] code-server ${CODE_SERVER_VERSION} already installed at ${CODE_SERVER_DIR}`);
} else {
  if (!fs.existsSync(NODE24_HEADERS)) throw new Error(`Node 24 headers not found at ${NODE24_HEADERS}`);
  console.log(`[e2e] installing code-server@${CODE_SERVER_VERSION} into ${CODE_SERVER_DIR} (takes 2-3 minutes)`);
  // The machine's npmrc may point nodedir at Node 20's headers: native modules must build for Node 24.
  const env = node24Env({ npm_config_nodedir: NODE24_HEADERS });
  fs.rmSync(CODE_SERVER_DIR, { recursive: true, force: true });
  try {
    npmInstall(CODE_SERVER_DIR, `code-server@${CODE_SERVER_VERSION}`, env);
  } catch {
    console.error("[e2e] installing code-server failed (npm's error is above). Its native modules need a C++ toolchain");
    console.error('[e2e] and Kerberos headers: apt-get install -y build-essential python3 libkrb5-dev');
    process.exit(1);
  }
  fs.writeFileSync(CODE_SERVER_DONE, `${new Date().toISOString()}\n`);
}

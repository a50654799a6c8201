#!/usr/bin/env node
// Starts code-server for the e2e tests (packaged VSIX installed, smoke-test driver on) and prints the
// state file to pass to the runners as IAM_E2E_SERVER. Usage: node scripts/e2e/start-code-server.mjs [--no-vsix]
import { startCodeServer } from './code-server.mjs';

const state = await startCodeServer(process.argv.includes('--no-vsix') ? { vsix: null } : {});
console.log(`[e2e] code-server pid ${state.pid} (process group) on ${state.url}; state: ${state.dir}/server.json`);

#!/usr/bin/env node
// Stops the code-server started by start-code-server.mjs (kills its process group).
// Usage: node scripts/e2e/stop-code-server.mjs [STATE_FILE]
import * as fs from 'node:fs';
import { DEFAULT_STATE, readState, stopCodeServer } from './code-server.mjs';

const file = process.argv[2] ?? process.env.IAM_E2E_SERVER ?? DEFAULT_STATE;
if (!fs.existsSync(file)) {
  console.log(`[e2e] no code-server state at ${file}: nothing to stop`);
} else {
  const state = readState(file);
  console.log(stopCodeServer(state) ? `[e2e] stopped code-server (process group ${state.pid})` : `[e2e] code-server (process group ${state.pid}) was not running`);
}

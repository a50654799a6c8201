#!/usr/bin/env node
// The `iam-role-lens` command: runs the bundled CLI (server/src/cli/main.ts → dist/cli.js).
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const cli = path.join(__dirname, '..', 'dist', 'cli.js');
if (!fs.existsSync(cli)) {
  process.stderr.write(`iam-role-lens: ${cli} is missing: run npm run build first\n`);
  process.exit(2);
}
require(cli);

#!/usr/bin/env node
// The IAM Role Lens language server for any LSP client: iam-role-lens-server --stdio
'use strict';
const path = require('node:path');
const fs = require('node:fs');
const bundle = path.join(__dirname, '..', 'dist', 'server.js');
if (!fs.existsSync(bundle)) {
  process.stderr.write('iam-role-lens-server: dist/server.js is missing: run `npm run build` first.\n');
  process.exit(2);
}
require(bundle);

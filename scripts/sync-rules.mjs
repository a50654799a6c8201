// Writes the registered rule ids into package.json (the iamRoleLens.rules setting lists them, so the
// settings editor completes them). Run after adding a rule: `npx tsc -b && node scripts/sync-rules.mjs`.
// The registry test fails when package.json and the registry disagree.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const require = createRequire(import.meta.url);
const { RULES } = require(path.join(root, 'out', 'server', 'src', 'engine', 'rules', 'index.js'));
const file = path.join(root, 'package.json');
const pkg = JSON.parse(fs.readFileSync(file, 'utf8'));
const setting = pkg.contributes.configuration.properties['iamRoleLens.rules'];
setting.properties = Object.fromEntries(RULES.map((r) => [r.id, { type: 'string', enum: ['off', 'error', 'warning', 'info'] }]));
fs.writeFileSync(file, JSON.stringify(pkg, null, 2) + '\n');
console.log(`iamRoleLens.rules lists ${RULES.length} rules`);

// Roles across links between files at scale: 200 copies each of a nested-stack workspace (a parent, a child
// that hands off the parent's role, a child whose role the parent uses) and a Terraform workspace (a caller, a
// module with a variable hand-off, a module with an output and a trust.json), 1,600 files in all, read into the
// WorkspaceIndex in memory. Measures the time to read them, and the time of a join (the role map after one file
// changed), median of N joins. Needs the build (`npx tsc -b`). Usage: node scripts/bench-links.mjs [--joins N]
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const require = createRequire(path.join(root, 'package.json'));
const { WorkspaceIndex } = require(path.join(root, 'out/server/src/engine/workspace.js'));
const { initHcl } = require(path.join(root, 'out/server/src/engine/formats/hcl.js'));
const fx = require(path.join(root, 'out/test/support/roles-links.js'));
const at = process.argv.indexOf('--joins');
const joins = at > 0 ? Number(process.argv[at + 1]) : 21;

await initHcl();
const index = new WorkspaceIndex({ load: () => undefined });
const start = performance.now();
let files = 0;
for (let i = 0; i < 200; i++) {
  for (const [set, prefix] of [[fx.STACKS, 's'], [fx.MODULES, 'm']]) {
    for (const [f, t] of Object.entries(set)) {
      const file = `${prefix}${i}/${f}`;
      index.set(file, t, { fileName: file });
      files++;
    }
  }
}
const read = performance.now() - start;
const times = [];
let map = [];
for (let k = 0; k < joins; k++) {
  index.setFacts('s0/parent.yaml', index.facts('s0/parent.yaml'));
  const t = performance.now();
  map = index.roleMap();
  times.push(performance.now() - t);
}
times.sort((a, b) => a - b);
const linked = map.reduce((n, e) => n + e.handedTo.filter((h) => h.file !== e.role.file).length, 0);
console.log(`links: ${files} files read in ${Math.round(read)} ms; ${map.length} roles, ${linked} hand-offs across a link`);
console.log(`links: join (role map after an edit): median ${times[times.length >> 1].toFixed(1)} ms, spread ${times[0].toFixed(1)}–${times[times.length - 1].toFixed(1)}, n ${joins}`);

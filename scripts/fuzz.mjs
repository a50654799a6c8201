// The long fuzz run: `npm run fuzz -- [--seed N] [--inputs N] [--minutes M]`. Prints progress and every
// failure with the seed that reproduces it; exits 1 on any failure. Runs on the compiled tests (out/).
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const require = createRequire(import.meta.url);
const { fuzz } = require(path.join(root, 'out/test/fuzz/fuzzer.js'));
const { fuzzCorpus } = require(path.join(root, 'out/test/fuzz/corpus.js'));
const { complete } = require(path.join(root, 'out/test/fuzz/complete.js'));

const { values } = parseArgs({ options: { seed: { type: 'string', default: String(Date.now() % 1e9) }, inputs: { type: 'string', default: '20000' }, minutes: { type: 'string', default: '0' } } });
const seed = Number(values.seed);
const corpus = fuzzCorpus();
const deadline = Number(values.minutes) > 0 ? Date.now() + Number(values.minutes) * 60_000 : Infinity;
const batch = 500;
const total = { inputs: 0, fixesApplied: 0, hovers: 0, completions: 0, slowest: 0, failures: [] };
console.log(`fuzz: seed ${seed}, ${corpus.length} corpus texts, up to ${values.inputs} inputs${deadline < Infinity ? ` or ${values.minutes} min` : ''}`);
const started = Date.now();
for (let done = 0; done < Number(values.inputs) && Date.now() < deadline; done += batch) {
  const s = fuzz(corpus, { seed: seed + done, inputs: Math.min(batch, Number(values.inputs) - done), maxMillisPerInput: 2000, maxFixesPerInput: 30, complete });
  total.inputs += s.inputs;
  total.fixesApplied += s.fixesApplied;
  total.hovers += s.hovers;
  total.completions += s.completions;
  total.slowest = Math.max(total.slowest, s.slowest);
  total.failures.push(...s.failures);
  for (const f of s.failures) console.log(`FAIL seed ${f.seed} (${f.mutation}): ${f.property}: ${f.detail.split('\n')[0]}`);
  console.log(`  ${total.inputs} inputs, ${total.fixesApplied} fixes, ${total.failures.length} failures, slowest ${total.slowest} ms, ${((Date.now() - started) / 1000).toFixed(0)} s`);
}
console.log(`fuzz done: ${total.inputs} inputs, ${total.fixesApplied} fixes applied, ${total.hovers} hovers, ${total.completions} completions, ${total.failures.length} failures, slowest input ${total.slowest} ms, ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(total.failures.length ? 1 : 0);

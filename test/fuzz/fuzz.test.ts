// A bounded, seeded fuzz run inside `npm test` (the long run is `npm run fuzz`).
import { before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { fuzzCorpus, fuzzHclCorpus, fuzzYamlCorpus } from './corpus';
import { initHcl } from '../../server/src/engine/formats/hcl';
import { fuzz } from './fuzzer';
import { complete } from './complete';

const SEED = Number(process.env['FUZZ_SEED'] ?? 20261128);
const INPUTS = Number(process.env['FUZZ_INPUTS'] ?? 400);

test(`fuzz: ${INPUTS} mutated policies from seed ${SEED}: no exception, bounded time, fixes keep JSON valid and add no finding of their own rule`, () => {
  const stats = fuzz(fuzzCorpus(300), { seed: SEED, inputs: INPUTS, maxMillisPerInput: 2000, maxFixesPerInput: 12, complete });
  console.log(`fuzz: ${stats.inputs} inputs, ${stats.fixesApplied} fixes applied, ${stats.hovers} hovers, ${stats.completions} completions, slowest input ${stats.slowest} ms`);
  assert.equal(stats.inputs, INPUTS);
  assert.ok(stats.fixesApplied > 100, 'the run exercised fixes');
  assert.deepEqual(stats.failures.map((f) => `seed ${f.seed} (${f.mutation}): ${f.property}: ${f.detail}`), []);
});

const YAML_INPUTS = Number(process.env['FUZZ_YAML_INPUTS'] ?? 200);

test(`fuzz: ${YAML_INPUTS} mutated YAML templates from seed ${SEED}: no exception, bounded time, fixes keep YAML valid and add no finding of their own rule`, () => {
  const stats = fuzz(fuzzYamlCorpus(), { seed: SEED, inputs: YAML_INPUTS, maxMillisPerInput: 2000, maxFixesPerInput: 12, complete, format: 'yaml', options: { format: 'yaml' } });
  console.log(`fuzz (YAML): ${stats.inputs} inputs, ${stats.fixesApplied} fixes applied, ${stats.hovers} hovers, ${stats.completions} completions, slowest input ${stats.slowest} ms`);
  assert.equal(stats.inputs, YAML_INPUTS);
  assert.ok(stats.fixesApplied > 20, 'the run exercised fixes');
  assert.deepEqual(stats.failures.map((f) => `seed ${f.seed} (${f.mutation}): ${f.property}: ${f.detail}`), []);
});

const HCL_INPUTS = Number(process.env['FUZZ_HCL_INPUTS'] ?? 200);

before(async () => {
  await initHcl();
});

test(`fuzz: ${HCL_INPUTS} mutated Terraform files from seed ${SEED}: no exception, bounded time, fixes keep HCL valid and add no finding of their own rule`, () => {
  const stats = fuzz(fuzzHclCorpus(), { seed: SEED, inputs: HCL_INPUTS, maxMillisPerInput: 2000, maxFixesPerInput: 12, complete, format: 'hcl', options: { format: 'hcl' } });
  console.log(`fuzz (Terraform): ${stats.inputs} inputs, ${stats.fixesApplied} fixes applied, ${stats.hovers} hovers, ${stats.completions} completions, slowest input ${stats.slowest} ms`);
  assert.equal(stats.inputs, HCL_INPUTS);
  assert.ok(stats.fixesApplied > 20, 'the run exercised fixes');
  assert.deepEqual(stats.failures.map((f) => `seed ${f.seed} (${f.mutation}): ${f.property}: ${f.detail}`), []);
});

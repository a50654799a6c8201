#!/usr/bin/env node
// npm run screenshots: copies the README's screenshots from the last UI journeys run
// (test-results/e2e/screenshots/, written by `npm run test:e2e`) to docs/images/. Test runs never write
// docs/images/ themselves, so a clone stays clean after its tests; updating the pictures is this
// deliberate step, reviewed with `git diff --stat docs/images` and committed like any change.
// Refuses when the journeys did not all pass or a screenshot is missing.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from './e2e/paths.mjs';
import { README_SCREENSHOTS, readScreenshotsRecord, SCREENSHOTS_DIR } from '../test/e2e/screenshots.mjs';

const IMAGES = path.join(ROOT, 'docs', 'images');
const from = path.relative(ROOT, SCREENSHOTS_DIR);
const fail = (message) => {
  console.error(`screenshots: ${message}`);
  process.exit(1);
};

const record = readScreenshotsRecord();
if (!record) fail(`no screenshots in ${from}: run \`npm run test:e2e\` first`);
if (record.failed > 0 || record.passed === 0) fail(`the UI journeys of ${record.at} did not all pass (${record.passed} passed, ${record.failed} failed): not copying their screenshots`);
const missing = README_SCREENSHOTS.filter((f) => !fs.existsSync(path.join(SCREENSHOTS_DIR, f)));
if (missing.length) fail(`missing from ${from}: ${missing.join(', ')}`);

fs.mkdirSync(IMAGES, { recursive: true });
let changed = 0;
for (const f of README_SCREENSHOTS) {
  const src = path.join(SCREENSHOTS_DIR, f);
  const dest = path.join(IMAGES, f);
  const same = fs.existsSync(dest) && fs.readFileSync(src).equals(fs.readFileSync(dest));
  if (!same) {
    fs.copyFileSync(src, dest);
    changed++;
  }
  console.log(`  ${same ? 'unchanged' : 'updated  '} docs/images/${f}`);
}
console.log(`screenshots: ${changed} of ${README_SCREENSHOTS.length} updated from the journeys of ${record.at}`);

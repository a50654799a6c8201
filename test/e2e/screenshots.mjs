// The screenshots the UI journeys take for the README. A test run writes them under test-results/ only;
// `npm run screenshots` (scripts/screenshots.mjs) copies them to docs/images/, where the README shows them.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RESULTS } from '../../scripts/e2e/code-server.mjs';

/** Where the journeys put them and `npm run screenshots` takes them from ($IAM_E2E_SCREENSHOTS to change it). */
export const SCREENSHOTS_DIR = process.env.IAM_E2E_SCREENSHOTS || path.join(RESULTS, 'screenshots');
/** The README's pictures, as named in docs/images/. */
export const README_SCREENSHOTS = ['01-diagnostics.png', '02-hover.png', '03-quick-fix-menu.png', '03-quick-fix.png', '04-hover-ja.png', '05-yaml.png', '06-yaml-hover.png', '07-roles-view.png', '08-terraform.png'];
const RECORD = 'journeys.json';

/** Empties `dir` before the journeys take new screenshots, so none is left from an earlier run. */
export function clearScreenshots(dir = SCREENSHOTS_DIR) {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
}

/** Notes how the journeys that took the screenshots in `dir` ended. */
export function writeScreenshotsRecord(dir, { passed, failed }) {
  fs.mkdirSync(dir, { recursive: true });
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.png')).sort();
  fs.writeFileSync(path.join(dir, RECORD), JSON.stringify({ at: new Date().toISOString(), passed, failed, files }, null, 2) + '\n');
}

export function readScreenshotsRecord(dir = SCREENSHOTS_DIR) {
  const file = path.join(dir, RECORD);
  return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : undefined;
}

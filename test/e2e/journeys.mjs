#!/usr/bin/env node
// UI journeys in headless Chromium against code-server with the PACKAGED VSIX installed (so packaging is
// tested too). Each journey waits on what a person would see (squiggles, the Problems panel, the hover,
// the lightbulb menu), never on time, and saves screenshots to test-results/e2e/screenshots/ (the
// README's pictures are copied from there to docs/images/ by `npm run screenshots`, never by a test run).
// Usage: node test/e2e/journeys.mjs   (uses $IAM_E2E_SERVER's code-server, or starts one with the VSIX)
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { EXTENSION_ID, readState, RESULTS, startCodeServer, stopCodeServer, workbenchUrl, remoteUri } from '../../scripts/e2e/code-server.mjs';
import { ROOT } from '../../scripts/e2e/paths.mjs';
import { launchBrowser } from './browser.mjs';
import { freshWorkspace } from './run-suite.mjs';
import { clearScreenshots, SCREENSHOTS_DIR, writeScreenshotsRecord } from './screenshots.mjs';

const STEP_MS = 30_000;
/** Where this run's screenshots go (runJourneys sets it). */
let shotsDir = SCREENSHOTS_DIR;
const nbsp = (s) => s.replace(/\u00a0/g, ' ');

/**
 * One workbench window on a fresh copy of the fixture workspace, with `file` open. `folder`: the folder of
 * the copy opened as the workspace (`file` is in it).
 */
async function openWorkbench(state, name, file, extraFiles = {}, folder = '') {
  const ws = path.join(freshWorkspace(path.join(RESULTS, 'journeys', `${name}-${Date.now()}`), extraFiles), folder);
  const { context, close } = await launchBrowser();
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(STEP_MS);
  await page.goto(workbenchUrl(state, ws, [['openFile', remoteUri(state, path.join(ws, file))]]));
  await page.locator('.monaco-workbench .part.editor').waitFor();
  await page.locator('.monaco-editor .view-lines').filter({ hasText: 'iam:PassRole' }).waitFor();
  return { page, close, ws };
}

/** In the page: whether the active editor tab's problem count (CSS ::after content) is `want` ('' = none). */
const TAB_COUNT = (want) => {
  const counts = [...document.querySelectorAll('.part.editor .tab.active *')].map((el) => getComputedStyle(el, '::after').content).filter((c) => /\d/.test(c));
  return want ? counts.some((c) => c.includes(want)) : counts.length === 0;
};

/** Awaits a UI wait; on timeout says what a person would have expected to see. */
async function see(what, promise) {
  try {
    return await promise;
  } catch (e) {
    throw new Error(`expected to see ${what}, but it did not appear (${e.message.split('\n')[0]})`);
  }
}

/** Notification toasts and the notification center's messages (activation errors show up there). */
async function notifications(page) {
  await page.locator('[id="status.notifications"]').click({ timeout: 3000 }).catch(() => undefined); // opens the notification center
  await page.locator('.notifications-center .notification-list-item-message').first().waitFor({ timeout: 3000 }).catch(() => undefined);
  const texts = await page.locator('.notification-list-item-message').allInnerTexts().catch(() => []);
  return texts.map((t) => nbsp(t).trim()).filter(Boolean);
}

/** The editor's rendered lines, top to bottom (after an edit the DOM order of the lines is not theirs). */
async function editorText(page) {
  const lines = await page.locator('.part.editor .monaco-editor .view-lines').first().evaluate((el) =>
    [...el.querySelectorAll(':scope > .view-line')].map((l) => [parseFloat(l.style.top), l.innerText]).sort((a, b) => a[0] - b[0]).map(([, text]) => text),
  );
  return nbsp(lines.join('\n'));
}

/** Moves the cursor with Go to Line (Ctrl+G), "line:column", 1-based. */
async function goTo(page, line, column) {
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(`:${line}:${column}`);
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  await page.locator('.part.editor .monaco-editor.focused').waitFor();
}

/**
 * In the page: how far below the sticky scroll headers (or the editor's top) line `n` is, in pixels; with
 * `before`, only once that has changed. Returns { gap } (null: the line is not rendered).
 */
const LINE_GAP = ({ n, before }) => {
  const guard = document.querySelector('.part.editor .monaco-editor.focused .overflow-guard');
  if (!guard) return false;
  const num = [...guard.querySelectorAll('.margin-view-overlays .line-numbers')].find((el) => !el.closest('.sticky-widget') && el.textContent.trim() === String(n));
  const sticky = guard.querySelector('.sticky-widget');
  const top = sticky && sticky.offsetHeight > 0 ? sticky.getBoundingClientRect().bottom : guard.getBoundingClientRect().top;
  const gap = num ? Math.round(num.getBoundingClientRect().top - top) : null;
  return before === undefined || gap !== before ? { gap } : false;
};

/**
 * Scrolls the editor a line at a time (Ctrl+Down: the cursor stays) until `line` is the first line under the
 * sticky headers, so that a hover there opens below it with most of the window to grow into.
 */
async function scrollNearTop(page, line) {
  let { gap } = await page.evaluate(LINE_GAP, { n: line });
  for (let i = 0; i < 60 && gap !== null && gap > 24; i++) {
    await page.keyboard.press('Control+ArrowDown');
    ({ gap } = await (await page.waitForFunction(LINE_GAP, { n: line, before: gap }, { timeout: 5000 })).jsonValue());
  }
  if (gap === null || gap > 24) throw new Error(`could not scroll line ${line} to the top of the editor (${gap === null ? 'it is out of view' : `${gap} px below the sticky headers`})`);
}

/** Shows the hover at the cursor with the keyboard chord (a mouse hover is less reliable headless). */
async function showHover(page, text) {
  const hover = page.locator('.monaco-hover:not(.hidden)').filter({ hasText: text });
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+I');
    try {
      await hover.first().waitFor({ timeout: 5000 });
      return hover.first();
    } catch (e) {
      if (attempt === 3) throw new Error(`expected a hover containing "${text}" after Ctrl+K Ctrl+I (3 tries): ${e.message.split('\n')[0]}`);
    }
  }
}

/**
 * Hovers are at most a quarter of the editor's height (at least 250 px) and scroll beyond: drag the
 * hover's bottom edge down, as a person would, until the whole card shows.
 */
async function expandHover(page, card) {
  const overflow = () => card.evaluate((el) => el.querySelector('.monaco-hover-content').scrollHeight - el.clientHeight);
  const need = await overflow();
  if (need <= 1) return;
  const sash = page.locator('.monaco-resizable-hover').filter({ has: card }).locator('.monaco-sash.orthogonal-edge-south:not(.disabled)');
  const b = await sash.boundingBox();
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2);
  await page.mouse.down();
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2 + need + 8, { steps: 8 });
  await page.mouse.up();
  await page.waitForFunction((el) => el.querySelector('.monaco-hover-content').scrollHeight <= el.clientHeight + 1, await card.elementHandle(), { timeout: 5000 });
}

/** A screenshot of the region covering `locators` (plus `bottom` px below), clipped to the page. */
async function shot(page, file, locators, bottom = 0) {
  const boxes = (await Promise.all(locators.map((l) => l.boundingBox()))).filter(Boolean);
  const vp = page.viewportSize();
  const x0 = Math.max(0, Math.min(...boxes.map((b) => b.x)));
  const y0 = Math.max(0, Math.min(...boxes.map((b) => b.y)));
  const x1 = Math.min(vp.width, Math.max(...boxes.map((b) => b.x + b.width)));
  const y1 = Math.min(vp.height, Math.max(...boxes.map((b) => b.y + b.height)) + bottom);
  fs.mkdirSync(shotsDir, { recursive: true });
  await page.screenshot({ path: path.join(shotsDir, file), clip: { x: x0, y: y0, width: x1 - x0, height: y1 - y0 } });
}

async function problemsLabel(page) {
  return (await page.locator('[id="status.problems"]').getAttribute('aria-label')) ?? '';
}

async function expectProblems(page, label) {
  await page.waitForFunction((want) => document.querySelector('[id="status.problems"]')?.getAttribute('aria-label')?.includes(want), label, { timeout: STEP_MS });
}

/** Opens the quick fix menu at the cursor (Ctrl+.) and returns its entry `title`. */
async function quickFixMenu(page, title) {
  await see('the lightbulb', page.locator('.lightBulbWidget').first().waitFor());
  const item = page.locator('.action-widget .monaco-list-row').filter({ hasText: title });
  // The first Ctrl+. can race with the code action request: retry, waiting on the menu each time.
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('Control+.');
    try {
      await item.first().waitFor({ timeout: 5000 });
      return item;
    } catch (e) {
      if (attempt === 3) throw new Error(`expected "${title}" in the quick fix menu after Ctrl+. (3 tries): ${e.message.split('\n')[0]}`);
      await page.keyboard.press('Escape');
    }
  }
}

/** The Problems panel's row for `rule`, checked to point at `place` ("Ln 12, Col 19"). */
async function problemsRow(page, rule, place, message) {
  const row = page.locator('.markers-panel .monaco-list-row').filter({ hasText: rule });
  await see(`a Problems row with the rule id ${rule}`, row.first().waitFor());
  const text = nbsp(await row.first().innerText());
  if (!text.includes(place)) throw new Error(`the Problems row of ${rule} does not point at ${place}: ${text}`);
  if (!message.test(text)) throw new Error(`the Problems row of ${rule} lacks ${message}: ${text}`);
  return row;
}

// (a) The squiggle and the Problems entry with the rule id.
async function diagnostics({ page }) {
  await see('a warning squiggle in the policy', page.locator('.part.editor .squiggly-warning').first().waitFor());
  await see('"Warnings: 1" in the status bar', expectProblems(page, 'Warnings: 1'));
  await see('the problem count on the editor tab', page.waitForFunction(TAB_COUNT, '1', { timeout: STEP_MS }));
  await page.keyboard.press('Control+Shift+M');
  await problemsRow(page, 'passrole-wildcard-resource', 'Ln 12, Col 19', /every role/);
  await page.keyboard.press('Control+1');
  await page.locator('.part.editor .monaco-editor.focused').waitFor();
  await shot(page, '01-diagnostics.png', [page.locator('.part.editor'), page.locator('.part.panel'), page.locator('.part.statusbar')]);
}

// (b) The hover on iam:PassRole: the PassRole card with the PassRole/AssumeRole contrast table.
async function hover({ page }) {
  await page.keyboard.press('Control+J'); // close the panel: the hover gets the editor's full height
  await page.locator('.part.panel').waitFor({ state: 'hidden' });
  await goTo(page, 11, 20);
  const card = await showHover(page, 'permission to hand a role over');
  const row = card.locator('tr').filter({ hasText: 'Answers' });
  await row.waitFor();
  const cells = (await row.locator('td').allInnerTexts()).map((c) => nbsp(c).trim());
  const want = ['Answers', 'Who may hand this role to a service?', 'Who may become this role?'];
  if (JSON.stringify(cells) !== JSON.stringify(want)) throw new Error(`contrast row: ${JSON.stringify(cells)}`);
  if ((await card.locator('strong', { hasText: 'hand' }).count()) === 0) throw new Error('"hand" is not bold in the hover');
  await expandHover(page, card);
  await shot(page, '02-hover.png', [card, page.locator('.part.editor .editor-group-container > .title')], 24);
  await page.keyboard.press('Escape');
  await card.waitFor({ state: 'hidden' });
}

// (c) The quick fix from the lightbulb menu: the text changes and the problem goes away.
async function quickFix({ page, ws }) {
  const title = 'Add iam:PassedToService condition: batch.amazonaws.com';
  await page.keyboard.press('Control+Shift+M');
  await see('the Problems row', page.locator('.markers-panel .monaco-list-row').filter({ hasText: 'passrole-wildcard-resource' }).first().waitFor());
  await goTo(page, 12, 20);
  const item = await quickFixMenu(page, title);
  await shot(page, '03-quick-fix-menu.png', [page.locator('.action-widget:not(.action-list-submenu-panel)'), page.locator('.part.editor'), page.locator('.part.panel')]);
  await item.first().click();
  await item.first().waitFor({ state: 'hidden' });
  await see('the condition inserted by the fix', page.locator('.part.editor .view-lines').filter({ hasText: 'iam:PassedToService' }).waitFor());
  const text = await editorText(page);
  for (const line of ['"Condition": {', '"StringEquals": {', '"iam:PassedToService": ["batch.amazonaws.com"]']) {
    if (!text.includes(line)) throw new Error(`after the fix the editor lacks ${line}:\n${text}`);
  }
  await see('"No Problems" in the status bar', expectProblems(page, 'No Problems'));
  // The squiggle is moved with the edit first, then dropped when the new diagnostics arrive; the editor
  // tab's problem count ("1", drawn with CSS ::after) follows a moment later.
  await see('the squiggle gone', page.locator('.part.editor .squiggly-warning').first().waitFor({ state: 'detached' }));
  await see('the Problems row gone', page.locator('.markers-panel .monaco-list-row').filter({ hasText: 'passrole-wildcard-resource' }).first().waitFor({ state: 'detached' }));
  await see(
    'the editor tab without a problem count',
    page.waitForFunction(TAB_COUNT, '', { timeout: STEP_MS }),
  );
  if (fs.readFileSync(path.join(ws, 'passrole-star.json'), 'utf8').includes('PassedToService')) throw new Error('the fix was saved to disk (files.autoSave should be off)');
  await shot(page, '03-quick-fix.png', [page.locator('.part.editor'), page.locator('.part.panel'), page.locator('.part.statusbar')]);
}

// (d) The same hover in Japanese, through the product's own setting iamRoleLens.language.
async function hoverJa({ page }) {
  await see('a warning squiggle in the policy', page.locator('.part.editor .squiggly-warning').first().waitFor());
  await goTo(page, 11, 20);
  const card = await showHover(page, 'ロールを AWS サービスに渡すためのアクセス許可');
  const em = card.locator('em', { hasText: '渡す' });
  if ((await em.count()) === 0) throw new Error('渡す is not emphasised in the Japanese hover');
  await card.locator('tr').filter({ hasText: '答える問い' }).waitFor();
  await expandHover(page, card);
  await shot(page, '04-hover-ja.png', [card, page.locator('.part.editor .editor-group-container > .title')], 24);
}

// (e) A CloudFormation YAML template: both findings squiggled, and listed in Problems with their rule ids
// and places (the !Sub of the GitHub OIDC provider, the '*' of the PassRole statement).
async function yamlDiagnostics({ page }) {
  await see('an error squiggle on the GitHub OIDC provider', page.locator('.part.editor .squiggly-error').first().waitFor());
  await see('a warning squiggle on the PassRole resource', page.locator('.part.editor .squiggly-warning').first().waitFor());
  await see('"Errors: 1" in the status bar', expectProblems(page, 'Errors: 1'));
  await see('"Warnings: 1" in the status bar', expectProblems(page, 'Warnings: 1'));
  await page.keyboard.press('Control+Shift+M');
  await problemsRow(page, 'passrole-wildcard-resource', 'Ln 18, Col 23', /every role/);
  await problemsRow(page, 'trust-oidc-missing-subject', 'Ln 27, Col 26', /every repository on GitHub/);
  await page.keyboard.press('Control+1');
  await page.locator('.part.editor .monaco-editor.focused').waitFor();
}

// (f) The hover on iam:PassRole in YAML: the same PassRole card as in JSON.
async function yamlHover({ page }) {
  await page.keyboard.press('Control+J'); // close the panel: the hover gets the editor's full height
  await page.locator('.part.panel').waitFor({ state: 'hidden' });
  await goTo(page, 17, 24); // Action: iam:PassRole
  await scrollNearTop(page, 17);
  const card = await showHover(page, 'permission to hand a role over');
  await card.locator('tr').filter({ hasText: 'Who may hand this role to a service?' }).waitFor();
  if (!nbsp(await card.innerText()).includes('iam:PassedToService')) throw new Error('the hover does not mention iam:PassedToService');
  await expandHover(page, card);
  await shot(page, '06-yaml-hover.png', [card, page.locator('.part.editor .editor-group-container > .title')], 24);
  await page.keyboard.press('Escape');
  await card.waitFor({ state: 'hidden' });
}

// (g) The quick fix in YAML: the condition is written as YAML under the statement, the PassRole warning
// goes, the OIDC error stays.
async function yamlQuickFix({ page, ws }) {
  const title = 'Add iam:PassedToService condition: lambda.amazonaws.com';
  await page.keyboard.press('Control+Shift+M');
  await see('the Problems row', page.locator('.markers-panel .monaco-list-row').filter({ hasText: 'passrole-wildcard-resource' }).first().waitFor());
  await goTo(page, 18, 24); // Resource: '*'
  const item = await quickFixMenu(page, title);
  await shot(page, '05-yaml.png', [page.locator('.action-widget:not(.action-list-submenu-panel)'), page.locator('.part.editor'), page.locator('.part.panel')]);
  await item.first().click();
  await item.first().waitFor({ state: 'hidden' });
  await see('the condition inserted by the fix', page.locator('.part.editor .view-lines').filter({ hasText: 'iam:PassedToService' }).waitFor());
  const shown = (await editorText(page)).split('\n').map((l) => l.trimEnd()).join('\n');
  const want = ['            Action: iam:PassRole', "            Resource: '*'", '            Condition:', '              StringEquals:', '                iam:PassedToService: [lambda.amazonaws.com]', '  GitHubDeployRole:'].join('\n');
  if (!shown.includes(want)) throw new Error(`after the fix the editor does not show\n${want}\nbut:\n${shown}`);
  await see('"Warnings" gone from the status bar', page.waitForFunction(() => !/Warnings: [1-9]/.test(document.querySelector('[id="status.problems"]')?.getAttribute('aria-label') ?? 'Warnings: 1'), null, { timeout: STEP_MS }));
  await see('the warning squiggle gone', page.locator('.part.editor .squiggly-warning').first().waitFor({ state: 'detached' }));
  await see('the PassRole Problems row gone', page.locator('.markers-panel .monaco-list-row').filter({ hasText: 'passrole-wildcard-resource' }).first().waitFor({ state: 'detached' }));
  const label = await problemsLabel(page);
  if (!label.includes('Errors: 1')) throw new Error(`the OIDC error should stay; status bar: ${label}`);
  await problemsRow(page, 'trust-oidc-missing-subject', 'Ln 30, Col 26', /every repository on GitHub/);
  if (fs.readFileSync(path.join(ws, 'lambda-deployer.yaml'), 'utf8').includes('PassedToService')) throw new Error('the fix was saved to disk (files.autoSave should be off)');
}

/** The Problems panel's row of `rule` at `place` ("Ln 12, Col 19"), checked to say `message`. */
async function problemsRowAt(page, rule, place, message) {
  const row = page.locator('.markers-panel .monaco-list-row').filter({ hasText: rule }).filter({ hasText: place });
  await see(`a Problems row with the rule id ${rule} at ${place}`, row.first().waitFor());
  const text = nbsp(await row.first().innerText());
  if (!message.test(text)) throw new Error(`the Problems row of ${rule} at ${place} lacks ${message}: ${text}`);
  return row;
}

/** The IAM Roles view in the Explorer, shown and expanded. */
async function rolesView(page) {
  const pane = page.locator('.part.sidebar .pane').filter({ has: page.locator('.pane-header', { hasText: 'IAM Roles' }) });
  if ((await pane.count()) === 0) await page.keyboard.press('Control+Shift+E');
  await see('the IAM Roles view in the Explorer', pane.first().waitFor());
  const header = pane.first().locator('.pane-header');
  if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
  await pane.first().locator('.pane-body').waitFor();
  return pane.first();
}

/** The editor tab titled `name`. */
const tab = (page, name) => page.locator('.part.editor .tab').filter({ hasText: name });
const TRUST_FILE = 'BuildRole-trust-policy.json';
const TRUST_FIX = `Trust codebuild.amazonaws.com in the trust policy of BuildRole (${TRUST_FILE})`;

// (h) The IAM Roles view: BuildRole marked, trusted by Glue, passed to CodeBuild (marked) by deploy.json.
async function rolesViewJourney({ page }) {
  await see('the mismatch squiggled in deploy.json', page.locator('.part.editor .squiggly-warning').first().waitFor());
  const view = await rolesView(page);
  const role = view.locator('.monaco-list-row').filter({ hasText: 'BuildRole' }).filter({ hasText: `1 not trusted · ${TRUST_FILE}` });
  await see('BuildRole in the IAM Roles view, marked "1 not trusted"', role.first().waitFor());
  if ((await role.first().locator('.codicon-warning').count()) === 0) throw new Error('the BuildRole row has no warning icon');
  if ((await role.first().getAttribute('aria-expanded')) !== 'true') await role.first().locator('.monaco-tl-twistie').click();
  const row = (text) => view.locator('.monaco-list-row').filter({ hasText: text });
  await see('"May be assumed by" under BuildRole', row('May be assumed by').first().waitFor());
  await see('glue.amazonaws.com, the service the trust policy trusts', row('glue.amazonaws.com').first().waitFor());
  await see('"May be passed by" under BuildRole', row('May be passed by').first().waitFor());
  const use = row('codebuild.amazonaws.com').filter({ hasText: 'deploy.json:14' });
  await see('codebuild.amazonaws.com, passed by deploy.json line 14', use.first().waitFor());
  if ((await use.first().locator('.codicon-error').count()) === 0) throw new Error('the CodeBuild row is not marked as not trusted');
  // A wider side bar, as a person would drag it, so that the rows' descriptions show whole in the picture.
  const bar = await page.locator('.part.sidebar').boundingBox();
  await page.mouse.move(bar.x + bar.width + 1, bar.y + bar.height / 2);
  await page.mouse.down();
  await page.mouse.move(bar.x + 470, bar.y + bar.height / 2, { steps: 8 });
  await page.mouse.up();
  await page.mouse.move(bar.x + 900, bar.y + bar.height - 20); // off the sash, which is highlighted under the mouse
  await see('the whole description of the CodeBuild row', page.waitForFunction(
    (el) => [...el.querySelectorAll('.monaco-list-row .label-description')].every((d) => d.scrollWidth <= d.clientWidth + 1),
    await view.locator('.pane-body').elementHandle(),
    { timeout: 5000 },
  ));
  await shot(page, '07-roles-view.png', [page.locator('.part.sidebar'), page.locator('.part.editor'), page.locator('.part.statusbar')]);
}

// (i) From the view to the trust policy: the role's row opens it; it is told, as info, who passes the role where.
async function followToTrust({ page }) {
  const view = await rolesView(page);
  await view.locator('.monaco-list-row').filter({ hasText: 'BuildRole' }).first().locator('.label-name').click();
  await see(`${TRUST_FILE} opened from the view`, tab(page, TRUST_FILE).and(page.locator('.tab.active')).waitFor());
  await see('the trust policy in the editor', page.locator('.part.editor .view-lines').filter({ hasText: 'glue.amazonaws.com' }).waitFor());
  await see('an info squiggle on the trusted service', page.locator('.part.editor .squiggly-info').first().waitFor());
  await page.keyboard.press('Control+Shift+M');
  await problemsRowAt(page, 'passrole-trust-mismatch', 'Ln 6, Col 33', /may be passed to .codebuild\.amazonaws\.com. by .iam:PassRole. \(deploy\.json\)/);
}

// (j) The fix on the PassRole side edits the trust policy (the other file); the warning goes; the view agrees.
async function crossFileFix({ page, ws }) {
  const view = await rolesView(page);
  await view.locator('.monaco-list-row').filter({ hasText: 'codebuild.amazonaws.com' }).first().locator('.label-name').click();
  await see('deploy.json opened from the view', tab(page, 'deploy.json').and(page.locator('.tab.active')).waitFor());
  await see('"Warnings: 1" in the status bar', expectProblems(page, 'Warnings: 1'));
  await goTo(page, 15, 70); // "codebuild.amazonaws.com"
  const item = await quickFixMenu(page, TRUST_FIX);
  await item.first().click();
  await item.first().waitFor({ state: 'hidden' });
  await see(`${TRUST_FILE} edited (its tab dirty)`, tab(page, TRUST_FILE).and(page.locator('.tab.dirty')).waitFor());
  await see('the warning squiggle gone from deploy.json', page.locator('.part.editor .squiggly-warning').first().waitFor({ state: 'detached' }));
  await see('no warning in the status bar', page.waitForFunction(() => !/Warnings: [1-9]/.test(document.querySelector('[id="status.problems"]')?.getAttribute('aria-label') ?? 'Warnings: 1'), null, { timeout: STEP_MS }));
  await see('BuildRole no longer marked in the view', view.locator('.monaco-list-row').filter({ hasText: 'BuildRole' }).filter({ hasNotText: 'not trusted' }).first().waitFor());
  await see('no untrusted use left in the view', view.locator('.codicon-error').first().waitFor({ state: 'detached' }));
  await tab(page, TRUST_FILE).first().click();
  await see('the trust policy trusting CodeBuild too', page.locator('.part.editor .view-lines').filter({ hasText: 'codebuild.amazonaws.com' }).waitFor());
  const want = '"Principal": { "Service": ["glue.amazonaws.com", "codebuild.amazonaws.com"] },';
  const text = await editorText(page);
  if (!text.includes(want)) throw new Error(`after the fix ${TRUST_FILE} does not show\n${want}\nbut:\n${text}`);
  if (fs.readFileSync(path.join(ws, TRUST_FILE), 'utf8').includes('codebuild')) throw new Error('the fix was saved to disk (files.autoSave should be off)');
}

const TF_FIX = 'Add iam:PassedToService condition: lambda.amazonaws.com';

// (k) A Terraform file: the hand-off to Lambda of a role that trusts Step Functions (error), PassRole on "*"
// in an aws_iam_policy_document (warning), the trust side told (info), each with its rule id and place.
async function terraformDiagnostics({ page }) {
  await see('"Terraform" as the editor language', page.locator('[id="status.editor.mode"]').filter({ hasText: 'Terraform' }).waitFor());
  await see('an error squiggle on the role handed to Lambda', page.locator('.part.editor .squiggly-error').first().waitFor());
  await see('a warning squiggle on the PassRole resource', page.locator('.part.editor .squiggly-warning').first().waitFor());
  await see('"Errors: 1" in the status bar', expectProblems(page, 'Errors: 1'));
  await see('"Warnings: 1" in the status bar', expectProblems(page, 'Warnings: 1'));
  await page.keyboard.press('Control+Shift+M');
  await problemsRowAt(page, 'handoff-trust-mismatch', 'Ln 18, Col 19', /hands role .orders-function. to .lambda\.amazonaws\.com./);
  await problemsRowAt(page, 'passrole-wildcard-resource', 'Ln 34, Col 18', /every role/);
  await problemsRowAt(page, 'handoff-trust-mismatch', 'Ln 10, Col 31', /is handed to .lambda\.amazonaws\.com. by .aws_lambda_function\.orders\.role./);
  await page.keyboard.press('Control+1');
  await page.locator('.part.editor .monaco-editor.focused').waitFor();
}

// (l) The hover on iam:PassRole in a policy document's actions: the PassRole card.
async function terraformHover({ page }) {
  await page.keyboard.press('Control+J');
  await page.locator('.part.panel').waitFor({ state: 'hidden' });
  await goTo(page, 33, 22); // actions = ["iam:PassRole"]
  const card = await showHover(page, 'permission to hand a role over');
  await card.locator('tr').filter({ hasText: 'Who may hand this role to a service?' }).waitFor();
  if (!nbsp(await card.innerText()).includes('iam:PassedToService')) throw new Error('the hover does not mention iam:PassedToService');
  await page.keyboard.press('Escape');
  await card.waitFor({ state: 'hidden' });
}

// (m) The quick fix writes a condition block into the statement; the warning goes, the error stays.
async function terraformQuickFix({ page, ws }) {
  await page.keyboard.press('Control+Shift+M');
  await see('the Problems row', page.locator('.markers-panel .monaco-list-row').filter({ hasText: 'passrole-wildcard-resource' }).first().waitFor());
  await goTo(page, 34, 19); // resources = ["*"]
  const item = await quickFixMenu(page, TF_FIX);
  await shot(page, '08-terraform.png', [page.locator('.action-widget:not(.action-list-submenu-panel)'), page.locator('.part.editor'), page.locator('.part.panel')]);
  await item.first().click();
  await item.first().waitFor({ state: 'hidden' });
  await see('the condition block inserted by the fix', page.locator('.part.editor .view-lines').filter({ hasText: 'iam:PassedToService' }).waitFor());
  await see('the warning squiggle gone', page.locator('.part.editor .squiggly-warning').first().waitFor({ state: 'detached' }));
  await see('"Warnings" gone from the status bar', page.waitForFunction(() => !/Warnings: [1-9]/.test(document.querySelector('[id="status.problems"]')?.getAttribute('aria-label') ?? 'Warnings: 1'), null, { timeout: STEP_MS }));
  await see('the PassRole Problems row gone', page.locator('.markers-panel .monaco-list-row').filter({ hasText: 'passrole-wildcard-resource' }).first().waitFor({ state: 'detached' }));
  const label = await problemsLabel(page);
  if (!label.includes('Errors: 1')) throw new Error(`the hand-off error should stay; status bar: ${label}`);
  await page.keyboard.press('Control+J'); // the whole editor's height, to read the statement
  await page.locator('.part.panel').waitFor({ state: 'hidden' });
  const shown = (await editorText(page)).split('\n').map((l) => l.trimEnd()).join('\n');
  const want = [
    '    sid       = "PassFunctionRoles"',
    '    actions   = ["iam:PassRole"]',
    '    resources = ["*"]',
    '',
    '    condition {',
    '      test     = "StringEquals"',
    '      variable = "iam:PassedToService"',
    '      values   = ["lambda.amazonaws.com"]',
    '    }',
    '  }',
    '}',
  ].join('\n');
  if (!shown.includes(want)) throw new Error(`after the fix the editor does not show\n${want}\nbut:\n${shown}`);
  if (fs.readFileSync(path.join(ws, 'deployer.tf'), 'utf8').includes('PassedToService')) throw new Error('the fix was saved to disk (files.autoSave should be off)');
}

const SESSIONS = [
  { name: 'en', file: 'passrole-star.json', journeys: [['(a) diagnostics: squiggle and Problems entry', diagnostics], ['(b) hover: PassRole/AssumeRole card', hover], ['(c) quick fix from the lightbulb menu', quickFix]] },
  { name: 'yaml', file: 'lambda-deployer.yaml', journeys: [['(e) YAML template: squiggles and Problems entries', yamlDiagnostics], ['(f) YAML hover on iam:PassRole', yamlHover], ['(g) YAML quick fix from the lightbulb menu', yamlQuickFix]] },
  { name: 'ja', file: 'japanese.json', extra: { '.vscode/settings.json': '{ "iamRoleLens.language": "ja" }\n' }, journeys: [['(d) hover in Japanese (iamRoleLens.language: ja)', hoverJa]] },
  {
    name: 'roles',
    folder: 'roles',
    file: 'policies/deploy.json',
    journeys: [['(h) IAM Roles view: BuildRole passed to a service it does not trust, marked', rolesViewJourney], ['(i) from the view to the trust policy, told as info', followToTrust], ['(j) the fix edits the trust policy in the other file; the warning goes', crossFileFix]],
  },
  {
    name: 'terraform',
    folder: 'terraform',
    file: 'deployer.tf',
    journeys: [['(k) Terraform: findings with rule ids and places', terraformDiagnostics], ['(l) Terraform hover on iam:PassRole', terraformHover], ['(m) Terraform quick fix: the condition block written', terraformQuickFix]],
  },
];

/** `screenshots`: the folder for the screenshots (emptied first). */
export async function runJourneys(state, { screenshots = SCREENSHOTS_DIR } = {}) {
  shotsDir = screenshots;
  clearScreenshots(shotsDir);
  const installed = fs.readdirSync(state.extensionsDir).filter((n) => n.startsWith(`${EXTENSION_ID}-`));
  if (installed.length !== 1) throw new Error(`the packaged extension is not installed in ${state.extensionsDir} (start code-server with the VSIX)`);
  let passed = 0;
  let failed = 0;
  // IAM_E2E_JOURNEYS=roles,terraform runs only these windows (for working on them; a full run runs all).
  const only = process.env.IAM_E2E_JOURNEYS?.split(',');
  for (const session of SESSIONS.filter((x) => !only || only.includes(x.name))) {
    const started = Date.now();
    let win;
    try {
      win = await openWorkbench(state, session.name, session.file, session.extra, session.folder);
      console.log(`  workbench (${session.name}) ready in ${Date.now() - started} ms`);
    } catch (e) {
      console.log(`  ✗ workbench (${session.name}) did not open: ${e.message}`);
      failed += session.journeys.length;
      await win?.close();
      continue;
    }
    let broken = false;
    for (const [title, journey] of session.journeys) {
      if (broken) {
        console.log(`  ✗ ${title}: skipped after an earlier failure in the same window`);
        failed++;
        continue;
      }
      const t0 = Date.now();
      try {
        await journey(win);
        console.log(`  ✓ ${title} (${Date.now() - t0} ms)`);
        passed++;
      } catch (e) {
        const png = path.join(RESULTS, 'journeys', `failed-${session.name}-${passed + failed}.png`);
        await win.page.screenshot({ path: png }).catch(() => undefined);
        console.log(`  ✗ ${title} (${Date.now() - t0} ms): ${e.message.split('\n').slice(0, 8).join('\n      ')}\n      status bar: ${await problemsLabel(win.page).catch(() => '?')}; notifications: ${JSON.stringify(await notifications(win.page))}; screenshot: ${path.relative(ROOT, png)}`);
        failed++;
        broken = true;
      }
    }
    await win.close();
  }
  writeScreenshotsRecord(shotsDir, { passed, failed });
  console.log(`UI journeys: ${passed} passed, ${failed} failed; screenshots in ${path.relative(ROOT, shotsDir)}`);
  return { passed, failed };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const own = !process.env.IAM_E2E_SERVER;
  const state = own ? await startCodeServer({ dir: path.join(RESULTS, 'code-server-journeys') }) : readState(process.env.IAM_E2E_SERVER);
  let code = 1;
  try {
    code = (await runJourneys(state)).failed === 0 ? 0 : 1;
  } catch (e) {
    console.error(`UI journeys: ${e.message}`);
  } finally {
    if (own) stopCodeServer(state);
  }
  process.exit(code);
}

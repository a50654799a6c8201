#!/usr/bin/env node
// The web extension in a browser's web-worker extension host: code-server with the packaged VSIX installed,
// told to run this extension in the web worker (`extensions.webWorker`, and `remote.extensionKind` "web"
// for it), so the workbench loads dist/web/client.js in its web worker extension host and the language
// server runs in a worker of that page, not in Node. Then the journeys of the desktop run: the squiggle and
// the Problems entry, the hover card, the quick fix from the lightbulb menu, in English and in YAML.
// Screenshots: test-results/e2e/web-screenshots/. Also checked: no Node process of this code-server runs
// the extension's Node server while the window is open.
// Usage: node test/e2e/web-extension.mjs (after npm run test:e2e:build and npm run test:e2e:install)
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { RESULTS, startCodeServer, stopCodeServer } from '../../scripts/e2e/code-server.mjs';
import { runJourneys } from './journeys.mjs';

/** The user settings that make the workbench run the extension in its web worker extension host. */
export const WEB_SETTINGS = { 'extensions.webWorker': true, 'remote.extensionKind': { 'iam-role-lens.iam-role-lens': ['web'] } };

/** Node processes whose command line runs the extension's Node server from `extensionsDir`. */
function nodeServers(extensionsDir) {
  const ps = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  return ps.split('\n').filter((l) => l.includes(extensionsDir) && /dist\/(server|analysis-worker)\.js/.test(l));
}

export async function runWebExtension() {
  const state = await startCodeServer({ dir: path.join(RESULTS, 'code-server-web'), settings: WEB_SETTINGS });
  try {
    return await runJourneys(state, {
      screenshots: path.join(RESULTS, 'web-screenshots'),
      sessions: ['en', 'yaml'],
      whileOpen: () => {
        const servers = nodeServers(state.extensionsDir);
        if (servers.length) return `the extension's Node server runs, so the web extension host was not used:\n      ${servers.join('\n      ')}`;
        console.log("  ✓ no Node process runs the extension's server: the language server runs in the browser");
        return undefined;
      },
    });
  } finally {
    stopCodeServer(state);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { passed, failed } = await runWebExtension();
  console.log(`web extension: ${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

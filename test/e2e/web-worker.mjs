#!/usr/bin/env node
// The web extension's language server in a real browser: headless Chromium loads a page of its own, served
// from 127.0.0.1, that starts dist/web/server.js in a Worker exactly as the web extension's client does
// (client/src/browser.ts: the data bundle and the Terraform grammar handed over in the first message, the
// Language Server Protocol over postMessage once the worker says `ready`), then drives the protocol:
// diagnostics of a policy and of a Terraform file, a hover, a quick fix and its result. The page shows what
// it got; the screenshot is test-results/web-worker.png. Run: node test/e2e/web-worker.mjs (after the build).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser } from './browser.mjs';

const ROOT = path.resolve(fileURLToPath(import.meta.url), '../../..');
const RESULTS = path.join(ROOT, 'test-results');

/** What the page may load: the same files the web extension reads from its own folder, and nothing else. */
const FILES = {
  '/server.js': ['dist/web/server.js', 'text/javascript'],
  '/data.bundle.gz': ['dist/data.bundle.gz', 'application/octet-stream'],
  '/tree-sitter.wasm': ['dist/hcl/tree-sitter.wasm', 'application/wasm'],
  '/tree-sitter-terraform.wasm': ['dist/hcl/tree-sitter-terraform.wasm', 'application/wasm'],
};

const POLICY = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["batch:SubmitJob"],
      "Resource": "*"
    },
    {
      "Effect": "Allow",
      "Action": "iam:PassRole",
      "Resource": "*"
    }
  ]
}
`;

const TERRAFORM = `data "aws_iam_policy_document" "deploy" {
  statement {
    actions   = ["iam:PassRole"]
    resources = ["*"]
  }
}
`;

/** The page: a minimal LSP client over the worker, exposed as window.lsp, and a place to show results. */
const PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><title>IAM Role Lens: the language server in a web worker</title>
<style>body{font:14px system-ui;margin:16px;background:#1e1e1e;color:#ddd}pre{background:#252526;padding:8px;white-space:pre-wrap}
h1{font-size:18px}h2{font-size:15px;color:#ff9900}.d{color:#f48771}</style></head>
<body><h1>IAM Role Lens — language server in a Web Worker (dist/web/server.js)</h1><div id="out"></div>
<script>
const out = document.getElementById('out');
function show(title, text, cls) {
  const h = document.createElement('h2'); h.textContent = title; out.appendChild(h);
  const p = document.createElement('pre'); p.textContent = text; if (cls) p.className = cls; out.appendChild(p);
}
window.show = show;
window.lsp = (async () => {
  const get = async (u) => (await fetch(u)).arrayBuffer();
  const [data, runtime, grammar] = await Promise.all([get('/data.bundle.gz'), get('/tree-sitter.wasm'), get('/tree-sitter-terraform.wasm')]);
  const worker = new Worker('/server.js');
  const ready = await new Promise((resolve, reject) => {
    worker.onerror = (e) => reject(new Error(e.message));
    worker.onmessage = (e) => { if (e.data && (e.data.type === 'iamRoleLens/ready' || e.data.type === 'iamRoleLens/failed')) resolve(e.data); };
    worker.postMessage({ type: 'iamRoleLens/boot', data, runtime, grammar }, [data, runtime, grammar]);
  });
  if (ready.type !== 'iamRoleLens/ready') throw new Error(ready.error);
  let next = 1;
  const pending = new Map();
  const published = [];
  const waiters = [];
  worker.onmessage = (e) => {
    const m = e.data;
    if (m.method === "window/logMessage") console.log(m.params.message);
    if (m.id !== undefined && m.method === undefined) { const p = pending.get(m.id); pending.delete(m.id); m.error ? p.reject(new Error(m.error.message)) : p.resolve(m.result); return; }
    if (m.method === 'textDocument/publishDiagnostics') { published.push(m.params); for (const w of waiters.splice(0)) w(); return; }
    if (m.id !== undefined) {
      // Requests of the server to the client: no settings of its own (defaults), registrations accepted.
      const result = m.method === 'workspace/configuration' ? m.params.items.map(() => null) : null;
      worker.postMessage({ jsonrpc: '2.0', id: m.id, result });
    }
  };
  const request = (method, params) => new Promise((resolve, reject) => { const id = next++; pending.set(id, { resolve, reject }); worker.postMessage({ jsonrpc: '2.0', id, method, params }); });
  const notify = (method, params) => worker.postMessage({ jsonrpc: '2.0', method, params });
  /** The next diagnostics published for uri at or after version (an event, not a sleep). */
  const diagnostics = (uri, version) => new Promise((resolve) => {
    const look = () => { const p = published.find((x) => x.uri === uri && (x.version === undefined || x.version >= version)); if (p) resolve(p.diagnostics); else waiters.push(look); };
    look();
  });
  const init = await request('initialize', { processId: null, rootUri: null, capabilities: { workspace: { configuration: true } }, locale: 'en', initializationOptions: {} });
  notify('initialized', {});
  return { ready, init, request, notify, diagnostics, clear: () => published.splice(0) };
})();
</script></body></html>`;

function serve() {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    if (url.pathname === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(PAGE);
      return;
    }
    const file = FILES[url.pathname];
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': file[1] });
    res.end(fs.readFileSync(path.join(ROOT, file[0])));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

export async function runWebWorker() {
  for (const [, [file]] of Object.entries(FILES)) if (!fs.existsSync(path.join(ROOT, file))) throw new Error(`${file} is missing: run npm run build`);
  const server = await serve();
  const { context, close } = await launchBrowser({ width: 1100, height: 1000 });
  const requests = [];
  let passed = 0;
  let failed = 0;
  const check = async (name, fn) => {
    try {
      await fn();
      passed++;
      console.log(`  ✓ ${name}`);
    } catch (e) {
      failed++;
      console.log(`  ✗ ${name}: ${e.message}`);
    }
  };
  try {
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('crash', () => console.log('  page crashed'));
    if (process.env.DEBUG_WEB) page.on('console', (m) => console.log('  console:', m.text()));
    context.on('request', (r) => requests.push(r.url()));
    const origin = `http://127.0.0.1:${server.address().port}`;
    await page.goto(`${origin}/`);
    const boot = await page.evaluate(async () => {
      const l = await window.lsp;
      window.show('Worker ready', JSON.stringify(l.ready));
      return { ready: l.ready, name: l.init.serverInfo.name, hover: Boolean(l.init.capabilities.hoverProvider) };
    });
    await check('the worker loads its data from the bundle and the Terraform grammar, then answers initialize', () => {
      assert.equal(boot.ready.type, 'iamRoleLens/ready');
      assert.ok(boot.ready.files > 400, `${boot.ready.files} data files`);
      assert.equal(boot.ready.hcl, true);
      assert.equal(boot.name, 'iam-role-lens');
      assert.equal(boot.hover, true);
    });

    const uri = 'file:///w/passrole.json';
    const opened = await page.evaluate(
      async ({ uri, text }) => {
        const l = await window.lsp;
        l.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'json', version: 1, text } });
        const diags = await l.diagnostics(uri, 1);
        window.show('policy.json', text);
        window.show('Diagnostics', diags.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code}: ${d.message}`).join('\n'), 'd');
        return diags;
      },
      { uri, text: POLICY },
    );
    const d = opened.find((x) => x.code === 'passrole-wildcard-resource');
    await check('diagnostics: passrole-wildcard-resource on the "*" of the PassRole statement', () => {
      assert.ok(d, JSON.stringify(opened));
      assert.deepEqual(d.range, { start: { line: 11, character: 18 }, end: { line: 11, character: 21 } });
      assert.equal(d.severity, 2);
      assert.match(d.message, /every role/);
    });

    const hover = await page.evaluate(async (uri) => {
      const l = await window.lsp;
      const h = await l.request('textDocument/hover', { textDocument: { uri }, position: { line: 10, character: 19 } });
      window.show('Hover on "iam:PassRole"', h.contents.value.split('\n').slice(0, 8).join('\n'));
      return h;
    }, uri);
    await check('hover on iam:PassRole: the PassRole card, with its range', () => {
      assert.match(hover.contents.value, /permission to \*hand a role over\*/);
      assert.match(hover.contents.value, /\| Answers \| Who may \*\*hand\*\* this role to a service\? \| Who may \*\*become\*\* this role\? \|/);
      assert.deepEqual(hover.range, { start: { line: 10, character: 16 }, end: { line: 10, character: 30 } });
    });

    const fix = await page.evaluate(
      async ({ uri, d, text }) => {
        const l = await window.lsp;
        const actions = await l.request('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
        const preferred = actions.find((a) => a.isPreferred);
        const edits = preferred.edit.documentChanges[0].edits;
        // Applied as an editor does: from the end, each range replaced by its new text.
        const lines = text.split('\n');
        const offset = (p) => lines.slice(0, p.line).reduce((n, s) => n + s.length + 1, 0) + p.character;
        let fixed = text;
        for (const e of [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start))) fixed = fixed.slice(0, offset(e.range.start)) + e.newText + fixed.slice(offset(e.range.end));
        l.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: fixed }] });
        const after = await l.diagnostics(uri, 2);
        window.show(`Quick fix: ${preferred.title}`, fixed);
        window.show('Diagnostics after the fix', after.map((x) => `${x.range.start.line + 1}:${x.range.start.character + 1} ${x.code}`).join('\n') || '(none)');
        return { title: preferred.title, kind: preferred.kind, fixed, after };
      },
      { uri, d, text: POLICY },
    );
    await check('quick fix: the preferred fix adds iam:PassedToService and the finding goes away', () => {
      assert.equal(fix.title, 'Add iam:PassedToService condition: batch.amazonaws.com');
      assert.equal(fix.kind, 'quickfix');
      assert.match(fix.fixed, /"Condition": \{\n {8}"StringEquals": \{\n {10}"iam:PassedToService": \["batch\.amazonaws\.com"\]/);
      assert.deepEqual(fix.after.filter((x) => x.code === 'passrole-wildcard-resource'), []);
    });

    const tf = await page.evaluate(async (text) => {
      const l = await window.lsp;
      const uri = 'file:///w/main.tf';
      l.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'terraform', version: 1, text } });
      const diags = await l.diagnostics(uri, 1);
      window.show('main.tf diagnostics', diags.map((x) => `${x.range.start.line + 1}:${x.range.start.character + 1} ${x.code}`).join('\n'), 'd');
      return diags;
    }, TERRAFORM);
    await check('Terraform is read in the worker (the grammar handed over at boot)', () => {
      const w = tf.find((x) => x.code === 'passrole-wildcard-resource');
      assert.ok(w, JSON.stringify(tf));
      assert.deepEqual(w.range, { start: { line: 3, character: 17 }, end: { line: 3, character: 20 } });
    });

    await check('no page error, and no request outside the page’s own origin', () => {
      assert.deepEqual(errors, []);
      assert.deepEqual(requests.filter((u) => !u.startsWith(origin)), []);
    });
    fs.mkdirSync(RESULTS, { recursive: true });
    await page.screenshot({ path: path.join(RESULTS, 'web-worker.png'), fullPage: true });
    console.log(`  screenshot: ${path.relative(ROOT, path.join(RESULTS, 'web-worker.png'))}`);
  } finally {
    await close();
    server.close();
  }
  return { passed, failed };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { passed, failed } = await runWebWorker();
  console.log(`web worker: ${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

// Entry point that the extension host runs (extensionTestsPath), under @vscode/test-electron and under
// code-server alike. Runs the suite with mocha and writes the results where the runner reads them:
// $IAM_E2E_RESULTS, or results.json next to the workspace folder (the runners open a fresh copy of
// test/e2e/workspace at RUN/workspace, so results land in RUN/results.json). Each finished test is also
// appended to progress.log beside it, so the runner can show progress live. options.json beside it may
// hold { "grep": "pattern" } to run a subset (IAM_E2E_GREP in the extension host's environment also works).
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import * as vscode from 'vscode';

interface TestResult {
  title: string;
  state: 'passed' | 'failed';
  durationMs: number;
  error?: string;
}

function resultsFile(): string {
  if (process.env['IAM_E2E_RESULTS']) return process.env['IAM_E2E_RESULTS'];
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder open: the runner must open the fixture workspace copy');
  return path.join(path.dirname(folder.uri.fsPath), 'results.json');
}

export async function run(): Promise<void> {
  const out = resultsFile();
  const progress = path.join(path.dirname(out), 'progress.log');
  const log = (line: string): void => {
    fs.appendFileSync(progress, line + '\n');
    console.log(`[iam-e2e] ${line}`);
  };
  fs.rmSync(out, { force: true });
  const tests: TestResult[] = [];
  const started = Date.now();
  let failure: string | undefined;
  try {
    const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: 'dot' });
    const options = path.join(path.dirname(out), 'options.json');
    const grep = process.env['IAM_E2E_GREP'] ?? (fs.existsSync(options) ? (JSON.parse(fs.readFileSync(options, 'utf8')) as { grep?: string }).grep : undefined);
    if (grep) mocha.grep(grep);
    const files = fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort();
    for (const f of files) mocha.addFile(path.join(__dirname, f));
    log(`VS Code ${vscode.version}, ${files.length} test files, node ${process.version}`);
    const ext = vscode.extensions.getExtension('iam-role-lens.iam-role-lens');
    log(`before the suite: extension ${ext ? (ext.isActive ? 'active' : 'not active') : 'missing'}; open documents: ${JSON.stringify(vscode.workspace.textDocuments.map((d) => d.uri.toString()))}`);
    await new Promise<void>((resolve) => {
      const runner = mocha.run(() => resolve());
      runner.on('pass', (t) => {
        tests.push({ title: t.fullTitle(), state: 'passed', durationMs: t.duration ?? 0 });
        log(`ok - ${t.fullTitle()} (${t.duration ?? 0} ms)`);
      });
      runner.on('fail', (t, err: Error) => {
        const error = `${err.message}\n${(err.stack ?? '').split('\n').slice(1, 6).join('\n')}`;
        tests.push({ title: t.fullTitle(), state: 'failed', durationMs: t.duration ?? 0, error });
        log(`not ok - ${t.fullTitle()}\n    ${error.replace(/\n/g, '\n    ')}`);
      });
    });
  } catch (e) {
    failure = e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e);
    log(`the suite could not run: ${failure}`);
  }
  const passed = tests.filter((t) => t.state === 'passed').length;
  const failed = tests.length - passed;
  const result = { vscodeVersion: vscode.version, passed, failed, total: tests.length, durationMs: Date.now() - started, failure, tests };
  fs.writeFileSync(out + '.tmp', JSON.stringify(result, null, 2));
  fs.renameSync(out + '.tmp', out);
  log(`${passed} passed, ${failed} failed`);
  if (failure) throw new Error(failure);
  if (tests.length === 0) throw new Error('no tests ran');
  if (failed > 0) throw new Error(`${failed} of ${tests.length} tests failed`);
}

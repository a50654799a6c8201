// Runs the real CLI bundle (bin/iam-role-lens.js → dist/cli.js) as a process, in English unless asked.
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { ROOT } from './paths';

export const BIN = path.join(ROOT, 'bin', 'iam-role-lens.js');

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function cli(args: string[], options: { input?: string; cwd?: string; lang?: string } = {}): Promise<Run> {
  const env = { ...process.env, LANG: options.lang ?? 'C', LC_ALL: '', LC_MESSAGES: '' };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd ?? ROOT, env });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

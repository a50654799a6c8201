// Runs the real CLI bundle (bin/iam-role-lens.js → dist/cli.js) as a process, in English unless asked.
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { ROOT } from './paths';

export const BIN = path.join(ROOT, 'bin', 'iam-role-lens.js');

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Wall-clock milliseconds from start to exit. */
  ms: number;
  /** Killed after `deadlineMs`: the CLI did not end on its own. */
  killed: boolean;
}

export interface CliOptions {
  input?: string;
  cwd?: string;
  lang?: string;
  /** Added to the environment. */
  env?: Record<string, string>;
  /** Run as this user and group (the tests run as root in some containers, where permissions do not bind). */
  uid?: number;
  gid?: number;
  /** Kill the process after this long (a hang fails the test instead of stalling it). */
  deadlineMs?: number;
}

export function cli(args: string[], options: CliOptions = {}): Promise<Run> {
  return run(process.execPath, [BIN, ...args], options);
}

/** Runs `sh -c script`, where `cli` runs the CLI (for pipelines such as `yes | cli check -`). */
export function shell(script: string, options: CliOptions = {}): Promise<Run> {
  const prelude = 'cli() { "$IAM_ROLE_LENS_NODE" "$IAM_ROLE_LENS_BIN" "$@"; }; ';
  return run('/bin/sh', ['-c', prelude + script], { ...options, env: { ...options.env, IAM_ROLE_LENS_NODE: process.execPath, IAM_ROLE_LENS_BIN: BIN } });
}

function run(command: string, args: string[], options: CliOptions): Promise<Run> {
  const env = { ...process.env, LANG: options.lang ?? 'C', LC_ALL: '', LC_MESSAGES: '', ...options.env };
  const started = Date.now();
  return new Promise((resolve, reject) => {
    // Its own process group, so that a deadline ends a whole pipeline (`yes` too), not only the shell.
    const child = spawn(command, args, { cwd: options.cwd ?? ROOT, env, uid: options.uid, gid: options.gid, detached: process.platform !== 'win32' });
    let stdout = '';
    let stderr = '';
    let killed = false;
    const timer = options.deadlineMs === undefined ? undefined : setTimeout(() => {
      killed = true;
      try {
        if (process.platform === 'win32') child.kill('SIGKILL');
        else process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }, options.deadlineMs);
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: Date.now() - started, killed });
    });
    child.stdin.on('error', () => {}); // a CLI that stops reading early closes the pipe
    child.stdin.end(options.input ?? '');
  });
}

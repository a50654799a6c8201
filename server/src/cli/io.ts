// Where the commands write, and what they return.
import { SERVER_VERSION } from '../version';

export const EXIT = { ok: 0, findings: 1, usage: 2 } as const;

export const PROGRAM = 'iam-role-lens';

export class Io {
  /** Set when something could not be checked (unreadable file, rule failure): exit status 2. */
  failed = false;

  out(text: string | Uint8Array): void {
    process.stdout.write(text);
  }

  /** One error line on stderr, naming the program. */
  err(line: string): void {
    process.stderr.write(`${PROGRAM}: ${line}\n`);
  }

  /** One progress or summary line on stderr. */
  info(line: string): void {
    process.stderr.write(`${line}\n`);
  }

  /** The product version (package.json, inlined by the bundler). */
  readonly version: string = SERVER_VERSION;
}

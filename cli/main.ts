// The `oslab` command: dispatches subcommands. Usage mistakes and unreadable programs print one
// line and exit 2; the program's own status is passed through otherwise.

import { ConfigError } from '../sim/config';
import { RUN_HELP, UsageError } from './args';
import { CliError, runCommand } from './run';

const VERSION = '0.1.0';

const HELP = `usage: oslab <command> [options]

commands:
  run [options] PROGRAM [args...]   run a static RV32IMA ELF on the simulated machine
  help [command]                    show help

oslab ${VERSION} — a simulated RISC-V computer with a Linux-like kernel.
`;

async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'run':
      if (rest[0] === '--help' || rest[0] === '-h') return print(RUN_HELP);
      return runCommand(rest);
    case '--version':
    case '-V':
      return print(`oslab ${VERSION}\n`);
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      return print(rest[0] === 'run' ? RUN_HELP : HELP);
    default:
      throw new UsageError(`unknown command '${command}' (try oslab help)`);
  }
}

function print(text: string): number {
  process.stdout.write(text);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError || error instanceof CliError || error instanceof ConfigError) {
      process.stderr.write(`oslab: ${error.message}\n`);
      process.exitCode = 2;
      return;
    }
    process.stderr.write(`oslab: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 70;
  },
);

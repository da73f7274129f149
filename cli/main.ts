// The `oslab` command: dispatches subcommands. Usage mistakes and unreadable programs print one
// line and exit 2; the program's own status is passed through otherwise.

import { ConfigError } from '../sim/config';
import { ElfError } from '../sim/toolchain/elf/read';
import { ToolchainError } from '../sim/toolchain/object';
import { SysrootMissing } from '../host/sysroot';
import { CliError, RUN_HELP, UsageError } from './args';
import { CC_HELP, ccCommand } from './cc';
import { DAP_HELP, dapCommand } from './dap';
import { runCommand } from './run';
import { TTY_BRIDGE_HELP, ttyBridgeCommand } from './tty-bridge';

const VERSION = '0.1.0';

const HELP = `usage: oslab <command> [options]

commands:
  run [options] PROGRAM [args...]   run a static RV32IMA ELF (or a .c or .s file) on the simulated machine
  shell [options]                   the machine's own shell (/bin/sh) on this terminal, as \`run\` with no program
  cc [options] FILE...              compile C, assemble, and link with oslab's libc into an executable
  dap                               serve the Debug Adapter Protocol on stdin/stdout (debug type oslab)
  tty-bridge PORT TOKEN             a debugged program's terminal (started by oslab dap's client)
  help [command]                    show help

oslab ${VERSION} — a simulated RISC-V computer with a Linux-like kernel.
`;

async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'run':
      if (rest[0] === '--help' || rest[0] === '-h') return print(RUN_HELP);
      return runCommand(rest);
    case 'shell':
      if (rest[0] === '--help' || rest[0] === '-h') return print(RUN_HELP);
      return runCommand(rest);
    case 'cc':
      if (rest[0] === '--help' || rest[0] === '-h') return print(CC_HELP);
      return ccCommand(rest);
    case 'dap':
      if (rest[0] === '--help' || rest[0] === '-h') return print(DAP_HELP);
      return dapCommand();
    case 'tty-bridge':
      if (rest[0] === '--help' || rest[0] === '-h') return print(TTY_BRIDGE_HELP);
      return ttyBridgeCommand(rest);
    case '--version':
    case '-V':
      return print(`oslab ${VERSION}\n`);
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      return print(rest[0] === 'run' ? RUN_HELP : rest[0] === 'cc' ? CC_HELP : rest[0] === 'dap' ? DAP_HELP : HELP);
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
    if (error instanceof UsageError || error instanceof CliError || error instanceof ConfigError || error instanceof SysrootMissing) {
      process.stderr.write(`oslab: ${error.message}\n`);
      process.exitCode = 2;
      return;
    }
    // Diagnostics about the user's sources and objects: printed as they are, status 1 like cc.
    if (error instanceof ToolchainError || error instanceof ElfError) {
      process.stderr.write(`${error.message}\n`);
      process.exitCode = 1;
      return;
    }
    process.stderr.write(`oslab: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 70;
  },
);

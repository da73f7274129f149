// Each system header of oslab's libc stands alone: a file that includes only it compiles
// without a warning under clang and under oslab's own compiler (which later builds the libc
// and every student program against these headers).
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileToAssembly } from '../../sim/toolchain/cc';
import { diskHost, libcIncludeDir } from '../support/libc';

const SYSTEM_HEADERS = [
  'unistd.h', 'fcntl.h', 'signal.h', 'pthread.h', 'semaphore.h', 'sched.h', 'time.h', 'ucontext.h',
  'setjmp.h', 'poll.h', 'termios.h', 'sys/types.h', 'sys/wait.h', 'sys/mman.h', 'sys/stat.h', 'sys/time.h',
  'sys/resource.h', 'sys/uio.h', 'sys/socket.h', 'sys/select.h', 'sys/epoll.h', 'sys/ioctl.h',
  'sys/utsname.h', 'sys/random.h', 'sys/syscall.h', 'sys/un.h', 'sys/file.h', 'sys/eventfd.h', 'dirent.h',
  'netinet/in.h', 'netinet/tcp.h', 'arpa/inet.h',
];

const outDir = join(__dirname, '..', '.build', 'libc-sys-headers');

function programIncluding(header: string): string {
  return `#include <${header}>\n#include <${header}>\nint main(void) { return 0; }\n`;
}

describe('system headers', () => {
  it.each(SYSTEM_HEADERS)('<%s> compiles alone (twice over) with clang -Wall -Werror', (header) => {
    mkdirSync(outDir, { recursive: true });
    const file = join(outDir, `${header.replace(/[/.]/g, '_')}.c`);
    writeFileSync(file, programIncluding(header));
    expect(() => execFileSync('clang', [
      '--target=riscv32-unknown-elf', '-march=rv32ima', '-mabi=ilp32', '-nostdinc', '-isystem', libcIncludeDir,
      '-ffreestanding', '-std=c11', '-Wall', '-Wextra', '-Werror', '-fsyntax-only', file,
    ], { stdio: 'pipe' })).not.toThrow();
  });

  it.each(SYSTEM_HEADERS)('<%s> compiles alone with oslab\'s compiler', (header) => {
    const result = compileToAssembly({
      file: `/virtual/${header.replace(/[/.]/g, '_')}.c`,
      text: programIncluding(header),
      systemIncludeDirs: [libcIncludeDir],
      host: diskHost,
    });
    expect(result.warnings).toEqual([]);
  });
});

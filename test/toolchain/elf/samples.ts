// Objects the ELF tests read: clang builds of a C file with every kind of symbol (with and
// without -g and -fcommon), the fixtures' runtime, and assembly built for linker relaxation.
import { join } from 'node:path';
import { fixtureDir } from '../../support/build-fixtures';
import { compileObject, compileText } from '../link/support';

export const SYMBOLS_C = `
static int local_counter = 3;
int global_data[4] = {1, 2, 3, 4};
int bss_var[100];
int common_var;
const char message[] = "hi";
extern int undefined_thing;
extern int weak_undefined __attribute__((weak));
__attribute__((weak)) int weak_fn(void) { return 1; }
__attribute__((visibility("hidden"))) int hidden_fn(void) { return 2; }
static int local_fn(int x) { return x + local_counter++; }
int use(void) { return local_fn(undefined_thing) + weak_fn() + hidden_fn() + global_data[1] + bss_var[3] + common_var + message[0] + (&weak_undefined != 0); }
__asm__(".globl abs_sym\\n.set abs_sym, 0x1234");
`;

export async function sampleObjects(): Promise<string[]> {
  const rt = join(fixtureDir, 'rt');
  return Promise.all([
    compileText('symbols.c', SYMBOLS_C, ['-O1', '-fcommon']),
    compileText('symbols_g.c', SYMBOLS_C, ['-O1', '-g']),
    compileObject(join(rt, 'rt.c'), ['-O2'], [rt]),
    compileObject(join(rt, 'start.S'), [], [rt]),
    compileText('relaxed.S', `    .text\n    .globl f\nf:\n    call g\n    .p2align 4\n    la a0, msg\n    ret\n    .section .rodata\nmsg: .asciz "x"\n`, ['-mrelax']),
  ]);
}

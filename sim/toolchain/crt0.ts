// The process entry point oslab links into every program unless told `-nostdlib`: Linux starts
// a process with sp at argc, then argv, NULL, envp, NULL and the auxiliary vector; `_start`
// turns that into main(argc, argv, envp) and exits with main's result. It is assembly text,
// assembled by oslab's own assembler when first needed. (With Toolchain II's libc it will hand
// over to libc's start routine, which also flushes stdio at exit.)

export const CRT0_PATH = '<oslab>/crt0.s';

export const CRT0_SOURCE = `\
    .text
    .globl  _start
    .type   _start, @function
_start:
    lw      a0, 0(sp)           # argc
    addi    a1, sp, 4           # argv
    slli    t0, a0, 2
    add     a2, a1, t0
    addi    a2, a2, 4           # envp: past argv's NULL
    andi    sp, sp, -16         # the psABI wants 16-byte alignment at calls
    call    main
    li      a7, 94              # exit_group(main's result)
    ecall
1:  j       1b                  # exit_group does not return
    .size   _start, . - _start
`;

/* Entry point for the freestanding examples (until oslab's own libc exists): takes argc and
   argv from the initial stack Linux lays out, calls main, and exits with its result. */
    .text
    .globl _start
_start:
    lw    a0, 0(sp)          /* argc */
    addi  a1, sp, 4          /* argv */
    andi  sp, sp, -16
    call  main
    li    a7, 94             /* exit_group */
    ecall

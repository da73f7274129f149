/* Process entry for the freestanding benchmark build (copied from the differential fixtures'
   runtime and trimmed). Linux, qemu-riscv32 and oslab all start us with sp pointing at argc,
   then the argv pointers; there is no libc, so this calls main(argc, argv) and exits with its
   result through exit_group. */
    .section .text._start, "ax"
    .globl _start
    .type _start, @function
_start:
    lw    a0, 0(sp)          /* argc */
    addi  a1, sp, 4          /* argv */
    andi  sp, sp, -16        /* the psABI wants 16-byte alignment at calls */
    call  main
    li    a7, 94             /* exit_group(main's result) */
    ecall
1:  j     1b                 /* exit_group never returns; spin rather than run off the end */
    .size _start, . - _start

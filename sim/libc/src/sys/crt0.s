# The process entry point. Linux starts a process with sp at argc, then argv, NULL, envp,
# NULL and the auxiliary vector; _start hands them to __libc_start_main (start.c), which sets
# up the main thread and never returns. This is the one libc object that names `main`, so the
# library build keeps it out of libc.a as crt1.o.
    .text
    .globl _start
    .type _start, @function
_start:
    lw a1, 0(sp)            # argc
    addi a2, sp, 4          # argv
    slli t0, a1, 2
    add a3, a2, t0
    addi a3, a3, 4          # envp: past argv's NULL
    andi sp, sp, -16        # the psABI wants 16-byte alignment at calls
    li ra, 0                # a debugger's backtrace stops here
    lla a0, main
    call __libc_start_main
1:  j 1b
    .size _start, . - _start

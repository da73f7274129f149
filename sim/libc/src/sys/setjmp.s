# setjmp/longjmp and the signal-mask-saving sigsetjmp/siglongjmp. jmp_buf (setjmp.h): ra at 0,
# sp at 4, s0-s11 at 8..52, mask_was_saved at 56, the kernel's 64-bit signal mask at 60.
# The kernel preserves every register but a0 across ecall, so t-registers survive it.

    .text
    .globl setjmp
    .type setjmp, @function
    .globl _setjmp
    .type _setjmp, @function
setjmp:
_setjmp:
    sw zero, 56(a0)
    j __save_jmp_regs
    .size setjmp, . - setjmp

    .globl sigsetjmp
    .type sigsetjmp, @function
sigsetjmp:
    sw a1, 56(a0)
    beqz a1, __save_jmp_regs
    mv t0, a0
    li a0, 0                # rt_sigprocmask(SIG_BLOCK, NULL, &env->mask, 8): read the mask
    li a1, 0
    addi a2, t0, 60
    li a3, 8
    li a7, 135
    ecall
    mv a0, t0
    j __save_jmp_regs
    .size sigsetjmp, . - sigsetjmp

    .type __save_jmp_regs, @function
__save_jmp_regs:
    sw ra, 0(a0)
    sw sp, 4(a0)
    sw s0, 8(a0)
    sw s1, 12(a0)
    sw s2, 16(a0)
    sw s3, 20(a0)
    sw s4, 24(a0)
    sw s5, 28(a0)
    sw s6, 32(a0)
    sw s7, 36(a0)
    sw s8, 40(a0)
    sw s9, 44(a0)
    sw s10, 48(a0)
    sw s11, 52(a0)
    li a0, 0
    ret
    .size __save_jmp_regs, . - __save_jmp_regs

    .globl siglongjmp
    .type siglongjmp, @function
siglongjmp:
    lw t0, 56(a0)
    beqz t0, longjmp
    mv t1, a0
    mv t2, a1
    li a0, 2                # rt_sigprocmask(SIG_SETMASK, &env->mask, NULL, 8)
    addi a1, t1, 60
    li a2, 0
    li a3, 8
    li a7, 135
    ecall
    mv a0, t1
    mv a1, t2
    j longjmp
    .size siglongjmp, . - siglongjmp

    .globl longjmp
    .type longjmp, @function
    .globl _longjmp
    .type _longjmp, @function
longjmp:
_longjmp:
    lw ra, 0(a0)
    lw sp, 4(a0)
    lw s0, 8(a0)
    lw s1, 12(a0)
    lw s2, 16(a0)
    lw s3, 20(a0)
    lw s4, 24(a0)
    lw s5, 28(a0)
    lw s6, 32(a0)
    lw s7, 36(a0)
    lw s8, 40(a0)
    lw s9, 44(a0)
    lw s10, 48(a0)
    lw s11, 52(a0)
    mv a0, a1               # setjmp "returns" the value, but never 0
    bnez a0, 1f
    li a0, 1
1:  ret
    .size longjmp, . - longjmp

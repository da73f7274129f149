# getcontext/setcontext/swapcontext and makecontext's landing pad. ucontext_t (ucontext.h):
# uc_sigmask at 20, uc_mcontext.__gregs at 160 with gregs[0] = pc and gregs[n] = xn. Only the
# registers a call must preserve are saved (ra, sp, s0-s11); a0 is stored as 0 so a resumed
# getcontext returns 0. setcontext also loads a0-a7, which carry makecontext's arguments.

# Stores the registers a call preserves into the ucontext at a0; pc = ra, so resuming returns
# from the call that saved them, with a0 = 0.
    .macro save_context
    sw ra, 160(a0)
    sw ra, 164(a0)
    sw sp, 168(a0)
    sw s0, 192(a0)
    sw s1, 196(a0)
    sw zero, 200(a0)
    sw s2, 232(a0)
    sw s3, 236(a0)
    sw s4, 240(a0)
    sw s5, 244(a0)
    sw s6, 248(a0)
    sw s7, 252(a0)
    sw s8, 256(a0)
    sw s9, 260(a0)
    sw s10, 264(a0)
    sw s11, 268(a0)
    .endm

    .text
    .globl getcontext
    .type getcontext, @function
getcontext:
    save_context
    addi a2, a0, 20         # rt_sigprocmask(SIG_BLOCK, NULL, &ucp->uc_sigmask, 8)
    li a0, 0
    li a1, 0
    li a3, 8
    li a7, 135
    ecall
    li a0, 0
    ret
    .size getcontext, . - getcontext

    .globl swapcontext
    .type swapcontext, @function
swapcontext:
    save_context
    mv t0, a0
    mv t1, a1
    li a0, 2                # rt_sigprocmask(SIG_SETMASK, &ucp->uc_sigmask, &oucp->uc_sigmask, 8)
    addi a1, t1, 20
    addi a2, t0, 20
    li a3, 8
    li a7, 135
    ecall
    bnez a0, 1f
    mv a0, t1
    j __restore_context
1:  tail __syscall_error
    .size swapcontext, . - swapcontext

    .globl setcontext
    .type setcontext, @function
setcontext:
    mv t1, a0
    li a0, 2                # rt_sigprocmask(SIG_SETMASK, &ucp->uc_sigmask, NULL, 8)
    addi a1, t1, 20
    li a2, 0
    li a3, 8
    li a7, 135
    ecall
    bnez a0, 1f
    mv a0, t1
    j __restore_context
1:  tail __syscall_error
    .size setcontext, . - setcontext

    .type __restore_context, @function
__restore_context:
    lw t0, 160(a0)
    lw ra, 164(a0)
    lw sp, 168(a0)
    lw s0, 192(a0)
    lw s1, 196(a0)
    lw a1, 204(a0)
    lw a2, 208(a0)
    lw a3, 212(a0)
    lw a4, 216(a0)
    lw a5, 220(a0)
    lw a6, 224(a0)
    lw a7, 228(a0)
    lw s2, 232(a0)
    lw s3, 236(a0)
    lw s4, 240(a0)
    lw s5, 244(a0)
    lw s6, 248(a0)
    lw s7, 252(a0)
    lw s8, 256(a0)
    lw s9, 260(a0)
    lw s10, 264(a0)
    lw s11, 268(a0)
    lw a0, 200(a0)
    jr t0
    .size __restore_context, . - __restore_context

# A makecontext function returns here, with s0 still holding uc_link (makecontext put it
# there and the function, being a normal call, preserved it): resume the linked context,
# or end the process when there is none, as POSIX asks.
    .globl __start_context
    .type __start_context, @function
__start_context:
    beqz s0, 1f
    mv a0, s0
    call setcontext
1:  li a0, 0
    call exit
    .size __start_context, . - __start_context

# The thread pointer and the clone trampoline: the parts of threading C cannot express.

    .text
    .globl __get_tp
    .type __get_tp, @function
__get_tp:
    mv a0, tp
    ret
    .size __get_tp, . - __get_tp

    .globl __set_tp
    .type __set_tp, @function
__set_tp:
    mv tp, a0
    ret
    .size __set_tp, . - __set_tp

# int __clone(int (*fn)(void *), void *stack, int flags, void *arg,
#             int *parent_tid, void *tls, int *child_tid)
# riscv's clone takes flags, stack, parent_tid, tls, child_tid (CLONE_BACKWARDS order). fn and
# arg are parked on the child's new stack: after the ecall the child shares no registers
# with the parent's frame, only the stack pointer it was given.
    .globl __clone
    .type __clone, @function
__clone:
    andi a1, a1, -16
    addi a1, a1, -16
    sw a0, 0(a1)
    sw a3, 4(a1)
    mv a0, a2
    mv a2, a4
    mv a3, a5
    mv a4, a6
    li a7, 220              # clone
    ecall
    beqz a0, 1f
    ret                     # parent: the child's tid, or -errno
1:  lw a1, 0(sp)            # child: call fn(arg), then exit the thread with its result
    lw a0, 4(sp)
    li ra, 0
    jalr a1
    li a7, 93               # exit (this thread only)
    ecall
2:  j 2b
    .size __clone, . - __clone

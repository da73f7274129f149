/* sigset_t as glibc defines it (1024 bits, room for growth); the kernel's own set is the first
   64 bits, which is what libc passes with sigsetsize 8. */
#ifndef _BITS_SIGSET_H
#define _BITS_SIGSET_H

typedef struct {
  unsigned long __val[32];
} sigset_t;

/* Bytes of a sigset_t the riscv32 kernel reads and writes (_NSIG / 8). */
#define __KERNEL_SIGSET_SIZE 8

#endif

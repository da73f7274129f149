/* What the system half of libc shares privately: the raw syscall entries, the thread control
   block that tp points past, futex helpers and the timespec conversion. Nothing here is part
   of the public headers. */
#ifndef _LIBC_SYS_INTERNAL_H
#define _LIBC_SYS_INTERNAL_H

#include <bits/types.h>
#include <bits/timespec.h>
#include <sys/syscall.h>

/* Raw entries (syscall-stubs.s): return the kernel's value, -errno on failure. */
long __syscall0(long n);
long __syscall1(long n, long a);
long __syscall2(long n, long a, long b);
long __syscall3(long n, long a, long b, long c);
long __syscall4(long n, long a, long b, long c, long d);
long __syscall5(long n, long a, long b, long c, long d, long e);
long __syscall6(long n, long a, long b, long c, long d, long e, long f);

/* A raw result as the C API wants it: -errno becomes errno and -1. */
long __syscall_ret(long result);

#define __PTHREAD_KEYS 128

/* One per thread. The main thread's is static; others sit at the top of their stack mapping.
   tp points just past it (the RISC-V TLS variant I convention), so __pthread_self() steps back
   by its size. tid is set by the kernel at clone (CLONE_PARENT_SETTID) and cleared with a futex
   wake when the thread dies (CLONE_CHILD_CLEARTID): pthread_join sleeps on it. */
struct __pthread {
  struct __pthread *self;
  volatile int tid;
  int errno_value;
  volatile int join_state;
  void *(*start)(void *);
  void *start_arg;
  void *result;
  void *map_base;
  size_t map_size;
  struct __pthread *next_dead;
  void *specific[__PTHREAD_KEYS];
};

/* join_state values. */
#define __THREAD_JOINABLE 0
#define __THREAD_DETACHED 1
#define __THREAD_EXITED 2

void *__get_tp(void);
void __set_tp(void *tp);
struct __pthread *__pthread_self(void);
void __pthread_install_tcb(struct __pthread *tcb);
void __pthread_reset_after_fork(void);

/* Thread-local storage (tls.c): the PT_TLS image, found once at start-up, and the layout of a
   control block followed by a TLS block in an area of __tls_area_size() bytes. */
void __tls_find_image(char **envp);
int __tls_needed(void);
size_t __tls_area_size(void);
struct __pthread *__tls_layout(void *area);

int __clone(int (*fn)(void *), void *stack, int flags, void *arg, int *parent_tid, void *tls, int *child_tid);

/* futex_time64 operations, returning 0 or -errno. */
#define __FUTEX_WAIT 0
#define __FUTEX_WAKE 1
#define __FUTEX_WAIT_BITSET 9
#define __FUTEX_CLOCK_REALTIME 256
int __futex_wait(volatile int *addr, int expected, const struct __kernel_timespec *relative);
int __futex_wait_until(volatile int *addr, int expected, const struct timespec *absolute, int clock);
int __futex_wake(volatile int *addr, int count);

/* NULL in, NULL out; otherwise fills `k` (zeroing the padding the kernel would read). */
struct __kernel_timespec *__to_kernel_timespec(const struct timespec *ts, struct __kernel_timespec *k);

#define __SIGSET_BYTES 8

/* The kernel's struct rusage: its timevals are still 32-bit longs on riscv32. */
struct __kernel_rusage {
  long utime_sec, utime_usec, stime_sec, stime_usec;
  long counters[14];
};
struct rusage;
void __rusage_from_kernel(struct rusage *to, const struct __kernel_rusage *from);

/* The kernel's struct sigaction on riscv: no sa_restorer, a 64-bit mask last. The two spare
   words stay zero: qemu-riscv32 (7.2) wrongly reads and writes an sa_restorer word before the
   mask, so it accesses 20 bytes, and must not clobber or read stray stack there. */
struct __kernel_sigaction {
  void *handler;
  unsigned long flags;
  unsigned long mask[2];
  unsigned long spare[2];
};

#endif

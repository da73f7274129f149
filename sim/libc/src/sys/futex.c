/* The futex operations the thread library sleeps and wakes with. Waits use the plain (shared)
   operations so a mutex or semaphore in a MAP_SHARED page also works between processes. */
#include <errno.h>
#include <time.h>
#include "internal.h"

#define FUTEX_BITSET_MATCH_ANY (-1)

int __futex_wait(volatile int *addr, int expected, const struct __kernel_timespec *relative) {
  long r = __syscall4(SYS_futex_time64, (long)addr, __FUTEX_WAIT, expected, (long)relative);
  return r < 0 ? (int)r : 0;
}

/* FUTEX_WAIT_BITSET takes an absolute deadline, on CLOCK_MONOTONIC unless told REALTIME. */
int __futex_wait_until(volatile int *addr, int expected, const struct timespec *absolute, int clock) {
  struct __kernel_timespec k;
  int op = __FUTEX_WAIT_BITSET;
  long r;
  if (absolute->tv_nsec < 0 || absolute->tv_nsec >= 1000000000) return -EINVAL;
  if (absolute->tv_sec < 0) return -ETIMEDOUT;
  if (clock == CLOCK_REALTIME) op |= __FUTEX_CLOCK_REALTIME;
  r = __syscall6(SYS_futex_time64, (long)addr, op, expected, (long)__to_kernel_timespec(absolute, &k), 0,
                 FUTEX_BITSET_MATCH_ANY);
  return r < 0 ? (int)r : 0;
}

int __futex_wake(volatile int *addr, int count) {
  long r = __syscall3(SYS_futex_time64, (long)addr, __FUTEX_WAKE, count);
  return (int)r;
}

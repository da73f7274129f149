/* Clocks and sleeping on the *_time64 calls. Every struct timespec going into the kernel is
   copied into a __kernel_timespec first: the kernel reads tv_nsec as 64 bits, and the padding
   word of a program's timespec may hold anything. Results come back in the same 16 bytes, the
   high half of tv_nsec landing in the padding as 0, so output timespecs are passed straight. */
#include <errno.h>
#include <time.h>
#include <unistd.h>
#include <sys/time.h>
#include "internal.h"

struct __kernel_timespec *__to_kernel_timespec(const struct timespec *ts, struct __kernel_timespec *k) {
  if (ts == NULL) return NULL;
  k->tv_sec = ts->tv_sec;
  k->tv_nsec = ts->tv_nsec;
  return k;
}

static void from_kernel_timespec(struct timespec *ts, const struct __kernel_timespec *k) {
  ts->tv_sec = k->tv_sec;
  ts->tv_nsec = (long)k->tv_nsec;
  ts->__tv_pad = 0;
}

int clock_gettime(clockid_t clock, struct timespec *tp) {
  return (int)__syscall_ret(__syscall2(SYS_clock_gettime64, clock, (long)tp));
}

int clock_getres(clockid_t clock, struct timespec *res) {
  return (int)__syscall_ret(__syscall2(SYS_clock_getres_time64, clock, (long)res));
}

int clock_settime(clockid_t clock, const struct timespec *tp) {
  struct __kernel_timespec k;
  return (int)__syscall_ret(__syscall2(SYS_clock_settime64, clock, (long)__to_kernel_timespec(tp, &k)));
}

time_t time(time_t *tloc) {
  struct timespec now;
  if (clock_gettime(CLOCK_REALTIME, &now) < 0) return -1;
  if (tloc != NULL) *tloc = now.tv_sec;
  return now.tv_sec;
}

int gettimeofday(struct timeval *tv, void *tz) {
  struct timespec now;
  (void)tz;
  if (tv == NULL) return 0;
  if (clock_gettime(CLOCK_REALTIME, &now) < 0) return -1;
  tv->tv_sec = now.tv_sec;
  tv->tv_usec = now.tv_nsec / 1000;
  return 0;
}

int settimeofday(const struct timeval *tv, const struct timezone *tz) {
  struct timespec when;
  (void)tz;
  if (tv == NULL) return 0;
  when.tv_sec = tv->tv_sec;
  when.tv_nsec = (long)tv->tv_usec * 1000;
  when.__tv_pad = 0;
  return clock_settime(CLOCK_REALTIME, &when);
}

/* Processor time in CLOCKS_PER_SEC (microsecond) units; wraps like glibc's 32-bit clock_t. */
clock_t clock(void) {
  struct timespec used;
  if (clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &used) < 0) return (clock_t)-1;
  return (clock_t)(used.tv_sec * 1000000 + used.tv_nsec / 1000);
}

int timespec_get(struct timespec *ts, int base) {
  if (base != TIME_UTC || clock_gettime(CLOCK_REALTIME, ts) < 0) return 0;
  return base;
}

/* Returns an error number, as POSIX specifies for clock_nanosleep (not -1/errno). */
int clock_nanosleep(clockid_t clock, int flags, const struct timespec *request, struct timespec *remain) {
  struct __kernel_timespec k_request;
  struct __kernel_timespec k_remain;
  long r = __syscall4(SYS_clock_nanosleep_time64, clock, flags, (long)__to_kernel_timespec(request, &k_request),
                      remain != NULL ? (long)&k_remain : 0);
  if (r == -EINTR && remain != NULL && !(flags & TIMER_ABSTIME)) from_kernel_timespec(remain, &k_remain);
  return (int)-r;
}

int nanosleep(const struct timespec *request, struct timespec *remain) {
  int error = clock_nanosleep(CLOCK_REALTIME, 0, request, remain);
  if (error != 0) {
    errno = error;
    return -1;
  }
  return 0;
}

/* An interrupted sleep reports the whole seconds still owed, rounded up as glibc does. */
unsigned int sleep(unsigned int seconds) {
  struct timespec request;
  struct timespec remain;
  request.tv_sec = seconds;
  request.tv_nsec = 0;
  request.__tv_pad = 0;
  if (nanosleep(&request, &remain) == 0) return 0;
  return (unsigned int)remain.tv_sec + (remain.tv_nsec > 0 ? 1 : 0);
}

int usleep(useconds_t usec) {
  struct timespec request;
  request.tv_sec = usec / 1000000;
  request.tv_nsec = (long)(usec % 1000000) * 1000;
  request.__tv_pad = 0;
  return nanosleep(&request, NULL);
}

/* riscv32 has no pause: a ppoll on no descriptors with no timeout sleeps until a signal. */
int pause(void) {
  return (int)__syscall_ret(__syscall5(SYS_ppoll_time64, 0, 0, 0, 0, __SIGSET_BYTES));
}

/* The kernel's itimerval still has 32-bit longs on riscv32. */
struct kernel_itimerval {
  long interval_sec, interval_usec, value_sec, value_usec;
};

static void to_kernel_itimerval(struct kernel_itimerval *k, const struct itimerval *v) {
  k->interval_sec = (long)v->it_interval.tv_sec;
  k->interval_usec = (long)v->it_interval.tv_usec;
  k->value_sec = (long)v->it_value.tv_sec;
  k->value_usec = (long)v->it_value.tv_usec;
}

static void from_kernel_itimerval(struct itimerval *v, const struct kernel_itimerval *k) {
  v->it_interval.tv_sec = k->interval_sec;
  v->it_interval.tv_usec = k->interval_usec;
  v->it_value.tv_sec = k->value_sec;
  v->it_value.tv_usec = k->value_usec;
}

int getitimer(int which, struct itimerval *value) {
  struct kernel_itimerval k;
  long r = __syscall2(SYS_getitimer, which, (long)&k);
  if (r < 0) return (int)__syscall_ret(r);
  from_kernel_itimerval(value, &k);
  return 0;
}

int setitimer(int which, const struct itimerval *value, struct itimerval *old) {
  struct kernel_itimerval k_new;
  struct kernel_itimerval k_old;
  long r;
  to_kernel_itimerval(&k_new, value);
  r = __syscall3(SYS_setitimer, which, (long)&k_new, old != NULL ? (long)&k_old : 0);
  if (r < 0) return (int)__syscall_ret(r);
  if (old != NULL) from_kernel_itimerval(old, &k_old);
  return 0;
}

/* alarm is ITIMER_REAL; it returns the seconds left on the previous alarm, rounded up. */
unsigned int alarm(unsigned int seconds) {
  struct itimerval value;
  struct itimerval old;
  value.it_interval.tv_sec = 0;
  value.it_interval.tv_usec = 0;
  value.it_value.tv_sec = seconds;
  value.it_value.tv_usec = 0;
  if (setitimer(ITIMER_REAL, &value, &old) < 0) return 0;
  return (unsigned int)old.it_value.tv_sec + (old.it_value.tv_usec > 0 ? 1 : 0);
}

/* Limits, usage and priorities. riscv32 has only prlimit64 (64-bit rlim_t, which is ours
   too); getrusage and wait4 get the kernel's rusage with 32-bit timevals and widen them;
   getpriority's raw result is 20 - nice, kept positive so it cannot look like an error. */
#include <errno.h>
#include <sys/resource.h>
#include <unistd.h>
#include "internal.h"

int prlimit(pid_t pid, int resource, const struct rlimit *new_limit, struct rlimit *old_limit) {
  return (int)__syscall_ret(__syscall4(SYS_prlimit64, pid, resource, (long)new_limit, (long)old_limit));
}

int getrlimit(int resource, struct rlimit *rlim) {
  return prlimit(0, resource, NULL, rlim);
}

int setrlimit(int resource, const struct rlimit *rlim) {
  return prlimit(0, resource, rlim, NULL);
}

void __rusage_from_kernel(struct rusage *to, const struct __kernel_rusage *from) {
  long *counters = &to->ru_maxrss;
  int i;
  to->ru_utime.tv_sec = from->utime_sec;
  to->ru_utime.tv_usec = from->utime_usec;
  to->ru_stime.tv_sec = from->stime_sec;
  to->ru_stime.tv_usec = from->stime_usec;
  for (i = 0; i < 14; i++) counters[i] = from->counters[i];
}

int getrusage(int who, struct rusage *usage) {
  struct __kernel_rusage k;
  long r = __syscall2(SYS_getrusage, who, (long)&k);
  if (r < 0) return (int)__syscall_ret(r);
  __rusage_from_kernel(usage, &k);
  return 0;
}

int getpriority(int which, id_t who) {
  long r = __syscall2(SYS_getpriority, which, (long)who);
  if (r < 0) return (int)__syscall_ret(r);
  return 20 - (int)r;
}

/* nice returns the new nice value; -1 is a legal result, so errno is the only error signal. */
int nice(int inc) {
  int current;
  errno = 0;
  current = getpriority(PRIO_PROCESS, 0);
  if (current == -1 && errno != 0) return -1;
  if (setpriority(PRIO_PROCESS, 0, current + inc) < 0) {
    if (errno == EACCES) errno = EPERM;
    return -1;
  }
  return getpriority(PRIO_PROCESS, 0);
}

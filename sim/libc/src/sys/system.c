/* Asking about the system: sysconf, host names, CPU affinity, randomness, process groups and
   the raw clone() entry. */
#include <errno.h>
#include <sched.h>
#include <stdarg.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/utsname.h>
#include "internal.h"

/* sched_getaffinity's syscall answers with the mask size it wrote; POSIX-style callers want 0,
   and the rest of their set cleared. */
int sched_getaffinity(pid_t pid, size_t size, cpu_set_t *set) {
  long r = __syscall3(SYS_sched_getaffinity, pid, (long)size, (long)set);
  if (r < 0) return (int)__syscall_ret(r);
  if ((size_t)r < size) memset((char *)set + r, 0, size - (size_t)r);
  return 0;
}

int __sched_cpucount(size_t size, const cpu_set_t *set) {
  int count = 0;
  size_t i;
  for (i = 0; i < size / sizeof(unsigned long); i++) {
    unsigned long word = set->__bits[i];
    while (word != 0) {
      word &= word - 1;
      count++;
    }
  }
  return count;
}

int sched_getcpu(void) {
  unsigned int cpu = 0;
  long r = __syscall3(SYS_getcpu, (long)&cpu, 0, 0);
  return r < 0 ? (int)__syscall_ret(r) : (int)cpu;
}

int sched_get_priority_max(int policy) {
  return (int)__syscall_ret(__syscall1(SYS_sched_get_priority_max, policy));
}

int sched_get_priority_min(int policy) {
  return (int)__syscall_ret(__syscall1(SYS_sched_get_priority_min, policy));
}

int sched_getscheduler(pid_t pid) {
  return (int)__syscall_ret(__syscall1(SYS_sched_getscheduler, pid));
}

int sched_setscheduler(pid_t pid, int policy, const struct sched_param *param) {
  return (int)__syscall_ret(__syscall3(SYS_sched_setscheduler, pid, policy, (long)param));
}

int sched_getparam(pid_t pid, struct sched_param *param) {
  return (int)__syscall_ret(__syscall2(SYS_sched_getparam, pid, (long)param));
}

int sched_setparam(pid_t pid, const struct sched_param *param) {
  return (int)__syscall_ret(__syscall2(SYS_sched_setparam, pid, (long)param));
}

static long online_processors(void) {
  cpu_set_t set;
  int count;
  if (sched_getaffinity(0, sizeof(set), &set) < 0) return 1;
  count = CPU_COUNT(&set);
  return count > 0 ? count : 1;
}

static long physical_pages(int available) {
  /* struct sysinfo's head: uptime, loads[3], totalram, freeram, ..., mem_unit at word 13. */
  unsigned long info[16];
  unsigned long long bytes;
  if (__syscall1(SYS_sysinfo, (long)info) < 0) return -1;
  bytes = (unsigned long long)info[available ? 5 : 4] * (info[13] != 0 ? info[13] : 1);
  return (long)(bytes / 4096);
}

static long open_file_limit(void) {
  struct rlimit limit;
  if (getrlimit(RLIMIT_NOFILE, &limit) < 0 || limit.rlim_cur == RLIM_INFINITY) return -1;
  return (long)limit.rlim_cur;
}

long sysconf(int name) {
  switch (name) {
  case _SC_PAGESIZE: return 4096;
  case _SC_CLK_TCK: return 100;
  case _SC_NPROCESSORS_ONLN:
  case _SC_NPROCESSORS_CONF: return online_processors();
  case _SC_PHYS_PAGES: return physical_pages(0);
  case _SC_AVPHYS_PAGES: return physical_pages(1);
  case _SC_OPEN_MAX: return open_file_limit();
  case _SC_ARG_MAX: return 131072;
  case _SC_CHILD_MAX: return -1;
  case _SC_NGROUPS_MAX: return 65536;
  case _SC_STREAM_MAX: return 16;
  case _SC_TZNAME_MAX: return 6;
  case _SC_JOB_CONTROL:
  case _SC_SAVED_IDS: return 1;
  case _SC_VERSION: return _POSIX_VERSION;
  case _SC_LINE_MAX: return 2048;
  case _SC_IOV_MAX: return 1024;
  case _SC_GETPW_R_SIZE_MAX: return 1024;
  case _SC_LOGIN_NAME_MAX: return 256;
  case _SC_TTY_NAME_MAX: return 32;
  case _SC_THREAD_KEYS_MAX: return __PTHREAD_KEYS;
  case _SC_THREAD_STACK_MIN: return 16384;
  case _SC_THREAD_THREADS_MAX: return -1;
  case _SC_HOST_NAME_MAX: return 64;
  default: errno = EINVAL; return -1;
  }
}

int gethostname(char *name, size_t len) {
  struct utsname info;
  size_t length;
  if (uname(&info) < 0) return -1;
  length = strlen(info.nodename);
  if (length + 1 > len) {
    errno = ENAMETOOLONG;
    return -1;
  }
  memcpy(name, info.nodename, length + 1);
  return 0;
}

/* getentropy promises all bytes or failure, at most 256 at a time. */
int getentropy(void *buf, size_t length) {
  size_t done = 0;
  if (length > 256) {
    errno = EIO;
    return -1;
  }
  while (done < length) {
    long r = __syscall3(SYS_getrandom, (long)((char *)buf + done), (long)(length - done), 0);
    if (r == -EINTR) continue;
    if (r < 0) return (int)__syscall_ret(r);
    done += (size_t)r;
  }
  return 0;
}

pid_t getpgrp(void) {
  return (pid_t)__syscall1(SYS_getpgid, 0);
}

int setpgrp(void) {
  return setpgid(0, 0);
}

pid_t tcgetpgrp(int fd) {
  int pgrp;
  long r = __syscall3(SYS_ioctl, fd, TIOCGPGRP, (long)&pgrp);
  return r < 0 ? (pid_t)__syscall_ret(r) : pgrp;
}

int tcsetpgrp(int fd, pid_t pgrp) {
  return (int)__syscall_ret(__syscall3(SYS_ioctl, fd, TIOCSPGRP, (long)&pgrp));
}

/* glibc's clone(fn, stack, flags, arg, [parent_tid, tls, child_tid]). */
int clone(int (*fn)(void *), void *stack, int flags, void *arg, ...) {
  va_list ap;
  int *parent_tid;
  void *tls;
  int *child_tid;
  va_start(ap, arg);
  parent_tid = va_arg(ap, int *);
  tls = va_arg(ap, void *);
  child_tid = va_arg(ap, int *);
  va_end(ap);
  return (int)__syscall_ret(__clone(fn, stack, flags, arg, parent_tid, tls, child_tid));
}

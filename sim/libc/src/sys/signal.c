/* Signals on the rt_sig* calls. A sigset_t is 1024 bits for the program but the riscv32 kernel
   reads and writes only the first 64, and its struct sigaction is (handler, flags, mask) with
   no sa_restorer: returning from a handler goes through the kernel's own trampoline. */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include "internal.h"

#define SIGSET_WORDS ((int)(sizeof(sigset_t) / sizeof(unsigned long)))
#define BITS_PER_WORD (8 * (int)sizeof(unsigned long))

static int valid_signal(int sig) {
  return sig >= 1 && sig < NSIG;
}

int sigemptyset(sigset_t *set) {
  int i;
  for (i = 0; i < SIGSET_WORDS; i++) set->__val[i] = 0;
  return 0;
}

/* Only the kernel's 64 signals are meaningful; the spare words stay clear. */
int sigfillset(sigset_t *set) {
  int i;
  for (i = 0; i < SIGSET_WORDS; i++) set->__val[i] = i < 2 ? ~0ul : 0;
  return 0;
}

int sigaddset(sigset_t *set, int sig) {
  if (!valid_signal(sig)) {
    errno = EINVAL;
    return -1;
  }
  set->__val[(sig - 1) / BITS_PER_WORD] |= 1ul << ((sig - 1) % BITS_PER_WORD);
  return 0;
}

int sigdelset(sigset_t *set, int sig) {
  if (!valid_signal(sig)) {
    errno = EINVAL;
    return -1;
  }
  set->__val[(sig - 1) / BITS_PER_WORD] &= ~(1ul << ((sig - 1) % BITS_PER_WORD));
  return 0;
}

int sigismember(const sigset_t *set, int sig) {
  if (!valid_signal(sig)) {
    errno = EINVAL;
    return -1;
  }
  return (set->__val[(sig - 1) / BITS_PER_WORD] >> ((sig - 1) % BITS_PER_WORD)) & 1;
}

int sigaction(int sig, const struct sigaction *act, struct sigaction *oldact) {
  struct __kernel_sigaction kernel_new;
  struct __kernel_sigaction kernel_old;
  long r;
  memset(&kernel_new, 0, sizeof(kernel_new));
  if (act != NULL) {
    kernel_new.handler = (void *)act->sa_handler;
    kernel_new.flags = (unsigned long)act->sa_flags;
    kernel_new.mask[0] = act->sa_mask.__val[0];
    kernel_new.mask[1] = act->sa_mask.__val[1];
  }
  r = __syscall4(SYS_rt_sigaction, sig, act != NULL ? (long)&kernel_new : 0,
                 oldact != NULL ? (long)&kernel_old : 0, __SIGSET_BYTES);
  if (r < 0) return (int)__syscall_ret(r);
  if (oldact != NULL) {
    memset(oldact, 0, sizeof(*oldact));
    oldact->sa_handler = (sighandler_t)kernel_old.handler;
    oldact->sa_flags = (int)kernel_old.flags;
    oldact->sa_mask.__val[0] = kernel_old.mask[0];
    oldact->sa_mask.__val[1] = kernel_old.mask[1];
  }
  return 0;
}

/* BSD semantics, as glibc gives: the handler stays installed and slow calls restart. */
sighandler_t signal(int sig, sighandler_t handler) {
  struct sigaction act;
  struct sigaction old;
  memset(&act, 0, sizeof(act));
  act.sa_handler = handler;
  act.sa_flags = SA_RESTART;
  if (sigaction(sig, &act, &old) < 0) return SIG_ERR;
  return old.sa_handler;
}

int siginterrupt(int sig, int flag) {
  struct sigaction act;
  if (sigaction(sig, NULL, &act) < 0) return -1;
  if (flag) act.sa_flags &= ~SA_RESTART;
  else act.sa_flags |= SA_RESTART;
  return sigaction(sig, &act, NULL);
}

static void clear_spare_words(sigset_t *set) {
  int i;
  for (i = 2; i < SIGSET_WORDS; i++) set->__val[i] = 0;
}

int pthread_sigmask(int how, const sigset_t *set, sigset_t *oldset) {
  long r = __syscall4(SYS_rt_sigprocmask, how, (long)set, (long)oldset, __SIGSET_BYTES);
  if (r < 0) return (int)-r;
  if (oldset != NULL) clear_spare_words(oldset);
  return 0;
}

int sigprocmask(int how, const sigset_t *set, sigset_t *oldset) {
  int error = pthread_sigmask(how, set, oldset);
  if (error != 0) {
    errno = error;
    return -1;
  }
  return 0;
}

int sigpending(sigset_t *set) {
  long r = __syscall2(SYS_rt_sigpending, (long)set, __SIGSET_BYTES);
  if (r < 0) return (int)__syscall_ret(r);
  clear_spare_words(set);
  return 0;
}

int sigsuspend(const sigset_t *mask) {
  return (int)__syscall_ret(__syscall2(SYS_rt_sigsuspend, (long)mask, __SIGSET_BYTES));
}

int sigtimedwait(const sigset_t *set, siginfo_t *info, const struct timespec *timeout) {
  struct __kernel_timespec kernel_timeout;
  return (int)__syscall_ret(__syscall4(SYS_rt_sigtimedwait_time64, (long)set, (long)info,
                                       (long)__to_kernel_timespec(timeout, &kernel_timeout), __SIGSET_BYTES));
}

int sigwaitinfo(const sigset_t *set, siginfo_t *info) {
  return sigtimedwait(set, info, NULL);
}

int sigwait(const sigset_t *set, int *sig) {
  long r;
  do r = __syscall4(SYS_rt_sigtimedwait_time64, (long)set, 0, 0, __SIGSET_BYTES);
  while (r == -EINTR);
  if (r < 0) return (int)-r;
  *sig = (int)r;
  return 0;
}

int raise(int sig) {
  long pid = __syscall0(SYS_getpid);
  long tid = __syscall0(SYS_gettid);
  return (int)__syscall_ret(__syscall3(SYS_tgkill, pid, tid, sig));
}

int killpg(pid_t pgrp, int sig) {
  if (pgrp < 0) {
    errno = EINVAL;
    return -1;
  }
  return kill(-pgrp, sig);
}

int pthread_kill(pthread_t thread, int sig) {
  struct __pthread *target = (struct __pthread *)thread;
  long r;
  if (target->tid == 0) return ESRCH;
  r = __syscall3(SYS_tgkill, __syscall0(SYS_getpid), target->tid, sig);
  return r < 0 ? (int)-r : 0;
}

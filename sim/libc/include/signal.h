/* Signals with the asm-generic numbers riscv uses. struct sigaction is glibc's user-side shape;
   src/sys/signal.c converts it to the kernel's riscv layout (handler, flags, 64-bit mask; no
   sa_restorer: the kernel returns from handlers through its own vDSO trampoline). */
#ifndef _SIGNAL_H
#define _SIGNAL_H

#include <bits/types.h>
#include <bits/sigset.h>
#include <bits/pthreadtypes.h>
#include <bits/timespec.h>

typedef int sig_atomic_t;
typedef void (*sighandler_t)(int);

#define SIGHUP 1
#define SIGINT 2
#define SIGQUIT 3
#define SIGILL 4
#define SIGTRAP 5
#define SIGABRT 6
#define SIGIOT 6
#define SIGBUS 7
#define SIGFPE 8
#define SIGKILL 9
#define SIGUSR1 10
#define SIGSEGV 11
#define SIGUSR2 12
#define SIGPIPE 13
#define SIGALRM 14
#define SIGTERM 15
#define SIGSTKFLT 16
#define SIGCHLD 17
#define SIGCONT 18
#define SIGSTOP 19
#define SIGTSTP 20
#define SIGTTIN 21
#define SIGTTOU 22
#define SIGURG 23
#define SIGXCPU 24
#define SIGXFSZ 25
#define SIGVTALRM 26
#define SIGPROF 27
#define SIGWINCH 28
#define SIGIO 29
#define SIGPOLL SIGIO
#define SIGPWR 30
#define SIGSYS 31
#define SIGRTMIN 34
#define SIGRTMAX 64
#define NSIG 65
#define _NSIG 65

#define SIG_DFL ((sighandler_t)0)
#define SIG_IGN ((sighandler_t)1)
#define SIG_ERR ((sighandler_t)-1)

#define SIG_BLOCK 0
#define SIG_UNBLOCK 1
#define SIG_SETMASK 2

#define SA_NOCLDSTOP 0x00000001
#define SA_NOCLDWAIT 0x00000002
#define SA_SIGINFO 0x00000004
#define SA_ONSTACK 0x08000000
#define SA_RESTART 0x10000000
#define SA_NODEFER 0x40000000
#define SA_RESETHAND 0x80000000
#define SA_NOMASK SA_NODEFER
#define SA_ONESHOT SA_RESETHAND

#define SS_ONSTACK 1
#define SS_DISABLE 2
#define MINSIGSTKSZ 2048
#define SIGSTKSZ 8192

/* si_code values. */
#define SI_USER 0
#define SI_KERNEL 0x80
#define SI_QUEUE (-1)
#define SI_TIMER (-2)
#define SI_TKILL (-6)
#define CLD_EXITED 1
#define CLD_KILLED 2
#define CLD_DUMPED 3
#define CLD_TRAPPED 4
#define CLD_STOPPED 5
#define CLD_CONTINUED 6
#define SEGV_MAPERR 1
#define SEGV_ACCERR 2
#define BUS_ADRALN 1
#define BUS_ADRERR 2
#define ILL_ILLOPC 1
#define FPE_INTDIV 1
#define TRAP_BRKPT 1

union sigval {
  int sival_int;
  void *sival_ptr;
};

/* The kernel's 128-byte siginfo; the union starts after three ints on 32-bit machines. */
typedef struct {
  int si_signo;
  int si_errno;
  int si_code;
  union {
    int __pad[29];
    struct {
      pid_t si_pid;
      uid_t si_uid;
      int si_status;
      clock_t si_utime;
      clock_t si_stime;
    } __sigchld;
    struct {
      pid_t si_pid;
      uid_t si_uid;
      union sigval si_value;
    } __rt;
    struct {
      int si_timerid;
      int si_overrun;
      union sigval si_value;
    } __timer;
    struct {
      void *si_addr;
    } __sigfault;
    struct {
      long si_band;
      int si_fd;
    } __sigpoll;
  } __fields;
} siginfo_t;

#define si_pid __fields.__sigchld.si_pid
#define si_uid __fields.__sigchld.si_uid
#define si_status __fields.__sigchld.si_status
#define si_utime __fields.__sigchld.si_utime
#define si_stime __fields.__sigchld.si_stime
#define si_value __fields.__rt.si_value
#define si_int __fields.__rt.si_value.sival_int
#define si_ptr __fields.__rt.si_value.sival_ptr
#define si_timerid __fields.__timer.si_timerid
#define si_overrun __fields.__timer.si_overrun
#define si_addr __fields.__sigfault.si_addr
#define si_band __fields.__sigpoll.si_band
#define si_fd __fields.__sigpoll.si_fd

struct sigaction {
  union {
    sighandler_t sa_handler;
    void (*sa_sigaction)(int, siginfo_t *, void *);
  } __sigaction_handler;
  sigset_t sa_mask;
  int sa_flags;
  void (*sa_restorer)(void);
};
#define sa_handler __sigaction_handler.sa_handler
#define sa_sigaction __sigaction_handler.sa_sigaction

typedef struct {
  void *ss_sp;
  int ss_flags;
  size_t ss_size;
} stack_t;

#define SIGEV_SIGNAL 0
#define SIGEV_NONE 1
#define SIGEV_THREAD 2
#define SIGEV_THREAD_ID 4

struct sigevent {
  union sigval sigev_value;
  int sigev_signo;
  int sigev_notify;
  int __pad[13];
};

sighandler_t signal(int sig, sighandler_t handler);
int sigaction(int sig, const struct sigaction *act, struct sigaction *oldact);
int sigprocmask(int how, const sigset_t *set, sigset_t *oldset);
int pthread_sigmask(int how, const sigset_t *set, sigset_t *oldset);
int sigpending(sigset_t *set);
int sigsuspend(const sigset_t *mask);
int sigwait(const sigset_t *set, int *sig);
int sigwaitinfo(const sigset_t *set, siginfo_t *info);
int sigtimedwait(const sigset_t *set, siginfo_t *info, const struct timespec *timeout);
int sigaltstack(const stack_t *ss, stack_t *old_ss);
int sigemptyset(sigset_t *set);
int sigfillset(sigset_t *set);
int sigaddset(sigset_t *set, int sig);
int sigdelset(sigset_t *set, int sig);
int sigismember(const sigset_t *set, int sig);
int kill(pid_t pid, int sig);
int killpg(pid_t pgrp, int sig);
int raise(int sig);
int tgkill(pid_t tgid, pid_t tid, int sig);
int pthread_kill(pthread_t thread, int sig);
int siginterrupt(int sig, int flag);

#endif

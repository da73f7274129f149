/* Signal handling through sigaction (the kernel's riscv layout), masks, pending sets, and the
   ucontext a SA_SIGINFO handler receives (which must match <ucontext.h>'s offsets). */
#include <errno.h>
#include <signal.h>
#include <ucontext.h>
#include <unistd.h>
#include "test.h"

static volatile sig_atomic_t usr1_count;
static volatile int sender_pid;
static volatile int usr2_was_blocked;
static volatile unsigned long handler_sp;
static volatile unsigned long handler_pc;

static void on_usr1(int sig, siginfo_t *info, void *context) {
  ucontext_t *uc = context;
  usr1_count += sig == SIGUSR1;
  sender_pid = info->si_pid;
  usr2_was_blocked = sigismember(&uc->uc_sigmask, SIGUSR2);
  handler_sp = uc->uc_mcontext.__gregs[REG_SP];
  handler_pc = uc->uc_mcontext.__gregs[REG_PC];
}

static void test_siginfo_handler(void) {
  struct sigaction act, old;
  sigset_t mask;
  int local;
  memset(&act, 0, sizeof(act));
  act.sa_sigaction = on_usr1;
  act.sa_flags = SA_SIGINFO;
  ASSERT(0, sigaction(SIGUSR1, &act, NULL));
  sigemptyset(&mask);
  sigaddset(&mask, SIGUSR2);
  ASSERT(0, sigprocmask(SIG_BLOCK, &mask, NULL));
  ASSERT(0, kill(getpid(), SIGUSR1));
  ASSERT(1, usr1_count);
  ASSERT(getpid(), sender_pid);
  ASSERT(1, usr2_was_blocked);
  ASSERT(1, handler_sp < (unsigned long)&local && (unsigned long)&local - handler_sp < 4096);
  ASSERT(1, handler_pc != 0);
  ASSERT(0, sigprocmask(SIG_UNBLOCK, &mask, NULL));
  ASSERT(0, sigaction(SIGUSR1, NULL, &old));
  ASSERT(SA_SIGINFO, old.sa_flags & SA_SIGINFO);
  ASSERT(1, old.sa_sigaction == on_usr1);
}

static volatile int usr2_count;
static void on_usr2(int sig) {
  usr2_count += sig == SIGUSR2;
}

static void test_mask_and_pending(void) {
  sigset_t mask, pending;
  ASSERT(1, signal(SIGUSR2, on_usr2) == SIG_DFL);
  sigemptyset(&mask);
  sigaddset(&mask, SIGUSR2);
  sigprocmask(SIG_BLOCK, &mask, NULL);
  raise(SIGUSR2);
  ASSERT(0, usr2_count);
  ASSERT(0, sigpending(&pending));
  ASSERT(1, sigismember(&pending, SIGUSR2));
  ASSERT(0, sigismember(&pending, SIGUSR1));
  sigprocmask(SIG_UNBLOCK, &mask, NULL);
  ASSERT(1, usr2_count);
  ASSERT(1, signal(SIGUSR2, SIG_IGN) == on_usr2);
  raise(SIGUSR2);
  ASSERT(1, usr2_count);
}

static void test_sigset_operations(void) {
  sigset_t set;
  sigfillset(&set);
  ASSERT(1, sigismember(&set, SIGKILL));
  ASSERT(1, sigismember(&set, 64));
  ASSERT(0, sigdelset(&set, SIGKILL));
  ASSERT(0, sigismember(&set, SIGKILL));
  ASSERT(-1, sigaddset(&set, 0));
  ASSERT(EINVAL, errno);
  ASSERT(-1, sigaddset(&set, 65));
  ASSERT(-1, sigaction(SIGKILL, NULL, NULL) == 0 ? -1 : 0);
}

static volatile int alarms;
static void on_alarm(int sig) {
  alarms += sig == SIGALRM;
}

static void test_alarm_and_pause(void) {
  signal(SIGALRM, on_alarm);
  ASSERT(0, alarm(1));
  ASSERT(1, alarm(1) >= 1);
  ASSERT(-1, pause());
  ASSERT(EINTR, errno);
  ASSERT(1, alarms);
}

static void test_sigwait(void) {
  sigset_t set;
  int sig = 0;
  sigemptyset(&set);
  sigaddset(&set, SIGUSR1);
  sigprocmask(SIG_BLOCK, &set, NULL);
  kill(getpid(), SIGUSR1);
  ASSERT(0, sigwait(&set, &sig));
  ASSERT(SIGUSR1, sig);
}

int main(void) {
  test_siginfo_handler();
  test_mask_and_pending();
  test_sigset_operations();
  test_alarm_and_pause();
  test_sigwait();
  return test_done();
}

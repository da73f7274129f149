/* Struct sizes and field offsets that must match riscv32 Linux (the kernel's records) or
   riscv32 glibc (what compiled programs and debuggers expect). */
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stddef.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <sys/utsname.h>
#include <termios.h>
#include <time.h>
#include <ucontext.h>
#include "test.h"

int main(void) {
  /* 64-bit time everywhere: riscv32 is a time64 ABI. */
  ASSERT(8, sizeof(time_t));
  ASSERT(8, sizeof(off_t));
  ASSERT(16, sizeof(struct timespec));
  ASSERT(8, offsetof(struct timespec, tv_nsec));
  ASSERT(16, sizeof(struct timeval));
  /* struct stat is the kernel's asm-generic stat64. */
  ASSERT(128, sizeof(struct stat));
  ASSERT(8, offsetof(struct stat, st_ino));
  ASSERT(16, offsetof(struct stat, st_mode));
  ASSERT(32, offsetof(struct stat, st_rdev));
  ASSERT(48, offsetof(struct stat, st_size));
  ASSERT(56, offsetof(struct stat, st_blksize));
  ASSERT(64, offsetof(struct stat, st_blocks));
  ASSERT(72, offsetof(struct stat, st_atim));
  ASSERT(88, offsetof(struct stat, st_mtim));
  ASSERT(104, offsetof(struct stat, st_ctim));
  ASSERT(32, sizeof(struct flock));
  ASSERT(8, offsetof(struct flock, l_start));
  /* Signals: glibc's 1024-bit sigset_t; the kernel's 128-byte siginfo. */
  ASSERT(128, sizeof(sigset_t));
  ASSERT(128, sizeof(siginfo_t));
  ASSERT(12, offsetof(siginfo_t, si_pid));
  ASSERT(20, offsetof(siginfo_t, si_status));
  ASSERT(12, offsetof(siginfo_t, si_addr));
  ASSERT(12, sizeof(stack_t));
  ASSERT(4, offsetof(struct sigaction, sa_mask));
  ASSERT(132, offsetof(struct sigaction, sa_flags));
  /* ucontext_t as the kernel builds it for a SA_SIGINFO handler. */
  ASSERT(4, offsetof(ucontext_t, uc_link));
  ASSERT(8, offsetof(ucontext_t, uc_stack));
  ASSERT(20, offsetof(ucontext_t, uc_sigmask));
  ASSERT(160, offsetof(ucontext_t, uc_mcontext));
  ASSERT(288, offsetof(ucontext_t, uc_mcontext.__fpregs));
  /* pthread objects keep glibc's rv32 sizes. */
  ASSERT(24, sizeof(pthread_mutex_t));
  ASSERT(48, sizeof(pthread_cond_t));
  ASSERT(36, sizeof(pthread_attr_t));
  ASSERT(32, sizeof(pthread_rwlock_t));
  ASSERT(16, sizeof(sem_t));
  ASSERT(128, sizeof(cpu_set_t));
  /* Descriptors and readiness. */
  ASSERT(128, sizeof(fd_set));
  ASSERT(8, sizeof(struct pollfd));
  ASSERT(6, offsetof(struct pollfd, revents));
  ASSERT(16, sizeof(struct epoll_event));
  ASSERT(8, sizeof(struct iovec));
  /* Resources, names, terminals, calendar. */
  ASSERT(16, sizeof(struct rlimit));
  ASSERT(88, sizeof(struct rusage));
  ASSERT(32, offsetof(struct rusage, ru_maxrss));
  ASSERT(390, sizeof(struct utsname));
  ASSERT(60, sizeof(struct termios));
  ASSERT(17, offsetof(struct termios, c_cc));
  ASSERT(52, offsetof(struct termios, c_ispeed));
  ASSERT(44, sizeof(struct tm));
  ASSERT(32, sizeof(struct itimerval));
  return test_done();
}

/* Process start-up (crt0 + __libc_start_main): arguments, environment, the main thread's
   control block behind tp (errno, pthread_self), the raw syscall() entry and the break. Uses
   only calls oslab's kernel already has, so it also runs on the simulated machine. */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "test.h"

int main(int argc, char **argv, char **envp) {
  char *start;
  char byte;
  ASSERT(3, argc);
  ASSERT(0, strcmp(argv[1], "one"));
  ASSERT(0, strcmp(argv[2], "two"));
  ASSERT(0, (long)argv[argc]);
  ASSERT(1, environ == envp);
  ASSERT(1, &errno == __errno_location());
  ASSERT(1, pthread_self() != 0);
  ASSERT(1, pthread_equal(pthread_self(), pthread_self()));
  ASSERT(getpid(), gettid());
  ASSERT(getppid(), syscall(SYS_getppid));
  errno = 0;
  ASSERT(-1, syscall(4000));
  ASSERT(ENOSYS, errno);
  ASSERT(-1, read(-1, &byte, 1));
  ASSERT(EBADF, errno);
  start = sbrk(0);
  ASSERT(start, sbrk(8192));
  start[8191] = 1;
  ASSERT(start + 8192, sbrk(0));
  ASSERT(0, brk(start + 4096));
  ASSERT(start + 4096, sbrk(0));
  return test_done();
}

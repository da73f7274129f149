// A parent forks 120 children and keeps a pipe open (close-on-exec): most children exit at
// once with status i % 100, every tenth sleeps first, one dies of SIGSEGV. The parent ignores
// SIGPIPE and handles SIGUSR1, naps before reaping (a tree of 121 processes, zombies among them),
// then reaps them all: what the Processes panel shows for a busy process tree.
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define CHILDREN 120

static void on_usr1(int signal) { (void)signal; }

int main(void) {
  signal(SIGPIPE, SIG_IGN);
  signal(SIGUSR1, on_usr1);
  pid_t children[CHILDREN];
  for (int i = 0; i < CHILDREN; i++) {
    pid_t pid = fork();
    if (pid == 0) {
      if (i == 7) *(volatile int *)0 = 1;
      if (i % 10 == 0) {
        struct timespec nap = {0, 20000000};
        nanosleep(&nap, NULL);
      }
      _exit(i % 100);
    }
    children[i] = pid;
  }
  int pipe_fds[2];
  pipe2(pipe_fds, O_CLOEXEC);
  struct timespec nap = {0, 1000000};
  nanosleep(&nap, NULL);
  for (int i = 0; i < CHILDREN; i++) waitpid(children[i], NULL, 0);
  return 0;
}

/* fork, the wait family's status encoding, pipes between processes, exec errors. */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#include "test.h"

static int exit_status_of_child(int code) {
  int status = -1;
  pid_t pid = fork();
  if (pid == 0) _exit(code);
  ASSERT(pid, waitpid(pid, &status, 0));
  return status;
}

static void test_exit_statuses(void) {
  int status = exit_status_of_child(0);
  ASSERT(1, WIFEXITED(status));
  ASSERT(0, WEXITSTATUS(status));
  status = exit_status_of_child(7);
  ASSERT(1, WIFEXITED(status));
  ASSERT(0, WIFSIGNALED(status));
  ASSERT(7, WEXITSTATUS(status));
  status = exit_status_of_child(255);
  ASSERT(255, WEXITSTATUS(status));
}

static void test_killed_child(void) {
  int status = 0;
  int ready[2];
  char byte;
  pid_t pid;
  ASSERT(0, pipe(ready));
  pid = fork();
  if (pid == 0) {
    write(ready[1], "r", 1);
    for (;;) pause();
  }
  ASSERT(1, read(ready[0], &byte, 1));
  ASSERT(0, kill(pid, SIGTERM));
  ASSERT(pid, waitpid(pid, &status, 0));
  ASSERT(0, WIFEXITED(status));
  ASSERT(1, WIFSIGNALED(status));
  ASSERT(SIGTERM, WTERMSIG(status));
  ASSERT(0, WCOREDUMP(status));
  close(ready[0]);
  close(ready[1]);
}

static void test_raise_in_child(void) {
  int status = 0;
  pid_t pid = fork();
  if (pid == 0) {
    raise(SIGKILL);
    _exit(99);
  }
  ASSERT(pid, wait(&status));
  ASSERT(1, WIFSIGNALED(status));
  ASSERT(SIGKILL, WTERMSIG(status));
}

static void test_wnohang_and_echild(void) {
  int status = 0;
  int go[2];
  pid_t pid;
  ASSERT(0, pipe(go));
  pid = fork();
  if (pid == 0) {
    char byte;
    read(go[0], &byte, 1);
    _exit(3);
  }
  ASSERT(0, waitpid(pid, &status, WNOHANG));
  write(go[1], "g", 1);
  ASSERT(pid, waitpid(-1, &status, 0));
  ASSERT(3, WEXITSTATUS(status));
  errno = 0;
  ASSERT(-1, wait(&status));
  ASSERT(ECHILD, errno);
  close(go[0]);
  close(go[1]);
}

/* The child learns its parent's pid and sends back its own through a pipe. */
static void test_ids_through_pipe(void) {
  int to_parent[2];
  pid_t parent = getpid();
  pid_t reported = 0;
  pid_t pid;
  ASSERT(0, pipe(to_parent));
  pid = fork();
  if (pid == 0) {
    pid_t me = getpid();
    close(to_parent[0]);
    write(to_parent[1], &me, sizeof(me));
    _exit(getppid() == parent ? 0 : 1);
  }
  close(to_parent[1]);
  ASSERT(sizeof(reported), read(to_parent[0], &reported, sizeof(reported)));
  ASSERT(pid, reported);
  ASSERT(0, read(to_parent[0], &reported, sizeof(reported)));
  ASSERT(pid, waitpid(pid, NULL, 0));
  close(to_parent[0]);
  ASSERT(getpid(), gettid());
}

static void test_exec_errors(void) {
  char *argv[] = {"nothing-here", NULL};
  errno = 0;
  ASSERT(-1, execvp("oslab-no-such-program", argv));
  ASSERT(ENOENT, errno);
  errno = 0;
  ASSERT(-1, execl("/oslab/no/such/file", "x", (char *)NULL));
  ASSERT(ENOENT, errno);
}

/* Memory written before fork is copied, and a child's writes stay in the child. */
static void test_copy_on_fork(void) {
  static int shared_value = 5;
  int status = 0;
  pid_t pid = fork();
  if (pid == 0) {
    shared_value = 9;
    _exit(shared_value);
  }
  waitpid(pid, &status, 0);
  ASSERT(9, WEXITSTATUS(status));
  ASSERT(5, shared_value);
}

/* A stopped child reports WIFSTOPPED under WUNTRACED, a continued one WIFCONTINUED. */
static void test_stop_and_continue(void) {
  int status = 0;
  struct rusage usage;
  pid_t pid = fork();
  if (pid == 0) {
    for (;;) pause();
  }
  ASSERT(0, kill(pid, SIGSTOP));
  ASSERT(pid, waitpid(pid, &status, WUNTRACED));
  ASSERT(1, WIFSTOPPED(status));
  ASSERT(SIGSTOP, WSTOPSIG(status));
  ASSERT(0, WIFEXITED(status));
  ASSERT(0, WIFSIGNALED(status));
  ASSERT(0, kill(pid, SIGCONT));
  ASSERT(pid, waitpid(pid, &status, WCONTINUED));
  ASSERT(1, WIFCONTINUED(status));
  ASSERT(0, kill(pid, SIGKILL));
  ASSERT(pid, wait4(pid, &status, 0, &usage));
  ASSERT(SIGKILL, WTERMSIG(status));
  ASSERT(1, usage.ru_utime.tv_usec >= 0 && usage.ru_utime.tv_usec < 1000000);
  ASSERT(1, usage.ru_stime.tv_sec >= 0 && usage.ru_stime.tv_sec < 100);
}

int main(void) {
  test_exit_statuses();
  test_killed_child();
  test_raise_in_child();
  test_wnohang_and_echild();
  test_ids_through_pipe();
  test_exec_errors();
  test_copy_on_fork();
  test_stop_and_continue();
  return test_done();
}

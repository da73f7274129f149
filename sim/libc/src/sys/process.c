/* Creating and replacing processes: fork is clone(SIGCHLD) (riscv32 has no fork call), the
   exec family funnels into execve, and execvp searches PATH as POSIX describes. */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <unistd.h>
#include "internal.h"

#define MAX_EXEC_ARGS 256
#define MAX_PATH 4096

pid_t fork(void) {
  long r = __syscall5(SYS_clone, SIGCHLD, 0, 0, 0, 0);
  /* The child is a copy of this thread; its control block must carry the child's own tid. */
  if (r == 0) {
    __pthread_self()->tid = (int)__syscall0(SYS_gettid);
    __pthread_reset_after_fork();
  }
  return (pid_t)__syscall_ret(r);
}

/* A copying fork is a correct vfork: the child may do anything a vfork child may. */
pid_t vfork(void) {
  return fork();
}

int execv(const char *path, char *const argv[]) {
  return execve(path, argv, environ);
}

/* Tries each PATH directory in turn. EACCES from one is remembered but the search goes on,
   since a later directory may hold an executable of the same name. */
int execvpe(const char *file, char *const argv[], char *const envp[]) {
  const char *search;
  char candidate[MAX_PATH];
  int saw_eacces = 0;
  size_t file_length = strlen(file);
  if (file_length == 0) {
    errno = ENOENT;
    return -1;
  }
  if (strchr(file, '/') != NULL) return execve(file, argv, envp);
  search = getenv("PATH");
  if (search == NULL) search = "/usr/local/bin:/bin:/usr/bin";
  for (;;) {
    const char *end = strchr(search, ':');
    size_t dir_length = end != NULL ? (size_t)(end - search) : strlen(search);
    if (dir_length + 1 + file_length + 1 <= sizeof(candidate)) {
      size_t at = 0;
      if (dir_length == 0) candidate[at++] = '.';
      memcpy(candidate + at, search, dir_length);
      at += dir_length;
      candidate[at++] = '/';
      memcpy(candidate + at, file, file_length + 1);
      execve(candidate, argv, envp);
      if (errno == EACCES) saw_eacces = 1;
      else if (errno != ENOENT && errno != ENOTDIR) return -1;
    }
    if (end == NULL) break;
    search = end + 1;
  }
  errno = saw_eacces ? EACCES : ENOENT;
  return -1;
}

int execvp(const char *file, char *const argv[]) {
  return execvpe(file, argv, environ);
}

/* Collects execl's variadic list (arg0, ..., NULL) into argv; returns -1 with E2BIG when the
   list is longer than MAX_EXEC_ARGS. `ap` is left just past the terminating NULL. */
static int collect_args(char **argv, const char *arg0, va_list *ap) {
  int count = 0;
  const char *next = arg0;
  while (next != NULL) {
    if (count == MAX_EXEC_ARGS - 1) {
      errno = E2BIG;
      return -1;
    }
    argv[count++] = (char *)next;
    next = va_arg(*ap, const char *);
  }
  argv[count] = NULL;
  return 0;
}

int execl(const char *path, const char *arg, ...) {
  char *argv[MAX_EXEC_ARGS];
  va_list ap;
  int ok;
  va_start(ap, arg);
  ok = collect_args(argv, arg, &ap);
  va_end(ap);
  return ok < 0 ? -1 : execve(path, argv, environ);
}

int execlp(const char *file, const char *arg, ...) {
  char *argv[MAX_EXEC_ARGS];
  va_list ap;
  int ok;
  va_start(ap, arg);
  ok = collect_args(argv, arg, &ap);
  va_end(ap);
  return ok < 0 ? -1 : execvp(file, argv);
}

/* execle's environment follows the NULL that ends the arguments. */
int execle(const char *path, const char *arg, ...) {
  char *argv[MAX_EXEC_ARGS];
  char **envp;
  va_list ap;
  int ok;
  va_start(ap, arg);
  ok = collect_args(argv, arg, &ap);
  envp = va_arg(ap, char **);
  va_end(ap);
  return ok < 0 ? -1 : execve(path, argv, envp);
}

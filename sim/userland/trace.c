/* trace: strace for the simulated machine. Runs COMMAND with the kernel's tracer on it (and on
   what it forks), as ftrace is driven: the child stops itself, its pid goes into
   /sys/kernel/tracing/set_event_pid, and it is continued; every line of trace_pipe then goes
   to stderr (or to -o FILE) until the traced processes have ended. Exits with COMMAND's
   status, as strace does. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define TRACING "/sys/kernel/tracing"

static void usage(void) {
  fprintf(stderr, "usage: trace [-o FILE] COMMAND [ARG]...\n");
  exit(2);
}

/* Starts the command stopped, so no call of it goes untraced. */
static pid_t start_stopped(char **argv) {
  pid_t child = fork();
  if (child < 0) {
    perror("trace: fork");
    exit(1);
  }
  if (child == 0) {
    raise(SIGSTOP);
    execvp(argv[0], argv);
    fprintf(stderr, "trace: %s: %s\n", argv[0], strerror(errno));
    _exit(127);
  }
  int status;
  if (waitpid(child, &status, WUNTRACED) != child || !WIFSTOPPED(status)) {
    fprintf(stderr, "trace: the child did not stop\n");
    exit(1);
  }
  return child;
}

static void trace_pid(pid_t pid) {
  int fd = open(TRACING "/set_event_pid", O_WRONLY | O_TRUNC);
  if (fd < 0) {
    perror("trace: " TRACING "/set_event_pid");
    exit(1);
  }
  dprintf(fd, "%d\n", (int)pid);
  close(fd);
}

int main(int argc, char **argv) {
  int out = 2;
  int first = 1;
  if (first < argc && strcmp(argv[first], "-o") == 0) {
    if (first + 1 >= argc) usage();
    out = open(argv[first + 1], O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (out < 0) {
      fprintf(stderr, "trace: %s: %s\n", argv[first + 1], strerror(errno));
      return 1;
    }
    first += 2;
  }
  if (first >= argc) usage();
  int pipe_fd = open(TRACING "/trace_pipe", O_RDONLY);
  if (pipe_fd < 0) {
    perror("trace: " TRACING "/trace_pipe");
    return 1;
  }
  pid_t child = start_stopped(argv + first);
  trace_pid(child);
  kill(child, SIGCONT);
  char buf[4096];
  ssize_t n;
  while ((n = read(pipe_fd, buf, sizeof buf)) > 0) write(out, buf, (size_t)n);
  int status;
  while (waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return WEXITSTATUS(status);
}

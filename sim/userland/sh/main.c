/* sh: a small job-control shell in the manner of bash. It reads command lines from stdin (a
   `$ ` prompt, on stderr, only when stdin is a terminal or with -i), from a script file, or
   one line from `-c LINE`, and runs them (parse.c, jobs.c). The builtins that must change the
   shell itself live here: cd, pwd, exit, export, unset, jobs, fg, bg, wait and kill (which
   understands %N job numbers). At the end of its input it exits with the last status. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "sh.h"
#include "signames.h"

static const char *const builtins[] = {"cd", "pwd", "exit", "export", "unset", "jobs", "fg", "bg", "wait", "kill", NULL};

int is_builtin(const char *name) {
  for (int i = 0; builtins[i]; i++)
    if (strcmp(name, builtins[i]) == 0) return 1;
  return 0;
}

static int builtin_cd(struct command *c) {
  char cwd[1024];
  const char *dir = c->argc > 1 ? c->argv[1] : getenv("HOME");
  int print = 0;
  if (dir == NULL) dir = "/";
  if (strcmp(dir, "-") == 0) {
    dir = getenv("OLDPWD");
    if (dir == NULL) {
      fprintf(stderr, "sh: cd: OLDPWD not set\n");
      return 1;
    }
    print = 1;
  }
  if (getcwd(cwd, sizeof cwd) == NULL) cwd[0] = '\0';
  if (chdir(dir) < 0) {
    fprintf(stderr, "sh: cd: %s: %s\n", dir, strerror(errno));
    return 1;
  }
  setenv("OLDPWD", cwd, 1);
  if (getcwd(cwd, sizeof cwd)) setenv("PWD", cwd, 1);
  if (print) printf("%s\n", cwd);
  return 0;
}

static int builtin_pwd(void) {
  char cwd[1024];
  if (getcwd(cwd, sizeof cwd) == NULL) {
    fprintf(stderr, "sh: pwd: %s\n", strerror(errno));
    return 1;
  }
  printf("%s\n", cwd);
  return 0;
}

static int builtin_export(struct command *c) {
  for (int i = 1; i < c->argc; i++) {
    char *eq = strchr(c->argv[i], '=');
    if (eq == NULL) continue; /* every variable is already in the environment */
    *eq = '\0';
    setenv(c->argv[i], eq + 1, 1);
    *eq = '=';
  }
  if (c->argc == 1)
    for (char **e = environ; *e; e++) printf("export %s\n", *e);
  return 0;
}

/* fg and bg: continue a stopped (or running background) job in the foreground or background. */
static int builtin_fg_bg(struct command *c, int foreground) {
  const char *name = foreground ? "fg" : "bg";
  struct job *job = find_job(c->argc > 1 ? c->argv[1] : NULL);
  if (job == NULL) {
    fprintf(stderr, "sh: %s: %s: no such job\n", name, c->argc > 1 ? c->argv[1] : "current");
    return 1;
  }
  if (foreground) printf("%s\n", job->text);
  else printf("[%d]%c %s &\n", job->id, job_marker(job), job->text);
  fflush(stdout);
  if (foreground && job_control_tty) tcsetpgrp(STDIN_FILENO, job->pgid);
  if (job->state == JOB_STOPPED) kill(-job->pgid, SIGCONT);
  job->state = JOB_RUNNING;
  job->stopped = 0;
  return foreground ? wait_for_job(job) : 0;
}

static int builtin_wait(void) {
  wait_all_jobs();
  reap_jobs(interactive);
  return 0;
}

static int builtin_kill(struct command *c) {
  int sig = SIGTERM, i = 1, status = 0;
  if (c->argc < 2) {
    fprintf(stderr, "kill: usage: kill [-s sigspec | -sigspec] pid | jobspec ... or kill -l\n");
    return 2;
  }
  if (strcmp(c->argv[1], "-l") == 0) {
    print_signal_names();
    return 0;
  }
  if (strcmp(c->argv[1], "-s") == 0 && c->argc > 2) {
    sig = signal_number(c->argv[2]);
    i = 3;
  } else if (c->argv[1][0] == '-') {
    sig = signal_number(c->argv[1] + 1);
    i = 2;
  }
  if (sig < 0) {
    fprintf(stderr, "sh: kill: %s: invalid signal specification\n", c->argv[i - 1] + (i == 2));
    return 1;
  }
  for (; i < c->argc; i++) {
    const char *arg = c->argv[i];
    pid_t target;
    struct job *job = NULL;
    if (arg[0] == '%') {
      if ((job = find_job(arg)) == NULL) {
        fprintf(stderr, "sh: kill: %s: no such job\n", arg);
        status = 1;
        continue;
      }
      target = -job->pgid;
    } else {
      char *end;
      target = (pid_t)strtol(arg, &end, 10);
      if (*arg == '\0' || *end != '\0') {
        fprintf(stderr, "sh: kill: %s: arguments must be process or job IDs\n", arg);
        status = 1;
        continue;
      }
    }
    if (kill(target, sig) < 0) {
      fprintf(stderr, "sh: kill: (%s) - %s\n", arg, strerror(errno));
      status = 1;
    } else if (job && job->state == JOB_STOPPED && sig != SIGKILL && sig != SIGCONT) {
      kill(target, SIGCONT); /* a stopped job must run to take the signal */
    }
  }
  return status;
}

int run_builtin(struct command *c, int *handled) {
  const char *name = c->argv[0];
  *handled = 1;
  if (strcmp(name, "cd") == 0) return builtin_cd(c);
  if (strcmp(name, "pwd") == 0) return builtin_pwd();
  if (strcmp(name, "export") == 0) return builtin_export(c);
  if (strcmp(name, "unset") == 0) {
    for (int i = 1; i < c->argc; i++) unsetenv(c->argv[i]);
    return 0;
  }
  if (strcmp(name, "jobs") == 0) {
    reap_jobs(0);
    list_jobs();
    return 0;
  }
  if (strcmp(name, "fg") == 0 || strcmp(name, "bg") == 0) return builtin_fg_bg(c, name[0] == 'f');
  if (strcmp(name, "wait") == 0) return builtin_wait();
  if (strcmp(name, "kill") == 0) return builtin_kill(c);
  if (strcmp(name, "exit") == 0) {
    fflush(stdout);
    exit(c->argc > 1 ? atoi(c->argv[1]) & 255 : last_status);
  }
  *handled = 0;
  return 127;
}

/* Runs each pipeline of the line in turn, honouring && and ||; a syntax error stops the line. */
static void run_line(const char *line) {
  static struct pipeline p;
  int position = 0, r;
  enum connector previous = THEN;
  while ((r = parse_next(line, &position, &p)) > 0) {
    int skip = (previous == AND_THEN && last_status != 0) || (previous == OR_ELSE && last_status == 0);
    previous = p.next;
    if (skip) {
      parse_free();
      continue;
    }
    /* NAME=VALUE alone sets a variable (here: in the environment); before a command it is the
       command's alone, applied in the child (jobs.c) */
    for (int k = 0; k < p.command_count; k++) {
      struct command *c = &p.commands[k];
      int n = leading_assignments(c);
      if (n == c->argc || (n > 0 && is_builtin(c->argv[n]))) apply_assignments(c, n);
    }
    if (p.command_count == 1 && p.commands[0].argc == 0 && p.commands[0].redir_count == 0) last_status = 0;
    else last_status = run_pipeline(&p);
    parse_free();
  }
  if (r < 0) last_status = 2;
  parse_free();
}

/* One line from fd, byte by byte so that commands run later still find the rest of stdin. */
static int read_line(int fd, char *line, int size) {
  int n = 0;
  for (;;) {
    char c;
    long r = read(fd, &c, 1);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return n > 0 ? n : -1;
    if (c == '\n') break;
    if (n < size - 1) line[n++] = c;
  }
  line[n] = '\0';
  return n;
}

static void take_terminal(void) {
  signal(SIGINT, SIG_IGN);
  signal(SIGQUIT, SIG_IGN);
  signal(SIGTSTP, SIG_IGN);
  signal(SIGTTIN, SIG_IGN);
  signal(SIGTTOU, SIG_IGN);
  shell_pgid = getpid();
  if (!job_control_tty) return;
  setpgid(0, shell_pgid);
  tcsetpgrp(STDIN_FILENO, shell_pgid);
}

int main(int argc, char **argv) {
  static char line[LINE_MAX_BYTES];
  const char *command = NULL;
  int input = STDIN_FILENO, force_interactive = 0, i = 1;
  for (; i < argc && argv[i][0] == '-'; i++) {
    if (strcmp(argv[i], "-c") == 0 && i + 1 < argc) command = argv[++i];
    else if (strcmp(argv[i], "-i") == 0) force_interactive = 1;
    else {
      fprintf(stderr, "sh: %s: invalid option\nUsage: sh [-i] [-c command | file]\n", argv[i]);
      return 2;
    }
  }
  setenv("PATH", "/bin", 0);
  if (command) {
    run_line(command);
    return last_status;
  }
  if (i < argc && (input = open(argv[i], O_RDONLY | O_CLOEXEC)) < 0) {
    fprintf(stderr, "sh: %s: %s\n", argv[i], strerror(errno));
    return 127;
  }
  interactive = force_interactive || (input == STDIN_FILENO && isatty(STDIN_FILENO));
  job_control_tty = interactive && isatty(STDIN_FILENO);
  if (interactive) take_terminal();
  for (;;) {
    reap_jobs(interactive);
    if (interactive) fprintf(stderr, "$ ");
    if (read_line(input, line, sizeof line) < 0) break;
    run_line(line);
  }
  if (interactive) fprintf(stderr, "exit\n");
  return last_status;
}

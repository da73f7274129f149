/* Running pipelines and keeping the job table, as bash does with job control: every
   pipeline's processes share a new process group (its first process's pid); a foreground job
   gets the terminal (tcsetpgrp) while the shell waits for it, and the shell takes the terminal
   back when it finishes or stops; a background job is announced as `[N] PID` and reported
   `[N]+  Done  cmd` once reaped. Every child is collected through waitpid(-1, …), so a wait for
   the foreground job also notices background jobs that ended meanwhile. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "sh.h"

int last_status;
pid_t last_background_pid;
int interactive;
int job_control_tty;
pid_t shell_pgid;

static struct job jobs[MAX_JOBS];
static int current_job, previous_job; /* ids, for %+ and %- */

static struct job *job_by_id(int id) {
  for (int i = 0; i < MAX_JOBS; i++)
    if (jobs[i].id == id && id != 0) return &jobs[i];
  return NULL;
}

int job_marker(const struct job *job) {
  return job->id == current_job ? '+' : job->id == previous_job ? '-' : ' ';
}

static void make_current(int id) {
  if (id == current_job) return;
  previous_job = current_job;
  current_job = id;
}

/* The highest job id other than `except`: bash's next candidate for %+ or %-. */
static int most_recent_job(int except) {
  int best = 0;
  for (int i = 0; i < MAX_JOBS; i++)
    if (jobs[i].id > best && jobs[i].id != except) best = jobs[i].id;
  return best;
}

static void forget_job(struct job *job) {
  int id = job->id;
  job->id = 0;
  if (id == current_job) current_job = previous_job, previous_job = 0;
  else if (id == previous_job) previous_job = 0;
  if (current_job == 0) current_job = most_recent_job(0);
  if (previous_job == 0) previous_job = most_recent_job(current_job);
}

struct job *find_job(const char *spec) {
  if (spec == NULL || strcmp(spec, "%%") == 0 || strcmp(spec, "%+") == 0 || strcmp(spec, "%") == 0) return job_by_id(current_job);
  if (strcmp(spec, "%-") == 0) return job_by_id(previous_job);
  if (spec[0] == '%') spec++;
  char *end;
  long id = strtol(spec, &end, 10);
  return *end == '\0' ? job_by_id((int)id) : NULL;
}

/* A status in bash's words: "Done", "Exit 3", "Terminated", "Killed", "Stopped". */
static void describe(const struct job *job, char *buf, int size) {
  int status = job->statuses[job->count - 1];
  if (job->state == JOB_RUNNING) snprintf(buf, size, "Running");
  else if (job->state == JOB_STOPPED) snprintf(buf, size, "Stopped");
  else if (WIFSIGNALED(status)) snprintf(buf, size, "%s%s", strsignal(WTERMSIG(status)), WCOREDUMP(status) ? " (core dumped)" : "");
  else if (WEXITSTATUS(status) != 0) snprintf(buf, size, "Exit %d", WEXITSTATUS(status));
  else snprintf(buf, size, "Done");
}

void print_job(FILE *out, struct job *job) {
  char state[64];
  describe(job, state, sizeof state);
  fprintf(out, "[%d]%c  %-24s%s%s\n", job->id, job_marker(job), state, job->text, job->state == JOB_RUNNING ? " &" : "");
  fflush(out);
}

void list_jobs(void) {
  for (int i = 0; i < MAX_JOBS; i++)
    if (jobs[i].id) {
      print_job(stdout, &jobs[i]);
      if (jobs[i].state == JOB_DONE) forget_job(&jobs[i]);
    }
}

/* Records what waitpid said about `pid`. */
static void note_status(pid_t pid, int status) {
  for (int i = 0; i < MAX_JOBS; i++) {
    struct job *job = &jobs[i];
    for (int k = 0; job->id && k < job->count; k++) {
      if (job->pids[k] != pid) continue;
      if (WIFSTOPPED(status)) {
        job->stopped++;
        job->stop_signal = WSTOPSIG(status);
        if (job->stopped == job->live) job->state = JOB_STOPPED, job->reported = 0;
      } else if (WIFCONTINUED(status)) {
        job->stopped = 0;
        job->state = JOB_RUNNING;
      } else {
        job->statuses[k] = status;
        job->pids[k] = -job->pids[k];
        if (--job->live == 0) job->state = JOB_DONE, job->reported = 0;
      }
      return;
    }
  }
}

void reap_jobs(int announce) {
  int status;
  pid_t pid;
  while ((pid = waitpid(-1, &status, WNOHANG | WUNTRACED | WCONTINUED)) > 0) note_status(pid, status);
  for (int i = 0; i < MAX_JOBS; i++) {
    struct job *job = &jobs[i];
    if (job->id == 0 || job->reported || job->state == JOB_RUNNING) continue;
    if (announce) print_job(stderr, job);
    job->reported = 1;
    if (job->state == JOB_DONE) forget_job(job);
  }
}

void wait_all_jobs(void) {
  int status;
  pid_t pid;
  while ((pid = waitpid(-1, &status, 0)) > 0 || (pid < 0 && errno == EINTR))
    if (pid > 0) note_status(pid, status);
}

static int status_value(int status) {
  return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WIFSTOPPED(status) ? 128 + WSTOPSIG(status) : WEXITSTATUS(status);
}

/* Waits until the foreground `job` ends or stops; its status as $? sees it. */
int wait_for_job(struct job *job) {
  int status;
  if (job_control_tty) tcsetpgrp(STDIN_FILENO, job->pgid);
  while (job->state == JOB_RUNNING) {
    pid_t pid = waitpid(-1, &status, WUNTRACED);
    if (pid < 0) {
      if (errno == EINTR) continue;
      break;
    }
    note_status(pid, status);
  }
  if (job_control_tty) tcsetpgrp(STDIN_FILENO, shell_pgid);
  if (job->state == JOB_STOPPED) {
    make_current(job->id);
    fprintf(stderr, "\n");
    print_job(stderr, job);
    job->reported = 1;
    return 128 + job->stop_signal;
  }
  status = job->statuses[job->count - 1];
  if (WIFSIGNALED(status) && WTERMSIG(status) != SIGINT && WTERMSIG(status) != SIGPIPE)
    fprintf(stderr, "%s%s\n", strsignal(WTERMSIG(status)), WCOREDUMP(status) ? " (core dumped)" : "");
  else if (WIFSIGNALED(status) && WTERMSIG(status) == SIGINT && interactive)
    fprintf(stderr, "\n");
  forget_job(job);
  return status_value(status);
}

static int open_redirection(const struct redir *r) {
  int fd;
  if (r->kind == REDIR_DUP) return dup2(r->dup_from, r->fd) < 0 ? -1 : 0;
  if (r->kind == REDIR_IN) fd = open(r->target, O_RDONLY);
  else fd = open(r->target, O_WRONLY | O_CREAT | (r->kind == REDIR_APPEND ? O_APPEND : O_TRUNC), 0666);
  if (fd < 0) return -1;
  if (fd != r->fd) {
    dup2(fd, r->fd);
    close(fd);
  }
  return 0;
}

/* Applies a command's redirections in order; -1 after reporting the one that failed. */
int apply_redirections(const struct command *c) {
  for (int i = 0; i < c->redir_count; i++) {
    const struct redir *r = &c->redirs[i];
    if (open_redirection(r) < 0) {
      if (r->kind == REDIR_DUP) fprintf(stderr, "sh: %d: %s\n", r->dup_from, strerror(errno));
      else fprintf(stderr, "sh: %s: %s\n", r->target, strerror(errno));
      return -1;
    }
  }
  return 0;
}

/* execve through $PATH (default /bin), as execvp but with the shell's messages. */
static void exec_command(struct command *c) {
  char path[512];
  const char *name = c->argv[0];
  int error = ENOENT;
  if (strchr(name, '/')) {
    execve(name, c->argv, environ);
    error = errno;
  } else {
    const char *dirs = getenv("PATH");
    if (dirs == NULL) dirs = "/bin";
    while (*dirs) {
      const char *colon = strchr(dirs, ':');
      int len = colon ? (int)(colon - dirs) : (int)strlen(dirs);
      snprintf(path, sizeof path, "%.*s/%s", len, len ? dirs : ".", name);
      execve(path, c->argv, environ);
      if (errno != ENOENT && errno != ENOTDIR) error = errno;
      dirs += len + (colon != NULL);
    }
  }
  if (error == ENOENT && !strchr(name, '/')) fprintf(stderr, "sh: %s: command not found\n", name);
  else fprintf(stderr, "sh: %s: %s\n", name, strerror(error));
  _exit(error == ENOENT ? 127 : 126);
}

static void child_setup(pid_t pgid, int foreground, int in, int out, struct command *c) {
  setpgid(0, pgid);
  if (foreground && job_control_tty) tcsetpgrp(STDIN_FILENO, pgid ? pgid : getpid());
  if (interactive || job_control_tty) {
    signal(SIGINT, SIG_DFL);
    signal(SIGQUIT, SIG_DFL);
    signal(SIGTSTP, SIG_DFL);
    signal(SIGTTIN, SIG_DFL);
    signal(SIGTTOU, SIG_DFL);
  }
  if (in != STDIN_FILENO) dup2(in, STDIN_FILENO), close(in);
  if (out != STDOUT_FILENO) dup2(out, STDOUT_FILENO), close(out);
  if (apply_redirections(c) < 0) _exit(1);
  apply_assignments(c, leading_assignments(c));
  if (c->argc == 0) _exit(0);
  if (is_builtin(c->argv[0])) {
    int handled;
    fflush(stdout);
    int status = run_builtin(c, &handled);
    fflush(stdout);
    _exit(status);
  }
  exec_command(c);
}

/* A builtin runs in the shell itself, its redirections undone afterwards. */
static int run_builtin_here(struct command *c) {
  int saved[3], status = 1, handled;
  fflush(stdout);
  for (int fd = 0; fd < 3; fd++) saved[fd] = fcntl(fd, F_DUPFD_CLOEXEC, 10);
  if (apply_redirections(c) == 0) status = run_builtin(c, &handled);
  fflush(stdout);
  for (int fd = 0; fd < 3; fd++) {
    if (saved[fd] < 0) continue;
    dup2(saved[fd], fd);
    close(saved[fd]);
  }
  return status;
}

static struct job *new_job(const char *text) {
  int id = 1;
  for (int i = 0; i < MAX_JOBS; i++)
    if (jobs[i].id >= id) id = jobs[i].id + 1;
  for (int i = 0; i < MAX_JOBS; i++) {
    if (jobs[i].id == 0) {
      memset(&jobs[i], 0, sizeof jobs[i]);
      jobs[i].id = id;
      strcpy(jobs[i].text, text);
      return &jobs[i];
    }
  }
  return NULL;
}

int run_pipeline(struct pipeline *p) {
  if (p->command_count == 1 && !p->background && p->commands[0].argc > 0 && is_builtin(p->commands[0].argv[0]))
    return run_builtin_here(&p->commands[0]);
  struct job *job = new_job(p->text);
  if (job == NULL) {
    fprintf(stderr, "sh: too many jobs\n");
    return 1;
  }
  fflush(stdout);
  int in = STDIN_FILENO;
  for (int i = 0; i < p->command_count; i++) {
    int fds[2] = {-1, STDOUT_FILENO};
    if (i + 1 < p->command_count && pipe(fds) < 0) {
      fprintf(stderr, "sh: pipe: %s\n", strerror(errno));
      break;
    }
    pid_t pid = fork();
    if (pid == 0) {
      if (fds[0] >= 0) close(fds[0]);
      child_setup(job->pgid, !p->background, in, fds[1], &p->commands[i]);
    }
    if (pid < 0) {
      fprintf(stderr, "sh: fork: %s\n", strerror(errno));
      if (fds[0] >= 0) close(fds[0]), close(fds[1]);
      break;
    }
    if (job->pgid == 0) job->pgid = pid;
    setpgid(pid, job->pgid); /* as the child does: whichever runs first */
    job->pids[job->count++] = pid;
    job->live++;
    if (in != STDIN_FILENO) close(in);
    if (fds[1] != STDOUT_FILENO) close(fds[1]);
    in = fds[0];
  }
  if (in != STDIN_FILENO && in >= 0) close(in);
  if (job->count == 0) {
    forget_job(job);
    return 1;
  }
  if (p->background) {
    last_background_pid = job->pids[job->count - 1];
    make_current(job->id);
    if (interactive) fprintf(stderr, "[%d] %d\n", job->id, last_background_pid);
    return 0;
  }
  return wait_for_job(job);
}

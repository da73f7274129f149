/* The shell's shared declarations: a command line parsed into pipelines (parse.c), the job
   table and how pipelines run (jobs.c), and the builtins with the read-eval loop (main.c). */
#ifndef SH_H
#define SH_H

#include <stdio.h>
#include <sys/types.h>

#define MAX_ARGS 64
#define MAX_REDIRS 8
#define MAX_COMMANDS 8
#define MAX_JOBS 16
#define LINE_MAX_BYTES 4096

enum redir_kind { REDIR_IN, REDIR_OUT, REDIR_APPEND, REDIR_DUP };

struct redir {
  int fd;                /* the descriptor redirected: 0 for <, 1 for >, N for N> */
  enum redir_kind kind;
  char *target;          /* the file, for every kind but REDIR_DUP */
  int dup_from;          /* the descriptor copied, for N>&M */
};

struct command {
  char *argv[MAX_ARGS + 1];
  int argc;
  struct redir redirs[MAX_REDIRS];
  int redir_count;
};

/* How a pipeline joins the next: `;`/newline, `&&` or `||`. */
enum connector { THEN, AND_THEN, OR_ELSE };

struct pipeline {
  struct command commands[MAX_COMMANDS];
  int command_count;
  int background;
  enum connector next;
  char text[256];        /* the source text, for job messages */
};

enum job_state { JOB_RUNNING, JOB_STOPPED, JOB_DONE };

struct job {
  int id;                /* 0: free slot */
  pid_t pgid;
  pid_t pids[MAX_COMMANDS];
  int statuses[MAX_COMMANDS];
  int live;              /* processes not yet reaped */
  int stopped;           /* processes stopped */
  int stop_signal;       /* the last one's stop signal, for $? */
  int count;
  enum job_state state;
  int reported;
  char text[256];
};

/* parse.c: parses the pipeline at line[*position] (words expanded, quotes removed) and moves
   *position past it and its separator; 1, 0 at the end of the line, or -1 after printing a
   syntax error. The strings live until parse_free. */
int parse_next(const char *line, int *position, struct pipeline *p);
/* How many of the command's first words are NAME=VALUE assignments. */
int leading_assignments(const struct command *c);
/* Puts the first n words (assignments) into the environment and drops them from argv. */
void apply_assignments(struct command *c, int n);
void parse_free(void);

/* glob.c: whether a word has wildcards, and its matches (each made by save(prefix, name)),
   sorted; their count, 0 when nothing matches. */
int has_glob(const char *word);
int glob_word(const char *word, char **out, int max, char *(*save)(const char *prefix, const char *name));

/* jobs.c */
extern int last_status;
extern pid_t last_background_pid;
extern int interactive;          /* prompts and job messages (a terminal, or -i) */
extern int job_control_tty;      /* stdin is a terminal: hand it to the foreground job */
extern pid_t shell_pgid;
int run_pipeline(struct pipeline *p);
void reap_jobs(int announce);
void wait_all_jobs(void);
struct job *find_job(const char *spec); /* "%N", "%+", "%-", "%%" or NULL for the current */
int wait_for_job(struct job *job);
void print_job(FILE *out, struct job *job); /* `[1]+  Done  cmd` */
void list_jobs(void);
int job_marker(const struct job *job);
int apply_redirections(const struct command *c);

/* main.c */
int run_builtin(struct command *c, int *handled);
int is_builtin(const char *name);

#endif

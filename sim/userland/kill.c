/* kill: sends a signal (TERM unless `-SIG`, `-N` or `-s SIG` says otherwise) to each PID, as
   procps kill does; `kill -l` lists the signal names and `kill -l N` names one. A negative
   PID after `--` or a signal option means a process group. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "signames.h"

static int usage(void) {
  fprintf(stderr, "\nUsage:\n kill [options] <pid> [...]\n\nOptions:\n"
                  " <pid> [...]            send signal to every <pid> listed\n"
                  " -<signal>, -s, --signal <signal>\n"
                  "                        specify the <signal> to be sent\n"
                  " -l, --list=[<signal>]  list all signal names, or convert one to a name\n");
  return 1;
}

static int list(const char *which) {
  if (which == NULL) {
    print_signal_names();
    return 0;
  }
  int sig = signal_number(which);
  if (sig < 0 || signal_name(sig) == NULL) {
    fprintf(stderr, "kill: unknown signal name %s\n", which);
    return 1;
  }
  if (*which >= '0' && *which <= '9') printf("%s\n", signal_name(sig));
  else printf("%d\n", sig);
  return 0;
}

int main(int argc, char **argv) {
  int sig = SIGTERM, i = 1, status = 0;
  if (argc < 2) return usage();
  if (strcmp(argv[1], "-l") == 0 || strcmp(argv[1], "-L") == 0) return list(argc > 2 ? argv[2] : NULL);
  if (strcmp(argv[1], "-s") == 0) {
    if (argc < 3 || (sig = signal_number(argv[2])) < 0) {
      fprintf(stderr, "kill: unknown signal %s\n", argc < 3 ? "" : argv[2]);
      return 1;
    }
    i = 3;
  } else if (argv[1][0] == '-' && strcmp(argv[1], "--") != 0 && !(argv[1][1] >= '0' && argv[1][1] <= '9' && argc == 2)) {
    if ((sig = signal_number(argv[1] + 1)) < 0) {
      fprintf(stderr, "kill: unknown signal %s\n", argv[1] + 1);
      return 1;
    }
    i = 2;
  }
  if (i < argc && strcmp(argv[i], "--") == 0) i++;
  if (i >= argc) return usage();
  for (; i < argc; i++) {
    char *end;
    long pid = strtol(argv[i], &end, 10);
    if (*argv[i] == '\0' || *end != '\0') {
      fprintf(stderr, "kill: failed to parse argument: '%s'\n", argv[i]);
      status = 1;
      continue;
    }
    if (kill((pid_t)pid, sig) < 0) {
      fprintf(stderr, "kill: (%ld): %s\n", pid, strerror(errno));
      status = 1;
    }
  }
  return status;
}

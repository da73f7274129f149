/* The signal name table shared by kill and sh. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "signames.h"

static const char *const names[LAST_NAMED_SIGNAL + 1] = {
  NULL, "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1", "SEGV",
  "USR2", "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU",
  "URG", "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "POLL", "PWR", "SYS",
};

const char *signal_name(int sig) {
  return sig > 0 && sig <= LAST_NAMED_SIGNAL ? names[sig] : NULL;
}

int signal_number(const char *name) {
  if (*name >= '0' && *name <= '9') {
    char *end;
    long n = strtol(name, &end, 10);
    return *end == '\0' && n >= 0 && n < 65 ? (int)n : -1;
  }
  if (strncasecmp(name, "SIG", 3) == 0) name += 3;
  for (int sig = 1; sig <= LAST_NAMED_SIGNAL; sig++)
    if (strcasecmp(name, names[sig]) == 0) return sig;
  if (strcasecmp(name, "IO") == 0) return 29;
  if (strcasecmp(name, "IOT") == 0) return 6;
  return -1;
}

void print_signal_names(void) {
  int column = 0;
  for (int sig = 1; sig <= LAST_NAMED_SIGNAL; sig++) {
    if (column > 0 && column + 1 + (int)strlen(names[sig]) > 79) {
      putchar('\n');
      column = 0;
    }
    if (column > 0) column += printf(" ");
    column += printf("%s", names[sig]);
  }
  putchar('\n');
}

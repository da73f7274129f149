/* cat: copies each file (or stdin, for no argument or `-`) to stdout, as GNU cat does; -n
   numbers every output line (`%6d\t`), counting on across files. A file that cannot be read
   is reported and skipped, and the exit status is then 1. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int number_lines;
static int line_number;
static int at_line_start = 1;

static int write_all(const char *buf, long len) {
  while (len > 0) {
    long n = write(STDOUT_FILENO, buf, len);
    if (n < 0) {
      if (errno == EINTR) continue;
      return -1;
    }
    buf += n;
    len -= n;
  }
  return 0;
}

static int write_numbered(const char *buf, long len) {
  char prefix[16];
  long start = 0;
  for (long i = 0; i < len; i++) {
    if (at_line_start) {
      if (write_all(buf + start, i - start) < 0) return -1;
      start = i;
      int n = snprintf(prefix, sizeof prefix, "%6d\t", ++line_number);
      if (write_all(prefix, n) < 0) return -1;
      at_line_start = 0;
    }
    if (buf[i] == '\n') at_line_start = 1;
  }
  return write_all(buf + start, len - start);
}

/* Copies fd to stdout; 0, or -1 after reporting the failure as `cat: NAME: reason`. */
static int copy(int fd, const char *name) {
  static char buf[8192];
  for (;;) {
    long n = read(fd, buf, sizeof buf);
    if (n == 0) return 0;
    if (n < 0) {
      if (errno == EINTR) continue;
      fprintf(stderr, "cat: %s: %s\n", name, strerror(errno));
      return -1;
    }
    if ((number_lines ? write_numbered(buf, n) : write_all(buf, n)) < 0) {
      fprintf(stderr, "cat: write error: %s\n", strerror(errno));
      return -1;
    }
  }
}

int main(int argc, char **argv) {
  int status = 0, files = 0, options_done = 0;
  for (int i = 1; i < argc; i++) {
    const char *arg = argv[i];
    if (!options_done && strcmp(arg, "--") == 0) {
      options_done = 1;
    } else if (!options_done && arg[0] == '-' && arg[1] != '\0') {
      for (const char *p = arg + 1; *p; p++) {
        if (*p != 'n') {
          fprintf(stderr, "cat: invalid option -- '%c'\nTry 'cat --help' for more information.\n", *p);
          return 1;
        }
        number_lines = 1;
      }
    }
  }
  options_done = 0;
  for (int i = 1; i < argc; i++) {
    const char *arg = argv[i];
    if (!options_done && strcmp(arg, "--") == 0) {
      options_done = 1;
      continue;
    }
    if (!options_done && arg[0] == '-' && arg[1] != '\0') continue;
    files++;
    if (strcmp(arg, "-") == 0) {
      if (copy(STDIN_FILENO, "-") < 0) status = 1;
      continue;
    }
    int fd = open(arg, O_RDONLY);
    if (fd < 0) {
      fprintf(stderr, "cat: %s: %s\n", arg, strerror(errno));
      status = 1;
      continue;
    }
    if (copy(fd, arg) < 0) status = 1;
    close(fd);
  }
  if (files == 0 && copy(STDIN_FILENO, "-") < 0) status = 1;
  return status;
}

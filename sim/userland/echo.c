/* echo: writes its arguments separated by spaces, as GNU coreutils' echo does: leading
   arguments made only of the letters n, e and E are options (-n: no newline, -e: interpret
   backslash escapes, -E: do not); `\c` under -e stops all output. */
#include <stdio.h>
#include <string.h>

static int is_option(const char *arg) {
  if (arg[0] != '-' || arg[1] == '\0') return 0;
  for (const char *p = arg + 1; *p; p++)
    if (*p != 'n' && *p != 'e' && *p != 'E') return 0;
  return 1;
}

static int hex_value(int c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* Prints `s` with its escapes decoded; returns 0 when `\c` asked to stop. */
static int print_escaped(const char *s) {
  static const char plain[] = "\\\\a\ab\be\033f\fn\nr\rt\tv\v";
  while (*s) {
    if (*s != '\\' || s[1] == '\0') {
      putchar(*s++);
      continue;
    }
    s++;
    if (*s == 'c') return 0;
    if (*s == '0') {
      int value = 0;
      s++;
      for (int i = 0; i < 3 && *s >= '0' && *s <= '7'; i++) value = value * 8 + (*s++ - '0');
      putchar(value);
      continue;
    }
    if (*s == 'x' && hex_value(s[1]) >= 0) {
      int value = hex_value(*++s);
      if (hex_value(s[1]) >= 0) value = value * 16 + hex_value(*++s);
      putchar(value);
      s++;
      continue;
    }
    const char *known = NULL;
    for (int i = 0; plain[i]; i += 2)
      if (plain[i] == *s) known = &plain[i + 1];
    if (known) {
      putchar(*known);
    } else {
      putchar('\\');
      putchar(*s);
    }
    s++;
  }
  return 1;
}

int main(int argc, char **argv) {
  int newline = 1, escapes = 0, i = 1;
  for (; i < argc && is_option(argv[i]); i++) {
    for (const char *p = argv[i] + 1; *p; p++) {
      if (*p == 'n') newline = 0;
      else if (*p == 'e') escapes = 1;
      else escapes = 0;
    }
  }
  for (int first = i; i < argc; i++) {
    if (i > first) putchar(' ');
    if (!escapes) fputs(argv[i], stdout);
    else if (!print_escaped(argv[i])) return 0;
  }
  if (newline) putchar('\n');
  return 0;
}

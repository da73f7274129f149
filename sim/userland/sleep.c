/* sleep: pauses for the sum of its arguments, as GNU sleep does: each a number with an
   optional fraction (`0.5`) and an optional unit, s (the default), m, h or d. The arithmetic
   is in whole nanoseconds, so no floating point is needed. */
#include <errno.h>
#include <stdio.h>
#include <time.h>

#define NANOS_PER_SECOND 1000000000LL

/* Parses "1.25m" into nanoseconds; -1 when it is not a valid interval. */
static long long parse_interval(const char *s) {
  long long seconds = 0, fraction = 0, scale = NANOS_PER_SECOND;
  int digits = 0;
  for (; *s >= '0' && *s <= '9'; s++, digits++) seconds = seconds * 10 + (*s - '0');
  if (*s == '.') {
    for (s++; *s >= '0' && *s <= '9'; s++, digits++) {
      if (scale > 1) {
        scale /= 10;
        fraction += (*s - '0') * scale;
      }
    }
  }
  if (digits == 0) return -1;
  long long multiplier = 1;
  if (*s == 's') s++;
  else if (*s == 'm') multiplier = 60, s++;
  else if (*s == 'h') multiplier = 3600, s++;
  else if (*s == 'd') multiplier = 86400, s++;
  if (*s != '\0') return -1;
  return (seconds * NANOS_PER_SECOND + fraction) * multiplier;
}

int main(int argc, char **argv) {
  long long total = 0;
  if (argc < 2) {
    fprintf(stderr, "sleep: missing operand\nTry 'sleep --help' for more information.\n");
    return 1;
  }
  for (int i = 1; i < argc; i++) {
    long long nanos = parse_interval(argv[i]);
    if (nanos < 0) {
      fprintf(stderr, "sleep: invalid time interval '%s'\nTry 'sleep --help' for more information.\n", argv[i]);
      return 1;
    }
    total += nanos;
  }
  struct timespec left;
  left.tv_sec = total / NANOS_PER_SECOND;
  left.tv_nsec = total % NANOS_PER_SECOND;
  while (nanosleep(&left, &left) < 0 && errno == EINTR) {
  }
  return 0;
}

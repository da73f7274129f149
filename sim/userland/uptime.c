/* uptime: the time of day (UTC: the machine has no time zones), how long since boot, the
   number of logged-in users (none: the machine has no login records) and the load averages,
   in procps-ng 4's format; -p prints only the pretty "up 2 hours, 5 minutes". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "proc.h"

/* The three load averages of /proc/loadavg in hundredths. */
static int load_averages(long long centis[3]) {
  char text[128];
  if (read_text("/proc/loadavg", text, sizeof text) <= 0) return -1;
  char *s = text;
  for (int i = 0; i < 3; i++) {
    centis[i] = strtoll(s, &s, 10) * 100;
    if (*s == '.') {
      centis[i] += strtoll(s + 1, &s, 10);
    }
  }
  return 0;
}

static void print_pretty(long long seconds) {
  long long minutes = seconds / 60 % 60, hours = seconds / 3600 % 24, days = seconds / 86400;
  const char *sep = "";
  printf("up ");
  if (days) printf("%lld %s", days, days == 1 ? "day" : "days"), sep = ", ";
  if (hours) printf("%s%lld %s", sep, hours, hours == 1 ? "hour" : "hours"), sep = ", ";
  if (minutes || (!days && !hours)) printf("%s%lld %s", sep, minutes, minutes == 1 ? "minute" : "minutes");
  printf("\n");
}

int main(int argc, char **argv) {
  long long up = uptime_centis(), load[3];
  char avg[3][24];
  if (up < 0 || load_averages(load) < 0) {
    fprintf(stderr, "uptime: cannot read /proc\n");
    return 1;
  }
  long long seconds = up / 100;
  if (argc > 1 && strcmp(argv[1], "-p") == 0) {
    print_pretty(seconds);
    return 0;
  }
  if (argc > 1) {
    fprintf(stderr, "uptime: invalid option -- '%s'\n", argv[1]);
    return 1;
  }
  time_t now = time(NULL);
  struct tm tm;
  gmtime_r(&now, &tm);
  printf(" %02d:%02d:%02d up ", tm.tm_hour, tm.tm_min, tm.tm_sec);
  long long days = seconds / 86400, hours = seconds / 3600 % 24, minutes = seconds / 60 % 60;
  if (days) printf("%lld %s, ", days, days == 1 ? "day" : "days");
  if (hours) printf("%2lld:%02lld, ", hours, minutes);
  else printf("%lld min, ", minutes);
  for (int i = 0; i < 3; i++) format_centis(load[i], avg[i], sizeof avg[i]);
  printf(" 0 user,  load average: %s, %s, %s\n", avg[0], avg[1], avg[2]);
  return 0;
}

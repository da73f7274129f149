/* free: memory use from /proc/meminfo in procps-ng 4's layout: total, used (total minus
   available), free, shared, buff/cache (Buffers + Cached + SReclaimable) and available, in
   KiB by default, or -b, -k, -m, -g, or -h (human: one decimal under 10, else truncated). */
#include <stdio.h>
#include <string.h>
#include "proc.h"

static char unit = 'k';

static void format_human(unsigned long long bytes, char *buf, int size) {
  static const char units[] = "KMGTP";
  unsigned long long scale = 1024;
  if (bytes < 1024) {
    snprintf(buf, size, "%lluB", bytes);
    return;
  }
  for (int i = 0; units[i]; i++, scale *= 1024) {
    unsigned long long tenths = (bytes * 10 + scale / 2) / scale;
    if (tenths < 100) {
      snprintf(buf, size, "%llu.%llu%ci", tenths / 10, tenths % 10, units[i]);
      return;
    }
    if (bytes / scale < 1024) {
      snprintf(buf, size, "%llu%ci", bytes / scale, units[i]);
      return;
    }
  }
  snprintf(buf, size, "%lluPi", bytes / (scale / 1024));
}

static void print_value(unsigned long kb, int first) {
  char buf[32];
  unsigned long long bytes = (unsigned long long)kb * 1024;
  switch (unit) {
  case 'b': snprintf(buf, sizeof buf, "%llu", bytes); break;
  case 'm': snprintf(buf, sizeof buf, "%lu", kb / 1024); break;
  case 'g': snprintf(buf, sizeof buf, "%lu", kb / (1024 * 1024)); break;
  case 'h': format_human(bytes, buf, sizeof buf); break;
  default: snprintf(buf, sizeof buf, "%lu", kb); break;
  }
  printf(first ? "%11s" : " %11s", buf);
}

int main(int argc, char **argv) {
  static char meminfo[8192];
  for (int i = 1; i < argc; i++) {
    const char *arg = argv[i];
    if (strcmp(arg, "--help") == 0 || arg[0] != '-' || strchr("bkmgh", arg[1]) == NULL || arg[1] == '\0' || arg[2] != '\0') {
      fprintf(stderr, "free: invalid option -- '%s'\n\nUsage:\n free [options]\n\nOptions:\n"
                      " -b, -k, -m, -g   show output in bytes, kibibytes, mebibytes or gibibytes\n"
                      " -h               show human-readable output\n", arg[0] == '-' ? arg + 1 : arg);
      return 1;
    }
    unit = arg[1];
  }
  if (read_text("/proc/meminfo", meminfo, sizeof meminfo) <= 0) {
    fprintf(stderr, "free: Unable to create meminfo structure\n");
    return 1;
  }
  unsigned long total = meminfo_kb(meminfo, "MemTotal");
  unsigned long free_kb = meminfo_kb(meminfo, "MemFree");
  unsigned long cache = meminfo_kb(meminfo, "Buffers") + meminfo_kb(meminfo, "Cached") + meminfo_kb(meminfo, "SReclaimable");
  unsigned long available = meminfo_kb(meminfo, "MemAvailable");
  if (available == 0 || available > total) available = free_kb;
  unsigned long used = total - available;
  unsigned long swap_total = meminfo_kb(meminfo, "SwapTotal");
  unsigned long swap_free = meminfo_kb(meminfo, "SwapFree");

  printf("               total        used        free      shared  buff/cache   available\n");
  printf("Mem:     ");
  print_value(total, 1);
  print_value(used, 0);
  print_value(free_kb, 0);
  print_value(meminfo_kb(meminfo, "Shmem"), 0);
  print_value(cache, 0);
  print_value(available, 0);
  printf("\nSwap:    ");
  print_value(swap_total, 1);
  print_value(swap_total - swap_free, 0);
  print_value(swap_free, 0);
  printf("\n");
  return 0;
}

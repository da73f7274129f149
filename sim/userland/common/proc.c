/* /proc and /etc/passwd readers shared by ps, top, ls, free and uptime. Everything is integer
   arithmetic: oslab's compiler has no floating point. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "proc.h"

long read_text(const char *path, char *buf, long size) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  long total = 0;
  if (fd < 0) return -1;
  while (total < size - 1) {
    long n = read(fd, buf + total, size - 1 - total);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    total += n;
  }
  close(fd);
  buf[total] = '\0';
  return total;
}

static int compare_ints(const void *a, const void *b) {
  return *(const int *)a - *(const int *)b;
}

int proc_pids(int *pids, int max) {
  DIR *dir = opendir("/proc");
  struct dirent *entry;
  int count = 0;
  if (dir == NULL) return 0;
  while ((entry = readdir(dir)) != NULL && count < max) {
    char *end;
    long pid = strtol(entry->d_name, &end, 10);
    if (entry->d_name[0] >= '1' && entry->d_name[0] <= '9' && *end == '\0') pids[count++] = (int)pid;
  }
  closedir(dir);
  qsort(pids, count, sizeof pids[0], compare_ints);
  return count;
}

/* The stat line after the command: fields 3 (state) onwards, space separated. */
static void parse_stat_fields(const char *s, struct proc_info *p) {
  unsigned long long field[52];
  int n = 0;
  p->state = *s;
  s++;
  while (*s && n < 52) {
    while (*s == ' ') s++;
    char *end;
    field[n++] = strtoull(s, &end, 10);
    if (end == s) break;
    s = end;
  }
  while (n < 52) field[n++] = 0;
  /* field[k] is stat field k + 4 (1-based, as proc(5) numbers them; 3 is the state). */
  p->ppid = (int)field[0];
  p->pgrp = (int)field[1];
  p->session = (int)field[2];
  p->tty_nr = (int)field[3];
  p->tpgid = (int)field[4];
  p->utime = field[10];
  p->stime = field[11];
  p->priority = (long)field[14];
  p->nice = (long)field[15];
  p->num_threads = (long)field[16];
  p->start_ticks = field[18];
  p->vsize_kb = (unsigned long)(field[19] / 1024);
  p->rss_kb = (unsigned long)field[20] * (unsigned long)(getpagesize() / 1024);
}

int proc_read(int pid, struct proc_info *p) {
  static char text[4096];
  char path[64];
  memset(p, 0, sizeof *p);
  p->pid = pid;
  snprintf(path, sizeof path, "/proc/%d/stat", pid);
  if (read_text(path, text, sizeof text) <= 0) return -1;
  char *open_paren = strchr(text, '(');
  char *close_paren = strrchr(text, ')');
  if (open_paren == NULL || close_paren == NULL || close_paren[1] != ' ') return -1;
  int len = (int)(close_paren - open_paren - 1);
  if (len >= (int)sizeof p->comm) len = sizeof p->comm - 1;
  memcpy(p->comm, open_paren + 1, len);
  p->comm[len] = '\0';
  parse_stat_fields(close_paren + 2, p);

  snprintf(path, sizeof path, "/proc/%d/status", pid);
  if (read_text(path, text, sizeof text) > 0) {
    char *uid = strstr(text, "\nUid:");
    if (uid) p->uid = (int)strtol(uid + 5, NULL, 10);
  }
  snprintf(path, sizeof path, "/proc/%d/statm", pid);
  if (read_text(path, text, sizeof text) > 0) {
    char *s = text;
    strtoul(s, &s, 10);
    strtoul(s, &s, 10);
    p->shared_kb = strtoul(s, NULL, 10) * (unsigned long)(getpagesize() / 1024);
  }
  snprintf(path, sizeof path, "/proc/%d/cmdline", pid);
  long n = read_text(path, p->cmdline, sizeof p->cmdline);
  if (n < 0) n = 0;
  while (n > 0 && p->cmdline[n - 1] == '\0') n--;
  for (long i = 0; i < n; i++)
    if (p->cmdline[i] == '\0' || p->cmdline[i] == '\n') p->cmdline[i] = ' ';
  p->cmdline[n] = '\0';
  return 0;
}

unsigned long meminfo_kb(const char *meminfo, const char *name) {
  int len = (int)strlen(name);
  for (const char *line = meminfo; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
    if (strncmp(line, name, len) == 0 && line[len] == ':') return strtoul(line + len + 1, NULL, 10);
  }
  return 0;
}

void tty_name(int tty_nr, char *buf, int size) {
  int major = (tty_nr >> 8) & 0xfff;
  int minor = (tty_nr & 0xff) | ((tty_nr >> 12) & 0xfff00);
  if (tty_nr == 0) snprintf(buf, size, "?");
  else if (major == 136) snprintf(buf, size, "pts/%d", minor);
  else if (major == 4 && minor < 64) snprintf(buf, size, "tty%d", minor);
  else if (major == 4) snprintf(buf, size, "ttyS%d", minor - 64);
  else if (major == 5 && minor == 1) snprintf(buf, size, "console");
  else if (major == 5 && minor == 0) snprintf(buf, size, "tty");
  else snprintf(buf, size, "%d,%d", major, minor);
}

long long uptime_centis(void) {
  char text[128];
  if (read_text("/proc/uptime", text, sizeof text) <= 0) return -1;
  char *s = text;
  long long centis = strtoll(s, &s, 10) * 100;
  if (*s == '.') {
    if (s[1] >= '0' && s[1] <= '9') centis += (s[1] - '0') * 10;
    if (s[1] && s[2] >= '0' && s[2] <= '9') centis += s[2] - '0';
  }
  return centis;
}

long long boot_time(void) {
  static char text[8192];
  if (read_text("/proc/stat", text, sizeof text) > 0) {
    char *btime = strstr(text, "\nbtime ");
    if (btime) return strtoll(btime + 7, NULL, 10);
  }
  return (long long)time(NULL) - uptime_centis() / 100;
}

/* Field 0 (the name) of the line of a passwd-format file whose field 2 is `id`. */
static const char *name_from(const char *file, int id) {
  static char text[8192];
  static char name[32];
  if (read_text(file, text, sizeof text) > 0) {
    for (char *line = text; *line;) {
      char *end = strchr(line, '\n');
      char *colon1 = strchr(line, ':');
      char *colon2 = colon1 ? strchr(colon1 + 1, ':') : NULL;
      if (colon2 && (end == NULL || colon2 < end) && strtol(colon2 + 1, NULL, 10) == id && colon2[1] != ':') {
        int len = (int)(colon1 - line);
        if (len >= (int)sizeof name) len = sizeof name - 1;
        memcpy(name, line, len);
        name[len] = '\0';
        return name;
      }
      if (end == NULL) break;
      line = end + 1;
    }
  }
  snprintf(name, sizeof name, "%d", id);
  return name;
}

const char *user_name(int uid) {
  return name_from("/etc/passwd", uid);
}

const char *group_name(int gid) {
  return name_from("/etc/group", gid);
}

void format_centis(long long centis, char *buf, int size) {
  snprintf(buf, size, "%lld.%02lld", centis / 100, centis % 100);
}

/* ps: a snapshot of the processes, read from /proc as procps-ng's ps reads it. Forms:
   `ps` (this user's processes on this terminal: PID TTY TIME CMD), `ps -e`/`-A` (every
   process), `-f` (UID PID PPID C STIME TTY TIME CMD, with arguments), and the BSD `aux` family
   (USER PID %CPU %MEM VSZ RSS TTY STAT START TIME COMMAND; `a` all with a terminal, `x` also
   those without, `u` the user format). On a terminal lines are cut to its width. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>
#include "proc.h"

#define MAX_PROCS 1024
#define HZ 100

enum format { FORMAT_DEFAULT, FORMAT_FULL, FORMAT_USER };

static enum format format = FORMAT_DEFAULT;
static int select_all, bsd_all_ttys, bsd_no_tty, bsd;
static long long uptime_hundredths;
static unsigned long mem_total_kb;
static time_t boot;
static int line_width;

static int parse_args(int argc, char **argv) {
  for (int i = 1; i < argc; i++) {
    const char *arg = argv[i];
    int dash = arg[0] == '-';
    if (!dash) bsd = 1;
    for (const char *p = arg + dash; *p; p++) {
      if (dash && (*p == 'e' || *p == 'A')) select_all = 1;
      else if (dash && *p == 'f') format = FORMAT_FULL;
      else if (!dash && *p == 'a') bsd_all_ttys = 1;
      else if (!dash && *p == 'x') bsd_no_tty = 1;
      else if (!dash && *p == 'u') format = FORMAT_USER;
      else {
        fprintf(stderr, "error: unsupported option (BSD syntax)\n\nUsage:\n ps [options]\n");
        return -1;
      }
    }
  }
  return 0;
}

static int selected(const struct proc_info *p, int my_uid, int my_tty) {
  if (select_all || (bsd_all_ttys && bsd_no_tty)) return 1;
  if (bsd) {
    if (bsd_all_ttys) return p->tty_nr != 0;
    if (bsd_no_tty) return p->uid == my_uid;
    return p->uid == my_uid && p->tty_nr != 0;
  }
  return p->uid == my_uid && p->tty_nr == my_tty;
}

/* Tenths of a percent of one CPU used since the process started, as procps computes %CPU. */
static unsigned long cpu_permille(const struct proc_info *p) {
  long long alive = uptime_hundredths - (long long)p->start_ticks * 100 / HZ;
  unsigned long long used = (p->utime + p->stime) * 100 / HZ;
  if (alive <= 0) return 0;
  return (unsigned long)(used * 1000 / (unsigned long long)alive);
}

static void cumulative_time(const struct proc_info *p, char *buf, int size, int bsd_style) {
  unsigned long long seconds = (p->utime + p->stime) / HZ;
  if (bsd_style) snprintf(buf, size, "%llu:%02llu", seconds / 60, seconds % 60);
  else if (seconds >= 86400) snprintf(buf, size, "%llu-%02llu:%02llu:%02llu", seconds / 86400, seconds / 3600 % 24, seconds / 60 % 60, seconds % 60);
  else snprintf(buf, size, "%02llu:%02llu:%02llu", seconds / 3600, seconds / 60 % 60, seconds % 60);
}

/* "12:35" for a start in the last day, "Nov22" in this year, else "2025". */
static void start_time(const struct proc_info *p, char *buf, int size) {
  static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
  time_t started = boot + (time_t)(p->start_ticks / HZ), now = time(NULL);
  struct tm tm, today;
  gmtime_r(&started, &tm);
  gmtime_r(&now, &today);
  if (now - started < 86400) snprintf(buf, size, "%02d:%02d", tm.tm_hour, tm.tm_min);
  else if (tm.tm_year == today.tm_year) snprintf(buf, size, "%.3s%02d", months + tm.tm_mon * 3, tm.tm_mday);
  else snprintf(buf, size, "%d", tm.tm_year + 1900);
}

static void state_string(const struct proc_info *p, char *buf) {
  int n = 0;
  buf[n++] = p->state;
  if (p->nice < 0) buf[n++] = '<';
  else if (p->nice > 0) buf[n++] = 'N';
  if (p->pid == p->session) buf[n++] = 's';
  if (p->num_threads > 1) buf[n++] = 'l';
  if (p->tty_nr != 0 && p->pgrp == p->tpgid) buf[n++] = '+';
  buf[n] = '\0';
}

static const char *command(const struct proc_info *p, char *buf, int size) {
  if (p->cmdline[0]) return p->cmdline;
  snprintf(buf, size, "[%s]", p->comm);
  return buf;
}

static void print_line(const char *line) {
  if (line_width > 0 && (int)strlen(line) > line_width) printf("%.*s\n", line_width, line);
  else printf("%s\n", line);
}

static void print_process(const struct proc_info *p) {
  static char line[1024];
  char tty[32], cpu_time[32], started[16], state[8], bracketed[80];
  tty_name(p->tty_nr, tty, sizeof tty);
  cumulative_time(p, cpu_time, sizeof cpu_time, format == FORMAT_USER);
  start_time(p, started, sizeof started);
  unsigned long cpu = cpu_permille(p);
  if (format == FORMAT_DEFAULT) {
    snprintf(line, sizeof line, "%5d %-8s %8s %s", p->pid, tty, cpu_time, p->comm);
  } else if (format == FORMAT_FULL) {
    snprintf(line, sizeof line, "%-8s %5d %5d %2lu %5s %-8s %8s %s", user_name(p->uid), p->pid, p->ppid,
             cpu / 10 > 99 ? 99 : cpu / 10, started, tty, cpu_time, command(p, bracketed, sizeof bracketed));
  } else {
    unsigned long mem = mem_total_kb ? p->rss_kb * 1000 / mem_total_kb : 0;
    state_string(p, state);
    snprintf(line, sizeof line, "%-8s %5d %2lu.%lu %2lu.%lu %6lu %5lu %-8s %-4s %5s %6s %s", user_name(p->uid), p->pid,
             cpu / 10, cpu % 10, mem / 10, mem % 10, p->vsize_kb, p->rss_kb, tty, state, started, cpu_time,
             command(p, bracketed, sizeof bracketed));
  }
  print_line(line);
}

int main(int argc, char **argv) {
  static int pids[MAX_PROCS];
  static char meminfo[8192];
  struct proc_info self, p;
  struct winsize ws;
  if (parse_args(argc, argv) < 0) return 1;
  uptime_hundredths = uptime_centis();
  boot = (time_t)boot_time();
  if (read_text("/proc/meminfo", meminfo, sizeof meminfo) > 0) mem_total_kb = meminfo_kb(meminfo, "MemTotal");
  if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0) line_width = ws.ws_col;
  if (proc_read(getpid(), &self) < 0) {
    fprintf(stderr, "Error, do this: mount -t proc proc /proc\n"); /* procps' words */
    return 1;
  }
  if (format == FORMAT_DEFAULT) print_line("  PID TTY          TIME CMD");
  else if (format == FORMAT_FULL) print_line("UID        PID  PPID  C STIME TTY          TIME CMD");
  else print_line("USER       PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND");
  int count = proc_pids(pids, MAX_PROCS);
  for (int i = 0; i < count; i++) {
    if (proc_read(pids[i], &p) == 0 && selected(&p, self.uid, self.tty_nr)) print_process(&p);
  }
  return 0;
}

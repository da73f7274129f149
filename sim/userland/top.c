/* top: the machine's summary (uptime and load, task states, CPU time split, memory) and its
   processes sorted by %CPU, redrawn every -d SECONDS (default 3, fractions allowed) after a
   clear-screen escape, -n N times (default: until killed), as procps-ng's top prints them;
   -b (batch) prints frames one after another without escapes; on a terminal, q quits. %CPU is
   the share of one CPU over the last interval (since the process started, on the first frame). */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include "proc.h"

#define MAX_PROCS 1024
#define HZ 100
#define CPU_FIELDS 8

struct row {
  struct proc_info info;
  unsigned long cpu_permille;
};

struct sample {
  int pids[MAX_PROCS];
  unsigned long long ticks[MAX_PROCS];
  int count;
  unsigned long long cpu[CPU_FIELDS];
  long long uptime;
};

static struct row rows[MAX_PROCS];
static struct sample previous, current;
static char text[8192];

/* "0.5" or "3" seconds into nanoseconds; -1 when invalid. */
static long long parse_seconds(const char *s) {
  long long nanos = 0, scale = 1000000000LL;
  int digits = 0;
  for (; *s >= '0' && *s <= '9'; s++, digits++) nanos = nanos * 10 + (*s - '0');
  nanos *= scale;
  if (*s == '.')
    for (s++; *s >= '0' && *s <= '9'; s++, digits++) nanos += (*s - '0') * (scale /= 10);
  return digits && *s == '\0' ? nanos : -1;
}

static void tenths(unsigned long long part, unsigned long long whole, char *buf, int size) {
  unsigned long long t = whole ? (part * 1000 + whole / 2) / whole : 0;
  snprintf(buf, size, "%llu.%llu", t / 10, t % 10);
}

static void read_cpu_line(unsigned long long *cpu) {
  memset(cpu, 0, CPU_FIELDS * sizeof cpu[0]);
  if (read_text("/proc/stat", text, sizeof text) <= 0 || strncmp(text, "cpu ", 4) != 0) return;
  char *s = text + 4;
  for (int i = 0; i < CPU_FIELDS; i++) cpu[i] = strtoull(s, &s, 10);
}

static void print_summary_lines(int total, int running, int sleeping, int stopped, int zombie) {
  static const char *const names[CPU_FIELDS] = {"us", "ni", "sy", "id", "wa", "hi", "si", "st"};
  static const int order[CPU_FIELDS] = {0, 2, 1, 3, 4, 5, 6, 7};
  char load[3][24], value[32];
  long long seconds = current.uptime / 100;
  time_t now = time(NULL);
  struct tm tm;
  gmtime_r(&now, &tm);
  printf("top - %02d:%02d:%02d up ", tm.tm_hour, tm.tm_min, tm.tm_sec);
  if (seconds >= 86400) printf("%lld %s, ", seconds / 86400, seconds / 86400 == 1 ? "day" : "days");
  if (seconds / 3600 % 24) printf("%2lld:%02lld, ", seconds / 3600 % 24, seconds / 60 % 60);
  else printf("%lld min, ", seconds / 60 % 60);
  if (read_text("/proc/loadavg", text, sizeof text) > 0) {
    char *s = text;
    for (int i = 0; i < 3; i++) {
      long long whole = strtoll(s, &s, 10);
      long long frac = *s == '.' ? strtoll(s + 1, &s, 10) : 0;
      format_centis(whole * 100 + frac, load[i], sizeof load[i]);
    }
  } else {
    strcpy(load[0], "0.00"), strcpy(load[1], "0.00"), strcpy(load[2], "0.00");
  }
  printf(" 0 user,  load average: %s, %s, %s\n", load[0], load[1], load[2]);
  printf("Tasks:%4d total,%4d running,%4d sleeping,%4d stopped,%4d zombie\n", total, running, sleeping, stopped, zombie);

  unsigned long long delta[CPU_FIELDS], sum = 0;
  for (int i = 0; i < CPU_FIELDS; i++) sum += delta[i] = current.cpu[i] - previous.cpu[i];
  printf("%%Cpu(s):");
  for (int i = 0; i < CPU_FIELDS; i++) {
    int field = order[i];
    tenths(delta[field], sum, value, sizeof value);
    printf("%s%5s %s", i ? "," : "", field == 3 && sum == 0 ? "100.0" : value, names[field]);
  }
  printf(" \n");

  if (read_text("/proc/meminfo", text, sizeof text) <= 0) text[0] = '\0';
  unsigned long total_kb = meminfo_kb(text, "MemTotal");
  unsigned long free_kb = meminfo_kb(text, "MemFree");
  unsigned long available = meminfo_kb(text, "MemAvailable");
  unsigned long cache = meminfo_kb(text, "Buffers") + meminfo_kb(text, "Cached") + meminfo_kb(text, "SReclaimable");
  unsigned long swap_total = meminfo_kb(text, "SwapTotal"), swap_free = meminfo_kb(text, "SwapFree");
  char a[16], b[16], c[16], d[16];
  tenths(total_kb, 1024 * 100, a, sizeof a);
  tenths(free_kb, 1024 * 100, b, sizeof b);
  tenths(total_kb - available, 1024 * 100, c, sizeof c);
  tenths(cache, 1024 * 100, d, sizeof d);
  printf("MiB Mem :%9s total,%9s free,%9s used,%9s buff/cache     \n", a, b, c, d);
  tenths(swap_total, 1024 * 100, a, sizeof a);
  tenths(swap_free, 1024 * 100, b, sizeof b);
  tenths(swap_total - swap_free, 1024 * 100, c, sizeof c);
  tenths(available, 1024 * 100, d, sizeof d);
  printf("MiB Swap:%9s total,%9s free,%9s used.%9s avail Mem \n", a, b, c, d);
}

static unsigned long long previous_ticks(int pid) {
  for (int i = 0; i < previous.count; i++)
    if (previous.pids[i] == pid) return previous.ticks[i];
  return 0;
}

static int by_cpu(const void *a, const void *b) {
  const struct row *x = a, *y = b;
  if (x->cpu_permille != y->cpu_permille) return x->cpu_permille < y->cpu_permille ? 1 : -1;
  return x->info.pid - y->info.pid;
}

static void print_row(const struct row *r, unsigned long mem_total_kb, int width) {
  const struct proc_info *p = &r->info;
  char priority[8], cpu[16], mem[16], time_plus[32], line[256];
  unsigned long long ticks = p->utime + p->stime;
  if (p->priority < -1) snprintf(priority, sizeof priority, "rt");
  else snprintf(priority, sizeof priority, "%ld", p->priority);
  snprintf(cpu, sizeof cpu, "%lu.%lu", r->cpu_permille / 10, r->cpu_permille % 10);
  if (mem_total_kb == 0) strcpy(mem, "0.0");
  else {
    unsigned long long t = (unsigned long long)p->rss_kb * 1000 / mem_total_kb;
    snprintf(mem, sizeof mem, "%llu.%llu", t / 10, t % 10);
  }
  snprintf(time_plus, sizeof time_plus, "%llu:%02llu.%02llu", ticks / (60 * HZ), ticks / HZ % 60, ticks % HZ);
  int n = snprintf(line, sizeof line, "%5d %-8.8s %3s %3ld %7lu %6lu %6lu %c %5s %5s %9s ", p->pid, user_name(p->uid),
                   priority, p->nice, p->vsize_kb, p->rss_kb, p->shared_kb, p->state, cpu, mem, time_plus);
  int room = width - n;
  if ((int)strlen(p->comm) > room && room > 1) printf("%s%.*s+\n", line, room - 1, p->comm);
  else printf("%s%s\n", line, p->comm);
}

/* One frame: samples /proc, prints the summary and at most `max_rows` processes. */
static void frame(int first, int width, int max_rows) {
  static char meminfo[8192];
  int running = 0, sleeping = 0, stopped = 0, zombie = 0, count = 0;
  current.count = proc_pids(current.pids, MAX_PROCS);
  current.uptime = uptime_centis();
  read_cpu_line(current.cpu);
  long long interval = current.uptime - previous.uptime;
  for (int i = 0; i < current.count; i++) {
    struct row *r = &rows[count];
    if (proc_read(current.pids[i], &r->info) < 0) continue;
    unsigned long long ticks = r->info.utime + r->info.stime;
    current.ticks[i] = ticks;
    long long alive = current.uptime - (long long)r->info.start_ticks * 100 / HZ;
    long long span = first || interval <= 0 ? alive : interval;
    unsigned long long used = (ticks - (first ? 0 : previous_ticks(r->info.pid))) * 100 / HZ;
    r->cpu_permille = span > 0 ? (unsigned long)(used * 1000 / (unsigned long long)span) : 0;
    switch (r->info.state) {
    case 'R': running++; break;
    case 'T': case 't': stopped++; break;
    case 'Z': zombie++; break;
    default: sleeping++; break;
    }
    count++;
  }
  print_summary_lines(count, running, sleeping, stopped, zombie);
  unsigned long mem_total = 0;
  if (read_text("/proc/meminfo", meminfo, sizeof meminfo) > 0) mem_total = meminfo_kb(meminfo, "MemTotal");
  printf("\n  PID USER      PR  NI    VIRT    RES    SHR S  %%CPU  %%MEM     TIME+ COMMAND\n");
  qsort(rows, count, sizeof rows[0], by_cpu);
  for (int i = 0; i < count && (max_rows < 0 || i < max_rows); i++) print_row(&rows[i], mem_total, width);
  previous = current;
}

static struct termios saved_terminal;

static void give_back_keyboard(int sig) {
  tcsetattr(STDIN_FILENO, TCSANOW, &saved_terminal);
  if (sig) {
    signal(sig, SIG_DFL);
    raise(sig);
  }
}

/* On a terminal top reads single keys (q quits) without echo, as the real one does; the
   terminal is put back on exit and on the signals that end it. */
static int take_keyboard(void) {
  struct termios raw;
  if (!isatty(STDIN_FILENO) || tcgetattr(STDIN_FILENO, &saved_terminal) < 0) return 0;
  raw = saved_terminal;
  raw.c_lflag &= ~(ICANON | ECHO);
  raw.c_cc[VMIN] = 1;
  raw.c_cc[VTIME] = 0;
  if (tcsetattr(STDIN_FILENO, TCSANOW, &raw) < 0) return 0;
  signal(SIGINT, give_back_keyboard);
  signal(SIGTERM, give_back_keyboard);
  return 1;
}

/* Waits `delay` ns, or less when a key comes: 1 when it was q. */
static int wait_or_quit(long long delay, int keys) {
  struct pollfd key = {STDIN_FILENO, POLLIN, 0};
  if (keys) {
    int ready = poll(&key, 1, (int)(delay / 1000000));
    if (ready > 0) {
      char c = 0;
      return read(STDIN_FILENO, &c, 1) == 1 && (c == 'q' || c == 'Q');
    }
    if (ready == 0) return 0;
  }
  struct timespec pause;
  pause.tv_sec = delay / 1000000000LL;
  pause.tv_nsec = delay % 1000000000LL;
  nanosleep(&pause, NULL);
  return 0;
}

static int usage(const char *bad) {
  fprintf(stderr, "top: bad option or value '%s'\nUsage:\n  top -b -d secs -n max\n", bad);
  return 1;
}

int main(int argc, char **argv) {
  long long delay = 3000000000LL;
  int iterations = -1, batch = 0, width = 80, height = -1;
  for (int i = 1; i < argc; i++) {
    /* clustered as procps allows: -b -n 3, -bn3, -d0.5 */
    const char *p = argv[i];
    if (*p++ != '-' || *p == '\0') return usage(argv[i]);
    for (; *p; p++) {
      if (*p == 'b') {
        batch = 1;
        continue;
      }
      if (*p != 'd' && *p != 'n') return usage(argv[i]);
      const char *value = p[1] ? p + 1 : i + 1 < argc ? argv[++i] : "";
      if (*p == 'd' && (delay = parse_seconds(value)) < 0) return usage(value);
      if (*p == 'n' && (iterations = atoi(value)) <= 0) return usage(value);
      break;
    }
  }
  struct winsize ws;
  if (!batch && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0) {
    width = ws.ws_col;
    height = ws.ws_row - 7;
  }
  if (read_text("/proc/stat", text, sizeof text) < 0) {
    fprintf(stderr, "top: failed /proc/stat open: %s\n", strerror(errno));
    return 1;
  }
  int keys = !batch && take_keyboard();
  read_cpu_line(previous.cpu);
  for (int n = 0; iterations < 0 || n < iterations; n++) {
    if (n > 0 && wait_or_quit(delay, keys)) break;
    if (!batch) printf("\033[H\033[2J");
    else if (n > 0) printf("\n");
    frame(n == 0, width, height);
    fflush(stdout);
  }
  if (keys) give_back_keyboard(0);
  return 0;
}

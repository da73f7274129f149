/* Clocks and sleeping, calendar conversion, limits and usage, sysconf, uname, randomness,
   affinity, the program break and mappings. */
#include <errno.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>
#include "test.h"

static long long elapsed_ns(const struct timespec *a, const struct timespec *b) {
  return (b->tv_sec - a->tv_sec) * 1000000000LL + (b->tv_nsec - a->tv_nsec);
}

static void test_clocks_and_sleep(void) {
  struct timespec before, after, request, resolution;
  struct timeval tv;
  time_t now;
  ASSERT(0, clock_gettime(CLOCK_MONOTONIC, &before));
  request.tv_sec = 0;
  request.tv_nsec = 30000000;
  ASSERT(0, nanosleep(&request, NULL));
  ASSERT(0, usleep(20000));
  ASSERT(0, clock_gettime(CLOCK_MONOTONIC, &after));
  ASSERT(1, elapsed_ns(&before, &after) >= 50000000);
  ASSERT(1, elapsed_ns(&before, &after) < 2000000000);
  request.tv_nsec = 2000000000;
  ASSERT(-1, nanosleep(&request, NULL));
  ASSERT(EINVAL, errno);
  ASSERT(0, gettimeofday(&tv, NULL));
  now = time(NULL);
  ASSERT(1, now >= tv.tv_sec && now - tv.tv_sec < 5);
  ASSERT(1, tv.tv_sec > 1600000000 && tv.tv_usec >= 0 && tv.tv_usec < 1000000);
  ASSERT(0, clock_getres(CLOCK_MONOTONIC, &resolution));
  ASSERT(1, resolution.tv_sec == 0 && resolution.tv_nsec > 0);
  ASSERT(1, clock() >= 0);
  ASSERT(-1, clock_gettime(999, &before));
  ASSERT(EINVAL, errno);
  ASSERT(0, sleep(0));
}

static void test_interval_timer(void) {
  struct itimerval value, old;
  memset(&value, 0, sizeof(value));
  value.it_value.tv_sec = 100;
  value.it_interval.tv_usec = 250000;
  ASSERT(0, setitimer(ITIMER_REAL, &value, NULL));
  ASSERT(0, getitimer(ITIMER_REAL, &old));
  ASSERT(1, old.it_value.tv_sec >= 99 && old.it_value.tv_sec <= 100);
  ASSERT(250000, old.it_interval.tv_usec);
  memset(&value, 0, sizeof(value));
  ASSERT(0, setitimer(ITIMER_REAL, &value, &old));
  ASSERT(250000, old.it_interval.tv_usec);
  ASSERT(0, alarm(0));
}

static void test_calendar(void) {
  time_t t = 951782400; /* 2000-02-29 00:00:00 UTC, a Tuesday */
  struct tm tm;
  ASSERT(1, gmtime_r(&t, &tm) == &tm);
  ASSERT(100, tm.tm_year);
  ASSERT(1, tm.tm_mon);
  ASSERT(29, tm.tm_mday);
  ASSERT(2, tm.tm_wday);
  ASSERT(59, tm.tm_yday);
  t = -1;
  gmtime_r(&t, &tm);
  ASSERT(69, tm.tm_year);
  ASSERT(11, tm.tm_mon);
  ASSERT(31, tm.tm_mday);
  ASSERT(23, tm.tm_hour);
  ASSERT(59, tm.tm_sec);
  ASSERT(3, tm.tm_wday);
  tm.tm_year = 124;
  tm.tm_mon = 12; /* month 13 of 2024 is January 2025 */
  tm.tm_mday = 1;
  tm.tm_hour = 0;
  tm.tm_min = 0;
  tm.tm_sec = 0;
  ASSERT(1735689600, timegm(&tm));
  ASSERT(125, tm.tm_year);
  ASSERT(0, tm.tm_mon);
  t = 4102444800LL; /* 2100-01-01: past 2038 */
  gmtime_r(&t, &tm);
  ASSERT(200, tm.tm_year);
  ASSERT(5, tm.tm_wday);
}

static void test_limits_and_usage(void) {
  struct rlimit limit, lowered;
  struct rusage usage;
  int niceness;
  ASSERT(0, getrlimit(RLIMIT_STACK, &limit));
  ASSERT(8 << 20, limit.rlim_cur);
  ASSERT(0, getrlimit(RLIMIT_NOFILE, &limit));
  ASSERT(1, limit.rlim_cur > 3);
  lowered.rlim_cur = 64;
  lowered.rlim_max = limit.rlim_max;
  ASSERT(0, setrlimit(RLIMIT_NOFILE, &lowered));
  ASSERT(0, getrlimit(RLIMIT_NOFILE, &limit));
  ASSERT(64, limit.rlim_cur);
  ASSERT(64, sysconf(_SC_OPEN_MAX));
  ASSERT(-1, getrlimit(99, &limit));
  ASSERT(EINVAL, errno);
  ASSERT(0, getrusage(RUSAGE_SELF, &usage));
  ASSERT(1, usage.ru_utime.tv_usec >= 0 && usage.ru_utime.tv_usec < 1000000);
  ASSERT(1, usage.ru_maxrss > 0);
  niceness = getpriority(PRIO_PROCESS, 0);
  ASSERT(1, niceness >= -20 && niceness <= 16);
  ASSERT(niceness + 3, nice(3));
  ASSERT(niceness + 3, getpriority(PRIO_PROCESS, 0));
}

static void test_system_facts(void) {
  struct utsname info;
  char host[80];
  cpu_set_t cpus;
  unsigned char random_bytes[32] = {0};
  int nonzero = 0;
  int i;
  ASSERT(4096, sysconf(_SC_PAGESIZE));
  ASSERT(4096, getpagesize());
  ASSERT(100, sysconf(_SC_CLK_TCK));
  ASSERT(1, sysconf(_SC_NPROCESSORS_ONLN) >= 1);
  ASSERT(-1, sysconf(-5));
  ASSERT(EINVAL, errno);
  ASSERT(0, uname(&info));
  ASSERT(0, strcmp(info.sysname, "Linux"));
  ASSERT(0, strncmp(info.machine, "riscv32", 7));
  ASSERT(0, gethostname(host, sizeof(host)));
  ASSERT(0, strcmp(host, info.nodename));
  ASSERT(-1, gethostname(host, 0));
  ASSERT(ENAMETOOLONG, errno);
  ASSERT(0, sched_getaffinity(0, sizeof(cpus), &cpus));
  ASSERT(sysconf(_SC_NPROCESSORS_ONLN), CPU_COUNT(&cpus));
  ASSERT(32, getrandom(random_bytes, sizeof(random_bytes), 0));
  for (i = 0; i < 32; i++) nonzero += random_bytes[i] != 0;
  ASSERT(1, nonzero > 16);
  ASSERT(0, getentropy(random_bytes, 16));
  ASSERT(-1, getentropy(random_bytes, 257));
  ASSERT(EIO, errno);
  ASSERT(0, sched_yield());
}

static void test_memory(void) {
  char *start = sbrk(0);
  char *grown;
  char *mapping;
  ASSERT(1, start != (char *)-1);
  ASSERT(start, sbrk(8192));
  grown = sbrk(0);
  ASSERT(8192, grown - start);
  start[8191] = 7;
  ASSERT(grown, sbrk(-8192));
  ASSERT(start, sbrk(0));
  mapping = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  ASSERT(1, mapping != MAP_FAILED);
  ASSERT(0, (unsigned long)mapping % 4096);
  ASSERT(0, mapping[5000]);
  mapping[5000] = 1;
  ASSERT(0, mprotect(mapping, 4096, PROT_READ));
  ASSERT(0, munmap(mapping, 3 * 4096));
  ASSERT(1, mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 100) == MAP_FAILED);
  ASSERT(EINVAL, errno);
  ASSERT(1, mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, 99, 0) == MAP_FAILED);
  ASSERT(EBADF, errno);
}

int main(void) {
  test_clocks_and_sleep();
  test_calendar();
  test_interval_timer();
  test_limits_and_usage();
  test_system_facts();
  test_memory();
  return test_done();
}

/* Clocks, sleeping and calendar time. riscv32 has only the *_time64 calls, so time_t is 64
   bits and every struct timespec crosses into the kernel as a 16-byte __kernel_timespec. The
   calendar functions know only UTC (no time-zone database in the simulated machine). */
#ifndef _TIME_H
#define _TIME_H

#include <bits/types.h>
#include <bits/timespec.h>

#define CLOCKS_PER_SEC 1000000l
#define TIME_UTC 1

#define CLOCK_REALTIME 0
#define CLOCK_MONOTONIC 1
#define CLOCK_PROCESS_CPUTIME_ID 2
#define CLOCK_THREAD_CPUTIME_ID 3
#define CLOCK_MONOTONIC_RAW 4
#define CLOCK_REALTIME_COARSE 5
#define CLOCK_MONOTONIC_COARSE 6
#define CLOCK_BOOTTIME 7
#define TIMER_ABSTIME 1

struct tm {
  int tm_sec;
  int tm_min;
  int tm_hour;
  int tm_mday;
  int tm_mon;
  int tm_year;
  int tm_wday;
  int tm_yday;
  int tm_isdst;
  long tm_gmtoff;
  const char *tm_zone;
};

struct itimerspec {
  struct timespec it_interval;
  struct timespec it_value;
};

time_t time(time_t *tloc);
clock_t clock(void);
int clock_gettime(clockid_t clock, struct timespec *tp);
int clock_settime(clockid_t clock, const struct timespec *tp);
int clock_getres(clockid_t clock, struct timespec *res);
int clock_nanosleep(clockid_t clock, int flags, const struct timespec *request, struct timespec *remain);
int nanosleep(const struct timespec *request, struct timespec *remain);
int timespec_get(struct timespec *ts, int base);

struct tm *gmtime(const time_t *t);
struct tm *gmtime_r(const time_t *t, struct tm *result);
struct tm *localtime(const time_t *t);
struct tm *localtime_r(const time_t *t, struct tm *result);
time_t mktime(struct tm *tm);
time_t timegm(struct tm *tm);

#endif

/* Calendar time in UTC (the simulated machine has no time-zone database, so local time is
   UTC). Day counts convert to dates with Howard Hinnant's days_from_civil / civil_from_days,
   which treat March as the first month so the leap day falls at the end of the year. */
#include <errno.h>
#include <time.h>

#define SECONDS_PER_DAY 86400

static long long floor_divide(long long a, long long b) {
  long long q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

static long long days_from_civil(long long year, int month, int day) {
  long long era;
  long long year_of_era;
  long long day_of_year;
  long long day_of_era;
  year -= month <= 2;
  era = floor_divide(year, 400);
  year_of_era = year - era * 400;
  day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}


struct tm *gmtime_r(const time_t *t, struct tm *result) {
  long long days = floor_divide(*t, SECONDS_PER_DAY);
  long long seconds = *t - days * SECONDS_PER_DAY;
  long long z = days + 719468;
  long long era = floor_divide(z, 146097);
  long long day_of_era = z - era * 146097;
  long long year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  long long day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  long long shifted_month = (5 * day_of_year + 2) / 153;
  int month = (int)(shifted_month < 10 ? shifted_month + 3 : shifted_month - 9);
  long long year = year_of_era + era * 400 + (month <= 2);
  if (year - 1900 > 0x7fffffff || year - 1900 < -0x7fffffff) {
    errno = EOVERFLOW;
    return NULL;
  }
  result->tm_sec = (int)(seconds % 60);
  result->tm_min = (int)(seconds / 60 % 60);
  result->tm_hour = (int)(seconds / 3600);
  result->tm_mday = (int)(day_of_year - (153 * shifted_month + 2) / 5 + 1);
  result->tm_mon = month - 1;
  result->tm_year = (int)(year - 1900);
  result->tm_wday = (int)(floor_divide(days + 4, 7) * -7 + days + 4);
  result->tm_yday = (int)(days - days_from_civil(year, 1, 1));
  result->tm_isdst = 0;
  result->tm_gmtoff = 0;
  result->tm_zone = "UTC";
  return result;
}

struct tm *gmtime(const time_t *t) {
  static struct tm result;
  return gmtime_r(t, &result);
}

struct tm *localtime_r(const time_t *t, struct tm *result) {
  return gmtime_r(t, result);
}

struct tm *localtime(const time_t *t) {
  return gmtime(t);
}

/* Fields may be out of range (tm_mday 0, tm_mon 14, ...): they are normalized, as C requires. */
time_t timegm(struct tm *tm) {
  long long month = tm->tm_mon;
  long long year = (long long)tm->tm_year + 1900 + floor_divide(month, 12);
  long long days;
  time_t result;
  month -= floor_divide(month, 12) * 12;
  days = days_from_civil(year, (int)month + 1, 1) + tm->tm_mday - 1;
  result = days * SECONDS_PER_DAY + (long long)tm->tm_hour * 3600 + (long long)tm->tm_min * 60 + tm->tm_sec;
  if (gmtime_r(&result, tm) == NULL) return -1;
  return result;
}

time_t mktime(struct tm *tm) {
  return timegm(tm);
}

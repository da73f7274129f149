/* String to integer conversion with glibc's rules: leading white space, a sign, base 0 picks
   16 for "0x", 8 for a leading 0, else 10; base 16 accepts "0x"; out-of-range values saturate
   with errno = ERANGE; endptr points past the last digit used, or at nptr when none was. The
   unsigned forms negate a leading '-' in their own type, as C requires. */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>
#include "../libc-internal.h"

int __digit_value(int c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'Z')
        return c - 'A' + 10;
    return 99;
}

/* The magnitude of the number at nptr, clamped to limit (the largest magnitude allowed for
   the sign found) with *out_of_range set when clamped. */
static unsigned long long parse_magnitude(const char *nptr, char **endptr, int base, unsigned long long positive_limit,
                                          unsigned long long negative_limit, int *negative, int *out_of_range) {
    const char *s = nptr;
    const char *first_digit;
    unsigned long long value = 0, limit, cutoff;
    int cutoff_digit;
    *negative = 0;
    *out_of_range = 0;
    if (base < 0 || base == 1 || base > 36) {
        errno = EINVAL;
        return 0;
    }
    while (isspace((unsigned char)*s))
        s++;
    if (*s == '-' || *s == '+')
        *negative = *s++ == '-';
    if ((base == 0 || base == 16) && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') && __digit_value((unsigned char)s[2]) < 16) {
        s += 2;
        base = 16;
    } else if (base == 0) {
        base = s[0] == '0' ? 8 : 10;
    }
    limit = *negative ? negative_limit : positive_limit;
    cutoff = limit / (unsigned)base;
    cutoff_digit = (int)(limit % (unsigned)base);
    for (first_digit = s; __digit_value((unsigned char)*s) < base; s++) {
        int digit = __digit_value((unsigned char)*s);
        if (*out_of_range || value > cutoff || (value == cutoff && digit > cutoff_digit)) {
            *out_of_range = 1;
            continue;
        }
        value = value * (unsigned)base + (unsigned)digit;
    }
    if (endptr)
        *endptr = (char *)(s == first_digit ? nptr : s);
    if (*out_of_range) {
        errno = ERANGE;
        return limit;
    }
    return value;
}

long strtol(const char *nptr, char **endptr, int base) {
    int negative, out_of_range;
    unsigned long long m = parse_magnitude(nptr, endptr, base, LONG_MAX, (unsigned long long)LONG_MAX + 1, &negative, &out_of_range);
    return negative ? (long)(0UL - (unsigned long)m) : (long)m;
}

long long strtoll(const char *nptr, char **endptr, int base) {
    int negative, out_of_range;
    unsigned long long m = parse_magnitude(nptr, endptr, base, LLONG_MAX, (unsigned long long)LLONG_MAX + 1, &negative, &out_of_range);
    return negative ? (long long)(0ULL - m) : (long long)m;
}

unsigned long strtoul(const char *nptr, char **endptr, int base) {
    int negative, out_of_range;
    unsigned long long m = parse_magnitude(nptr, endptr, base, ULONG_MAX, ULONG_MAX, &negative, &out_of_range);
    if (out_of_range)
        return ULONG_MAX;
    return negative ? 0UL - (unsigned long)m : (unsigned long)m;
}

unsigned long long strtoull(const char *nptr, char **endptr, int base) {
    int negative, out_of_range;
    unsigned long long m = parse_magnitude(nptr, endptr, base, ULLONG_MAX, ULLONG_MAX, &negative, &out_of_range);
    if (out_of_range)
        return ULLONG_MAX;
    return negative ? 0ULL - m : m;
}

intmax_t strtoimax(const char *nptr, char **endptr, int base) {
    return strtoll(nptr, endptr, base);
}

uintmax_t strtoumax(const char *nptr, char **endptr, int base) {
    return strtoull(nptr, endptr, base);
}

int atoi(const char *nptr) {
    return (int)strtol(nptr, 0, 10);
}

long atol(const char *nptr) {
    return strtol(nptr, 0, 10);
}

long long atoll(const char *nptr) {
    return strtoll(nptr, 0, 10);
}

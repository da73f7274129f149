/* <stdlib.h> apart from the allocator: string conversion, glibc's rand sequences, qsort's
   stable merge order, bsearch, the environment, integer arithmetic, atexit order. Every
   expectation was checked against glibc by compiling this file natively (the ILP32-only
   strtol limits are guarded). */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include "test.h"

static void test_conversions(void) {
    char *end;
    ASSERT(42, atoi("  42abc"));
    ASSERT(-17, atoi("-17"));
    ASSERT(0, atoi("x1"));
    ASSERT(123456789012LL, atoll("123456789012"));
    ASSERT(255, strtol("0xff", &end, 0));
    ASSERT(0, *end);
    ASSERT(8, strtol("010", 0, 0));
    ASSERT(10, strtol("010", 0, 10));
    ASSERT(5, strtol("101", 0, 2));
    ASSERT(35, strtol("z", 0, 36));
    ASSERT(-255, strtol("  -0XFF", 0, 16));
    ASSERT(0, strtol("0xg", &end, 16));
    ASSERT('x', *end); /* "0x" without a hex digit: only the 0 is used */
    ASSERT(0, strtol("   +", &end, 10));
    ASSERT(' ', *end); /* no digits: endptr is nptr itself */
    errno = 0;
    ASSERT(0, strtol("12", 0, 1));
    ASSERT(EINVAL, errno);
    errno = 0;
    ASSERT(LLONG_MAX, strtoll("9223372036854775808", &end, 10));
    ASSERT(ERANGE, errno);
    ASSERT(0, *end);
    errno = 0;
    ASSERT(LLONG_MIN, strtoll("-9223372036854775808", 0, 10));
    ASSERT(0, errno);
    ASSERT(LLONG_MIN, strtoll("-99999999999999999999", 0, 10));
    ASSERT(ERANGE, errno);
    errno = 0;
    ASSERT(1, strtoull("-18446744073709551615", 0, 10) == 1);
    ASSERT(0, errno);
    ASSERT(1, strtoull("18446744073709551616", 0, 10) == ULLONG_MAX);
    ASSERT(ERANGE, errno);
#if LONG_MAX == 2147483647L
    errno = 0;
    ASSERT(LONG_MAX, strtol("2147483648", 0, 10));
    ASSERT(ERANGE, errno);
    errno = 0;
    ASSERT(LONG_MIN, strtol("-2147483648", 0, 10));
    ASSERT(0, errno);
    ASSERT(1, strtoul("-1", 0, 10) == 4294967295UL);
    ASSERT(1, strtoul("4294967296", 0, 10) == ULONG_MAX);
    ASSERT(ERANGE, errno);
#endif
}

static void test_rand(void) {
    unsigned int seed = 1;
    srand(1);
    ASSERT(1804289383, rand());
    ASSERT(846930886, rand());
    ASSERT(1681692777, rand());
    ASSERT(1714636915, rand());
    ASSERT(1957747793, rand());
    srand(42);
    ASSERT(71876166, rand());
    ASSERT(708592740, rand());
    srand(0);
    ASSERT(1804289383, rand()); /* seed 0 means 1 */
    srand(4000000000u);
    ASSERT(1111130805, rand());
    ASSERT(476707713, rand_r(&seed));
    ASSERT(1186278907, rand_r(&seed));
    ASSERT(505671508, rand_r(&seed));
    ASSERT(3210001534u, seed);
}

struct pair {
    int key;
    int order;
};

static int comparisons;

static int by_key(const void *a, const void *b) {
    comparisons++;
    return ((const struct pair *)a)->key - ((const struct pair *)b)->key;
}

static int by_int(const void *a, const void *b) {
    return *(const int *)a - *(const int *)b;
}

static int by_int_descending_if(const void *a, const void *b, void *descending) {
    int order = *(const int *)a - *(const int *)b;
    return *(int *)descending ? -order : order;
}

static void test_sorting(void) {
    struct pair pairs[12];
    int keys[12] = {5, 3, 5, 1, 3, 5, 0, 1, 9, 3, 0, 5};
    int numbers[7] = {40, 10, 30, 20, 70, 60, 50};
    int big[600];
    int i, sorted = 1, target = 60;
    for (i = 0; i < 12; i++) {
        pairs[i].key = keys[i];
        pairs[i].order = i;
    }
    qsort(pairs, 12, sizeof pairs[0], by_key);
    /* Stable: equal keys keep their original order. */
    ASSERT(6, pairs[0].order);
    ASSERT(10, pairs[1].order);
    ASSERT(3, pairs[2].order);
    ASSERT(7, pairs[3].order);
    ASSERT(1, pairs[4].order);
    ASSERT(4, pairs[5].order);
    ASSERT(9, pairs[6].order);
    ASSERT(0, pairs[7].order);
    ASSERT(2, pairs[8].order);
    ASSERT(5, pairs[9].order);
    ASSERT(11, pairs[10].order);
    ASSERT(8, pairs[11].order);
    ASSERT(30, comparisons); /* glibc's merge sort makes exactly these comparisons */
    i = 1;
    qsort_r(numbers, 7, sizeof numbers[0], by_int_descending_if, &i);
    ASSERT(70, numbers[0]);
    ASSERT(10, numbers[6]);
    qsort(numbers, 7, sizeof numbers[0], by_int);
    ASSERT(10, numbers[0]);
    ASSERT(70, numbers[6]);
    ASSERT(numbers + 5, bsearch(&target, numbers, 7, sizeof numbers[0], by_int));
    target = 65;
    ASSERT(0, bsearch(&target, numbers, 7, sizeof numbers[0], by_int) != 0);
    /* Large enough that the scratch buffer comes from malloc. */
    for (i = 0; i < 600; i++)
        big[i] = (i * 7919) % 601;
    qsort(big, 600, sizeof big[0], by_int);
    for (i = 1; i < 600; i++)
        sorted &= big[i - 1] <= big[i];
    ASSERT(1, sorted);
}

static void test_environment(void) {
    ASSERT(0, getenv("OSLAB_TEST") != 0);
    ASSERT(0, setenv("OSLAB_TEST", "one", 0));
    ASSERT_STR("one", getenv("OSLAB_TEST"));
    ASSERT(0, setenv("OSLAB_TEST", "two", 0));
    ASSERT_STR("one", getenv("OSLAB_TEST"));
    ASSERT(0, setenv("OSLAB_TEST", "three", 1));
    ASSERT_STR("three", getenv("OSLAB_TEST"));
    ASSERT(0, setenv("OSLAB_OTHER", "x=y", 1));
    ASSERT_STR("x=y", getenv("OSLAB_OTHER"));
    ASSERT(0, getenv("OSLAB") != 0);
    ASSERT(-1, setenv("BAD=NAME", "v", 1));
    ASSERT(EINVAL, errno);
    ASSERT(0, unsetenv("OSLAB_TEST"));
    ASSERT(0, getenv("OSLAB_TEST") != 0);
    ASSERT_STR("x=y", getenv("OSLAB_OTHER"));
}

static void test_arithmetic(void) {
    div_t d = div(-7, 2);
    ldiv_t ld = ldiv(7, -2);
    lldiv_t lld = lldiv(-100000000000LL, 7);
    ASSERT(5, abs(-5));
    ASSERT(5, labs(5));
    ASSERT(10000000000LL, llabs(-10000000000LL));
    ASSERT(-3, d.quot);
    ASSERT(-1, d.rem);
    ASSERT(-3, ld.quot);
    ASSERT(1, ld.rem);
    ASSERT(-14285714285LL, lld.quot);
    ASSERT(-5, lld.rem);
}

static void first_registered(void) { printf("atexit: registered first, runs last\n"); }
static void second_registered(void) { printf("atexit: registered second, runs first\n"); }

int main(void) {
    test_conversions();
    test_rand();
    test_sorting();
    test_environment();
    test_arithmetic();
    atexit(first_registered);
    atexit(second_registered);
    return DONE();
}

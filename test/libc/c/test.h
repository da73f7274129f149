/* chibicc-style assertions for the libc tests: each ASSERT prints the expression's text when it
   fails, and main ends with DONE(), which prints the tally and exits non-zero on any failure. */
#include <stdio.h>
#include <string.h>

static int test_failures;
static int test_count;

static void assert_int(long long expected, long long actual, const char *text, int line) {
    test_count++;
    if (expected != actual) {
        test_failures++;
        printf("line %d: %s => %lld, expected %lld\n", line, text, actual, expected);
    }
}

static void assert_str(const char *expected, const char *actual, const char *text, int line) {
    test_count++;
    if (!actual || strcmp(expected, actual) != 0) {
        test_failures++;
        printf("line %d: %s => \"%s\", expected \"%s\"\n", line, text, actual ? actual : "(null)", expected);
    }
}

#define ASSERT(expected, expr) assert_int((long long)(expected), (long long)(expr), #expr, __LINE__)
#define ASSERT_STR(expected, expr) assert_str(expected, expr, #expr, __LINE__)
#define DONE() (printf("%d passed, %d failed\n", test_count - test_failures, test_failures), test_failures != 0)

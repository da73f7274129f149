/* The in-guest test harness for the system half of libc (chibicc's test/test.h shape):
   ASSERT(expected, expr) prints the expression's text, line and value when they differ.
   Output goes straight to write(2) so a fork never duplicates buffered text. */
#ifndef SYS_TEST_H
#define SYS_TEST_H

#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int test_failures;

static void test_say(const char *text) {
  write(1, text, strlen(text));
}

static void test_check(long long expected, long long actual, const char *code, int line) {
  char message[256];
  if (expected == actual) return;
  snprintf(message, sizeof(message), "line %d: %s => %lld, expected %lld\n", line, code, actual, expected);
  test_say(message);
  test_failures++;
}

#define ASSERT(expected, expr) test_check((long long)(expected), (long long)(expr), #expr, __LINE__)

/* Ends main: "OK" when every ASSERT held. */
static int test_done(void) {
  if (test_failures != 0) return 1;
  test_say("OK\n");
  return 0;
}

#endif

/* assert's failure path, with glibc's message ("prog: file.c:12: main: Assertion `x == 1'
   failed.") on stderr, then abort, which leaves stdout's buffer unflushed as on Linux. */
#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

/* glibc's names for argv[0] and its last path component; the start-up code sets them. */
char *program_invocation_name;
char *program_invocation_short_name;

_Noreturn void __assert_fail(const char *assertion, const char *file, unsigned int line, const char *function) {
    const char *program = program_invocation_short_name ? program_invocation_short_name : "";
    fprintf(stderr, "%s%s%s:%u: %s%sAssertion `%s' failed.\n", program, *program ? ": " : "", file, line,
            function ? function : "", function ? ": " : "", assertion);
    abort();
}

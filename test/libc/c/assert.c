/* A failing assert: glibc's message on stderr, then abort, which (unlike exit) does not flush
   stdout, so the buffered line below is lost when stdout is a pipe. */
#include <assert.h>
#include <stdio.h>

static int one_plus_one(void) {
    return 1 + 1;
}

int main(void) {
    printf("this line stays in the buffer\n");
    assert(one_plus_one() == 2);
    assert(one_plus_one() == 3);
    printf("not reached\n");
    return 0;
}

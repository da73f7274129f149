/* Buffering as a learner sees it when stdout and stderr share one pipe: stderr is unbuffered,
   stdout is fully buffered on a pipe (line-buffered on a terminal), so the stdout lines come
   out after stderr's, at exit; a partial last line is flushed by exit too. With "big" it
   writes 5000 bytes so the full buffer (the pipe's 4096-byte block) is seen to go out first. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv) {
    int i;
    dup2(1, 2);
    if (argc > 1 && strcmp(argv[1], "big") == 0) {
        for (i = 0; i < 500; i++)
            printf("%09d\n", i);
        fprintf(stderr, "[stderr after 5000 bytes]\n");
        return 0;
    }
    printf("stdout line 1\n");
    fprintf(stderr, "stderr line\n");
    printf("stdout line 2\n");
    fflush(stdout);
    fprintf(stderr, "stderr after fflush\n");
    printf("partial line without newline");
    return 0;
}

/* Reading standard input the ways a learner does: scanf for numbers and words (leaving the
   newline behind), getchar, fgets for a whole line, then scanf at end of input giving EOF. The
   prompt printed without a newline must come out before the answers (exit flushes it). */
#include <stdio.h>

int main(void) {
    int age = 0, count;
    char name[32], line[64];
    printf("Name and age? ");
    count = scanf("%31s %d", name, &age);
    printf("scanf read %d: %s is %d\n", count, name, age);
    printf("next char: %d\n", getchar());
    if (fgets(line, sizeof line, stdin))
        printf("line: %s", line);
    count = scanf("%d", &age);
    printf("at the end scanf gives %d\n", count);
    printf("getchar gives %d\n", getchar());
    return 0;
}

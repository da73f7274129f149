/* Cache locality: sum a 1024×1024 int matrix row by row or column by column.
 *
 *   oslab run --caches on --stats row.json locality.c row
 *   oslab run --caches on --stats col.json locality.c col
 *
 * Both orders add the same numbers, so they print the same sum; the column order strides
 * 4 KiB between accesses, so nearly every load misses L1 and touches a new page, and the
 * simulated time shows what that costs. */
#include <stdio.h>
#include <string.h>

#define N 1024

static int matrix[N][N];

int main(int argc, char **argv) {
    int by_column = argc > 1 && strcmp(argv[1], "col") == 0;
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) matrix[i][j] = i ^ j;

    unsigned long sum = 0;
    if (by_column) {
        for (int j = 0; j < N; j++)
            for (int i = 0; i < N; i++) sum += matrix[i][j];
    } else {
        for (int i = 0; i < N; i++)
            for (int j = 0; j < N; j++) sum += matrix[i][j];
    }
    printf("%s sum = %lu\n", by_column ? "column-major" : "row-major", sum);
    return 0;
}

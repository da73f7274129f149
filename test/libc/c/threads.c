/* Threads sharing the libc: four threads each print 200 lines with one printf per line and
   churn malloc/free, so the stream lock and the allocator lock are both contended. Every line
   must come out whole, and every block must keep its contents. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define THREADS 4
#define LINES 200

static int corrupt_blocks;

static void *worker(void *arg) {
    int id = (int)(long)arg, line, size;
    for (line = 0; line < LINES; line++) {
        size = 16 + (line * 37 + id * 11) % 400;
        char *block = malloc((size_t)size);
        memset(block, id, (size_t)size);
        printf("thread %d line %03d %s\n", id, line, "payload-payload-payload");
        if (block[size - 1] != id || block[0] != id)
            __atomic_fetch_add(&corrupt_blocks, 1, __ATOMIC_SEQ_CST);
        free(block);
    }
    return 0;
}

int main(void) {
    pthread_t threads[THREADS];
    long i;
    for (i = 0; i < THREADS; i++)
        pthread_create(&threads[i], 0, worker, (void *)i);
    for (i = 0; i < THREADS; i++)
        pthread_join(threads[i], 0);
    fprintf(stderr, "corrupt blocks: %d\n", corrupt_blocks);
    return 0;
}

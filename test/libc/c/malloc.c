/* The allocator: a randomised stress (many sizes, realloc growth, frees in random order, every
   block's contents checked), alignment, calloc's zeroing, the aligned allocators, and what a
   learner sees with strace or sbrk(0): the first malloc moves the break by 132 KiB, a 200 KiB
   block is mapped away from the heap (and the threshold rises once it is freed), and freeing
   a large top of the heap gives memory back. Freed small blocks are reused last in, first
   out, as glibc's thread cache does, and a break moved by the program itself is survived. With the argument "double-free" it frees a block
   twice, which glibc reports and aborts on. Checked against glibc by compiling natively. */
#include <errno.h>
#include <malloc.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "test.h"

#define BLOCKS 200

static unsigned int random_state = 12345;

static unsigned int next_random(void) {
    random_state ^= random_state << 13;
    random_state ^= random_state >> 17;
    random_state ^= random_state << 5;
    return random_state;
}

struct block {
    unsigned char *memory;
    size_t size;
    unsigned char tag;
};

static int intact(const struct block *b) {
    size_t i;
    for (i = 0; i < b->size; i++) {
        if (b->memory[i] != (unsigned char)(b->tag + i))
            return 0;
    }
    return 1;
}

static void fill(struct block *b) {
    size_t i;
    for (i = 0; i < b->size; i++)
        b->memory[i] = (unsigned char)(b->tag + i);
}

static size_t random_size(void) {
    unsigned int r = next_random();
    if (r % 20 == 0)
        return 1000 + r % 4000;
    return r % 300;
}

static void test_stress(void) {
    static struct block blocks[BLOCKS];
    int round, corrupt = 0, misaligned = 0, failed = 0;
    for (round = 0; round < 1200; round++) {
        struct block *b = &blocks[next_random() % BLOCKS];
        unsigned int action = next_random() % 3;
        if (b->memory && !intact(b))
            corrupt++;
        if (!b->memory || action == 0) {
            free(b->memory);
            b->size = random_size();
            b->memory = malloc(b->size);
        } else if (action == 1) {
            size_t grown_size = b->size + next_random() % 2000;
            unsigned char *grown = realloc(b->memory, grown_size);
            if (!grown) {
                failed++;
                continue;
            }
            b->memory = grown;
            corrupt += !intact(b); /* the old contents moved along */
            b->size = grown_size;
        } else {
            free(b->memory);
            b->memory = 0;
            continue;
        }
        if (!b->memory) {
            failed++;
            continue;
        }
        misaligned += ((uintptr_t)b->memory % 16) != 0;
        b->tag = (unsigned char)next_random();
        fill(b);
    }
    for (round = 0; round < BLOCKS; round++) {
        if (blocks[round].memory && !intact(&blocks[round]))
            corrupt++;
        free(blocks[round].memory);
    }
    ASSERT(0, corrupt);
    ASSERT(0, misaligned);
    ASSERT(0, failed);
}

static void test_basics(void) {
    unsigned char *p = malloc(100), *q;
    void *aligned = 0;
    int i, nonzero = 0;
    memset(p, 0xff, 100);
    free(p);
    q = calloc(100, 1);
    for (i = 0; i < 100; i++)
        nonzero += q[i] != 0;
    ASSERT(0, nonzero);
    free(q);
    p = malloc(0);
    ASSERT(1, p != 0);
    free(p);
    p = malloc(24);
    ASSERT(1, malloc_usable_size(p) >= 24);
    if (sizeof(void *) == 4)
        ASSERT(28, malloc_usable_size(p)); /* a 32-byte chunk less its size word */
    memcpy(p, "twenty-three characters", 24);
    p = realloc(p, 5000);
    ASSERT_STR("twenty-three characters", (char *)p);
    p = realloc(p, 10);
    ASSERT(0, memcmp(p, "twenty-thr", 10));
    ASSERT(0, realloc(p, 0) != 0);
    p = realloc(0, 50);
    ASSERT(1, p != 0);
    free(p);
    ASSERT(0, posix_memalign(&aligned, 64, 100));
    ASSERT(0, (uintptr_t)aligned % 64);
    free(aligned);
    ASSERT(EINVAL, posix_memalign(&aligned, 24, 100));
    aligned = aligned_alloc(4096, 4096);
    ASSERT(0, (uintptr_t)aligned % 4096);
    memset(aligned, 1, 4096);
    free(aligned);
    if (sizeof(size_t) == 4)
        ASSERT(0, calloc(0x10000, 0x10000) != 0); /* nmemb * size overflows */
    ASSERT(0, malloc((size_t)-1) != 0);
}

/* glibc's thread cache: freed small blocks come back last in, first out, and a freed block
   holds a scrambled ("safe-linked") next pointer and a non-zero key. */
static void test_reuse_order(void) {
    char *a = malloc(20), *b = malloc(20), *c, *d;
    uintptr_t *words;
    free(a);
    free(b);
    c = malloc(20);
    d = malloc(20);
    ASSERT(1, c == b);
    ASSERT(1, d == a);
    words = (uintptr_t *)malloc(200);
    free(words);
    ASSERT((uintptr_t)words >> 12, words[0]); /* the last in its bin: next is NULL, scrambled */
    ASSERT(1, words[1] != 0);
    free(c);
    free(d);
}

static int inside_heap(void *p, char *heap_start) {
    return (char *)p >= heap_start && (char *)p < (char *)sbrk(0);
}

/* Two 100 KiB blocks (under the threshold) grow the heap; freed, the break comes back down. */
static void test_heap_trim(char *heap_start) {
    char *end_before = sbrk(0), *peak;
    char *a = malloc(100 * 1024), *b = malloc(100 * 1024);
    ASSERT(1, inside_heap(a, heap_start) && inside_heap(b, heap_start));
    peak = sbrk(0);
    ASSERT(1, peak > end_before + 64 * 1024);
    free(b);
    free(a);
    ASSERT(1, (char *)sbrk(0) <= peak - 64 * 1024);
}

/* The program moves the break itself (as a learner trying sbrk does): the allocator must carry
   on in a new region past the program's block, leaving that block alone. */
static void test_foreign_sbrk(void) {
    static char *blocks[300];
    char *mine = sbrk(8192);
    int i, corrupt = 0;
    memset(mine, 0x5a, 8192);
    for (i = 0; i < 300; i++) {
        blocks[i] = malloc(1000);
        memset(blocks[i], i & 0xff, 1000);
    }
    for (i = 0; i < 300; i++) {
        corrupt += blocks[i][0] != (char)(i & 0xff) || blocks[i][999] != (char)(i & 0xff);
        corrupt += blocks[i] < mine + 8192 && blocks[i] + 1000 > mine;
    }
    for (i = 0; i < 300; i += 2)
        free(blocks[i]);
    for (i = 1; i < 300; i += 2)
        free(blocks[i]);
    for (i = 0; i < 8192; i++)
        corrupt += mine[i] != 0x5a;
    ASSERT(0, corrupt);
}

static void test_mmap_threshold(char *heap_start) {
    char *end_before, *big, *again;
    /* 200 KiB is over the 128 KiB threshold: a mapping of its own, the break stays. */
    end_before = sbrk(0);
    big = malloc(200 * 1024);
    ASSERT(0, inside_heap(big, heap_start));
    ASSERT(end_before, sbrk(0));
    memset(big, 7, 200 * 1024);
    free(big);
    /* Freeing it raised the threshold above 200 KiB: the same request now comes from the heap. */
    again = malloc(200 * 1024);
    ASSERT(1, inside_heap(again, heap_start));
    ASSERT(1, (char *)sbrk(0) > end_before);
    free(again);
}

int main(int argc, char **argv) {
    char *heap_start = sbrk(0);
    void *first = malloc(10);
    char *end = sbrk(0);
    if (argc > 1 && strcmp(argv[1], "double-free") == 0) {
        free(first);
        free(first);
        return 0;
    }
    ASSERT(132 * 1024, (end - heap_start) / 4096 * 4096);
    test_basics();
    test_reuse_order();
    test_stress();
    test_heap_trim(heap_start);
    test_foreign_sbrk();
    test_mmap_threshold(heap_start);
    free(first);
    return DONE();
}

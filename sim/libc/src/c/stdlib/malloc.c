/* malloc and free: a boundary-tag allocator shaped like glibc's, so what a learner sees in
   strace and /proc/PID/maps matches Linux. Small requests come from the heap, grown with sbrk
   by the request plus 128 KiB of slack (the first malloc moves the break by 132 KiB, as on
   Linux) and shrunk again when more than 128 KiB lie free at its top; requests of 128 KiB or
   more get their own mmap, returned with munmap. Free chunks merge with free neighbours at
   once and wait in bins: exact-size bins below 1 KiB, then four bins per power of two; a
   request takes the best fit of its bin or the first chunk of a larger bin, then splits off
   the rest. Small chunks pass through glibc's thread cache first (malloc-tcache.c). One spin
   lock guards it all (threads are rare and short here). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "malloc-impl.h"

#define SMALL_BINS 64
#define BIN_COUNT (SMALL_BINS + 4 * 22)

/* Each bin is a circular list whose head is a sentinel chunk (only its links are used). */
static struct chunk bins[BIN_COUNT];
/* One bit per bin that may hold chunks (glibc's binmap), so a request skips empty bins a word
   at a time instead of visiting all 152; a bit found stale is cleared then. */
static unsigned binmap[(BIN_COUNT + 31) / 32];
static int bins_ready;
static struct chunk *top;        /* the free space at the end of the heap, 0 before the first use */
static char *heap_end;           /* where top ends: the current break, as far as we know */
static size_t mmap_threshold = DEFAULT_MMAP_THRESHOLD;
static size_t trim_threshold = DEFAULT_TRIM_THRESHOLD;
static int heap_lock;

void __malloc_lock(void) {
    while (__atomic_exchange_n(&heap_lock, 1, __ATOMIC_ACQUIRE))
        ;
}

void __malloc_unlock(void) {
    __atomic_store_n(&heap_lock, 0, __ATOMIC_RELEASE);
}

_Noreturn void __malloc_fail(const char *message) {
    write(2, message, strlen(message));
    write(2, "\n", 1);
    abort();
}

size_t __malloc_chunk_size_for(size_t n) {
    size_t size;
    if (n > 0x7fffffffu - 2 * PAGE)
        return 0;
    size = (n + sizeof(size_t) + MALLOC_ALIGNMENT - 1) & ~(size_t)(MALLOC_ALIGNMENT - 1);
    return size < MIN_CHUNK ? MIN_CHUNK : size;
}

static int bin_index(size_t size) {
    int log2 = 0;
    size_t v;
    if (size < SMALL_BINS * MALLOC_ALIGNMENT)
        return (int)(size / MALLOC_ALIGNMENT);
    for (v = size; v > 1; v >>= 1)
        log2++;
    /* Four bins per power of two from 1 KiB (2^10) up, picked by the next two bits. */
    return SMALL_BINS + (log2 - 10) * 4 + (int)((size >> (log2 - 2)) & 3);
}

static void init_bins(void) {
    int i;
    for (i = 0; i < BIN_COUNT; i++)
        bins[i].next_free = bins[i].prev_free = &bins[i];
    bins_ready = 1;
}

static void bin_insert(struct chunk *c) {
    int index = bin_index(chunk_size(c));
    struct chunk *head = &bins[index];
    binmap[index >> 5] |= 1u << (index & 31);
    c->next_free = head->next_free;
    c->prev_free = head;
    head->next_free->prev_free = c;
    head->next_free = c;
}

static void bin_remove(struct chunk *c) {
    c->prev_free->next_free = c->next_free;
    c->next_free->prev_free = c->prev_free;
}

/* Whether the chunk after c (not the top) is free: its status lives in the chunk after it. */
static int is_free(struct chunk *c) {
    if (c == top || (c->size & FENCEPOST))
        return 0;
    return !(chunk_at(c, chunk_size(c))->size & PREV_IN_USE);
}

/* Marks c (size bytes, flags kept) as a free chunk: footer, next's flag, and a bin. */
static void make_free(struct chunk *c, size_t size) {
    struct chunk *next = chunk_at(c, size);
    c->size = size | (c->size & PREV_IN_USE);
    next->prev_size = size;
    next->size &= ~PREV_IN_USE;
    bin_insert(c);
}

static void mark_in_use(struct chunk *c, size_t size) {
    c->size = size | (c->size & PREV_IN_USE);
    chunk_at(c, size)->size |= PREV_IN_USE;
}

/* Takes size bytes off the front of the free or top chunk c; what is left stays free. */
static struct chunk *split_front(struct chunk *c, size_t size) {
    size_t total = chunk_size(c);
    struct chunk *rest = chunk_at(c, size);
    if (c == top) {
        top = rest;
        rest->size = (total - size) | PREV_IN_USE;
        c->size = size | (c->size & PREV_IN_USE);
        return c;
    }
    if (total - size < MIN_CHUNK) {
        mark_in_use(c, total);
        return c;
    }
    c->size = size | (c->size & PREV_IN_USE);
    rest->size = PREV_IN_USE;
    make_free(rest, total - size);
    return c;
}

static struct chunk *take_from_bins(size_t size) {
    int index = bin_index(size);
    struct chunk *best = 0, *c;
    for (c = bins[index].next_free; c != &bins[index]; c = c->next_free) {
        if (chunk_size(c) >= size && (!best || chunk_size(c) < chunk_size(best)))
            best = c;
    }
    for (index++; !best && index < BIN_COUNT; index++) {
        unsigned bits = binmap[index >> 5] >> (index & 31);
        if (bits == 0)
            index |= 31; /* nothing more in this word: on to the next */
        else if (!(bits & 1))
            continue;
        else if (bins[index].next_free != &bins[index])
            best = bins[index].next_free;
        else
            binmap[index >> 5] &= ~(1u << (index & 31));
    }
    if (!best)
        return 0;
    bin_remove(best);
    return split_front(best, size);
}

/* A chunk in a mapping of its own; its prev_size says how far into the mapping it starts. */
static struct chunk *allocate_mapped(size_t size) {
    size_t length = (size + CHUNK_HEADER + PAGE - 1) & ~(size_t)(PAGE - 1);
    char *base = mmap(0, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    struct chunk *c;
    if (base == MAP_FAILED)
        return 0;
    c = (struct chunk *)(base + CHUNK_HEADER);
    c->prev_size = CHUNK_HEADER;
    c->size = (length - CHUNK_HEADER) | IS_MMAPPED;
    return c;
}

/* The break moved behind our back (the program called sbrk): the old top is sealed off with
   a fencepost at its end and the rest of it freed, since the new top starts elsewhere. */
static void retire_top(void) {
    size_t size = chunk_size(top);
    struct chunk *fence = chunk_at(top, size - MIN_CHUNK);
    fence->size = MIN_CHUNK | FENCEPOST | PREV_IN_USE;
    if (size >= 2 * MIN_CHUNK) {
        top->size = (size - MIN_CHUNK) | (top->size & PREV_IN_USE);
        make_free(top, size - MIN_CHUNK);
    } else {
        top->size = size | FENCEPOST | (top->size & PREV_IN_USE);
    }
}

/* Grows the heap so top can give size bytes and still keep MIN_CHUNK; 0 when sbrk fails. */
static int grow_heap(size_t size) {
    size_t have = top ? chunk_size(top) : 0;
    size_t want = (size + TOP_PAD + MIN_CHUNK - have + PAGE - 1) & ~(size_t)(PAGE - 1);
    char *old_break = sbrk(0);
    char *base;
    if (!top || old_break != heap_end) {
        /* A fresh region: start so that user memory is 16-aligned, and take the whole pad. */
        want = (size + TOP_PAD + 2 * MIN_CHUNK + PAGE - 1) & ~(size_t)(PAGE - 1);
    }
    base = sbrk((intptr_t)want);
    if (base == (char *)-1)
        return 0;
    if (top && base == heap_end) {
        top->size += want;
        heap_end = base + want;
        return 1;
    }
    if (top)
        retire_top();
    top = (struct chunk *)(base + ((MALLOC_ALIGNMENT + CHUNK_HEADER - (uintptr_t)base % MALLOC_ALIGNMENT) % MALLOC_ALIGNMENT));
    heap_end = base + want;
    top->size = (size_t)(heap_end - (char *)top) | PREV_IN_USE;
    return 1;
}

struct chunk *__malloc_allocate_chunk(size_t size) {
    struct chunk *c;
    if (!bins_ready)
        init_bins();
    c = take_from_bins(size);
    if (c)
        return c;
    if (top && chunk_size(top) >= size + MIN_CHUNK)
        return split_front(top, size);
    if (size >= mmap_threshold && (c = allocate_mapped(size)) != 0)
        return c;
    if (grow_heap(size))
        return split_front(top, size);
    /* The break cannot move (another mapping is in the way): fall back to a mapping. */
    return allocate_mapped(size);
}

/* Gives the top of the heap back when more than the threshold lies free there, keeping the pad. */
static void trim_heap(void) {
    size_t size = chunk_size(top);
    size_t extra;
    if (size < trim_threshold || size <= TOP_PAD + MIN_CHUNK + PAGE || sbrk(0) != heap_end)
        return;
    extra = (size - MIN_CHUNK - 1 - TOP_PAD) & ~(size_t)(PAGE - 1);
    if (extra == 0 || size - extra < MIN_CHUNK)
        return;
    if (sbrk(-(intptr_t)extra) == (void *)-1)
        return;
    heap_end -= extra;
    top->size -= extra;
}

void __malloc_free_chunk(struct chunk *c) {
    size_t size = chunk_size(c);
    struct chunk *next = chunk_at(c, size);
    if (!(c->size & PREV_IN_USE)) {
        struct chunk *prev = chunk_at(c, -(ptrdiff_t)c->prev_size);
        bin_remove(prev);
        size += chunk_size(prev);
        c = prev;
    }
    if (next == top) {
        top = c;
        c->size = (size + chunk_size(next)) | PREV_IN_USE;
        trim_heap();
        return;
    }
    if (is_free(next)) {
        bin_remove(next);
        size += chunk_size(next);
    }
    c->size = size | PREV_IN_USE;
    make_free(c, size);
}

void __malloc_shrink_chunk(struct chunk *c, size_t size) {
    size_t total = chunk_size(c);
    struct chunk *rest;
    if (total - size < MIN_CHUNK)
        return;
    c->size = size | (c->size & PREV_IN_USE);
    rest = chunk_at(c, size);
    rest->size = (total - size) | PREV_IN_USE;
    chunk_at(rest, total - size)->size |= PREV_IN_USE;
    __malloc_free_chunk(rest);
}

int __malloc_grow_in_place(struct chunk *c, size_t size) {
    size_t have = chunk_size(c);
    struct chunk *next = chunk_at(c, have);
    if (next == top) {
        if (have + chunk_size(top) < size + MIN_CHUNK)
            return 0;
        top = chunk_at(c, size);
        top->size = (have + chunk_size(next) - size) | PREV_IN_USE;
        c->size = size | (c->size & PREV_IN_USE);
        return 1;
    }
    if (!is_free(next) || have + chunk_size(next) < size)
        return 0;
    bin_remove(next);
    mark_in_use(c, have + chunk_size(next));
    __malloc_shrink_chunk(c, size);
    return 1;
}

void *malloc(size_t n) {
    size_t size = __malloc_chunk_size_for(n);
    struct chunk *c;
    if (size == 0) {
        errno = ENOMEM;
        return 0;
    }
    __malloc_lock();
    c = __malloc_tcache_take(size);
    if (!c)
        c = __malloc_allocate_chunk(size);
    __malloc_unlock();
    if (!c) {
        errno = ENOMEM;
        return 0;
    }
    return chunk_to_memory(c);
}

/* Freeing a mapped chunk raises the threshold to its size, as glibc does, so a program that
   keeps allocating and freeing big blocks soon gets them from the heap instead. */
static void free_mapped(struct chunk *c) {
    size_t size = chunk_size(c);
    if (size > mmap_threshold && size <= MAX_MMAP_THRESHOLD) {
        mmap_threshold = size;
        trim_threshold = 2 * size;
    }
    munmap((char *)c - c->prev_size, size + c->prev_size);
}

void free(void *p) {
    struct chunk *c;
    struct chunk *next;
    if (!p)
        return;
    c = memory_to_chunk(p);
    if ((uintptr_t)p % MALLOC_ALIGNMENT != 0)
        __malloc_fail("free(): invalid pointer");
    if (c->size & IS_MMAPPED) {
        free_mapped(c);
        return;
    }
    __malloc_lock();
    if (c != top && __malloc_tcache_put(c)) {
        __malloc_unlock();
        return;
    }
    next = chunk_at(c, chunk_size(c));
    if (c == top || !(next->size & PREV_IN_USE)) {
        __malloc_unlock();
        __malloc_fail(c == top ? "double free or corruption (top)" : "double free or corruption (!prev)");
    }
    __malloc_free_chunk(c);
    __malloc_unlock();
}

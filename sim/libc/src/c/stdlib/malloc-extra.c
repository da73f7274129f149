/* The allocator entry points built on malloc.c's chunk operations: calloc (mapped memory is
   already zero), realloc (in place when the chunk or its free neighbour has room, else
   allocate-copy-free), the aligned allocators and malloc_usable_size. */
#include <errno.h>
#include <malloc.h>
#include <string.h>
#include "malloc-impl.h"

/* Bytes the user may use in c: up to the next chunk's size word (mapped: to the end). */
static size_t usable_size(struct chunk *c) {
    return chunk_size(c) - (c->size & IS_MMAPPED ? CHUNK_HEADER : sizeof(size_t));
}

size_t malloc_usable_size(void *p) {
    return p ? usable_size(memory_to_chunk(p)) : 0;
}

void *calloc(size_t nmemb, size_t size) {
    size_t total = nmemb * size;
    void *p;
    if (size != 0 && total / size != nmemb) {
        errno = ENOMEM;
        return 0;
    }
    p = malloc(total);
    if (p && !(memory_to_chunk(p)->size & IS_MMAPPED))
        memset(p, 0, usable_size(memory_to_chunk(p)));
    return p;
}

/* realloc(p, 0) frees p and returns NULL, as glibc does. */
void *realloc(void *p, size_t n) {
    size_t size = __malloc_chunk_size_for(n);
    struct chunk *c;
    void *moved;
    int done = 0;
    if (!p)
        return malloc(n);
    if (n == 0) {
        free(p);
        return 0;
    }
    if (size == 0) {
        errno = ENOMEM;
        return 0;
    }
    c = memory_to_chunk(p);
    if (c->size & IS_MMAPPED) {
        if (n <= usable_size(c) && n > usable_size(c) / 2)
            return p;
    } else {
        __malloc_lock();
        if (chunk_size(c) >= size) {
            __malloc_shrink_chunk(c, size);
            done = 1;
        } else {
            done = __malloc_grow_in_place(c, size);
        }
        __malloc_unlock();
        if (done)
            return p;
    }
    moved = malloc(n);
    if (!moved)
        return 0;
    memcpy(moved, p, usable_size(c) < n ? usable_size(c) : n);
    free(p);
    return moved;
}

void *reallocarray(void *p, size_t nmemb, size_t size) {
    if (size != 0 && (nmemb * size) / size != nmemb) {
        errno = ENOMEM;
        return 0;
    }
    return realloc(p, nmemb * size);
}

/* Over-allocates by the alignment, then frees the misaligned front (at least MIN_CHUNK, so it
   can stand as a chunk of its own) and the unneeded tail. */
void *memalign(size_t alignment, size_t n) {
    size_t size = __malloc_chunk_size_for(n);
    struct chunk *c, *aligned;
    uintptr_t memory;
    size_t lead;
    if (alignment <= MALLOC_ALIGNMENT)
        return malloc(n);
    while (alignment & (alignment - 1))
        alignment += alignment & -alignment; /* round up to a power of two, as glibc does */
    if (size == 0 || size + alignment + MIN_CHUNK < size) {
        errno = ENOMEM;
        return 0;
    }
    __malloc_lock();
    c = __malloc_allocate_chunk(size + alignment + MIN_CHUNK);
    if (!c) {
        __malloc_unlock();
        errno = ENOMEM;
        return 0;
    }
    memory = (uintptr_t)chunk_to_memory(c);
    if (memory % alignment != 0) {
        uintptr_t target = (memory + alignment - 1) & ~(uintptr_t)(alignment - 1);
        if (target - memory < MIN_CHUNK)
            target += alignment;
        lead = target - memory;
        aligned = chunk_at(c, lead);
        if (c->size & IS_MMAPPED) {
            aligned->prev_size = c->prev_size + lead;
            aligned->size = (chunk_size(c) - lead) | IS_MMAPPED;
        } else {
            aligned->size = (chunk_size(c) - lead) | PREV_IN_USE;
            c->size = lead | (c->size & PREV_IN_USE);
            __malloc_free_chunk(c);
        }
        c = aligned;
    }
    if (!(c->size & IS_MMAPPED))
        __malloc_shrink_chunk(c, size);
    __malloc_unlock();
    return chunk_to_memory(c);
}

void *aligned_alloc(size_t alignment, size_t size) {
    return memalign(alignment, size);
}

int posix_memalign(void **memptr, size_t alignment, size_t size) {
    void *p;
    if (alignment % sizeof(void *) != 0 || (alignment & (alignment - 1)) || alignment == 0)
        return EINVAL;
    p = memalign(alignment, size);
    if (!p)
        return ENOMEM;
    *memptr = p;
    return 0;
}

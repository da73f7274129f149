/* The allocator's chunk layout, shared by malloc.c (bins, heap growth, malloc/free) and
   malloc-extra.c (calloc, realloc, memalign). It is glibc's layout on a 32-bit target: a
   chunk starts with the previous chunk's size (valid only while that chunk is free) and its
   own size, whose low bits are flags; the user's memory starts 8 bytes in, aligned to 16, and
   may use the next chunk's first word while in use. Free chunks keep list links in their
   first user words and their size in the next chunk's first word (the "footer"). */
#ifndef _MALLOC_IMPL_H
#define _MALLOC_IMPL_H

#include <stddef.h>

struct chunk {
    size_t prev_size; /* size of the chunk before, when that one is free */
    size_t size;      /* this chunk's size | flags below */
    struct chunk *next_free; /* free chunks only: the bin's list */
    struct chunk *prev_free;
};

#define CHUNK_HEADER 8
#define MALLOC_ALIGNMENT 16
#define MIN_CHUNK 16
#define PREV_IN_USE 1u /* the chunk before this one is in use */
#define IS_MMAPPED 2u  /* a mapping of its own, returned with munmap */
#define FENCEPOST 4u   /* the unusable end of an abandoned heap region: never free */
#define FLAG_BITS 15u

#define chunk_size(c) ((c)->size & ~FLAG_BITS)
#define chunk_at(c, offset) ((struct chunk *)((char *)(c) + (offset)))
#define chunk_to_memory(c) ((void *)((char *)(c) + CHUNK_HEADER))
#define memory_to_chunk(p) ((struct chunk *)((char *)(p) - CHUNK_HEADER))

/* Requests of this size or more get their own mapping, unless the top of the heap already has
   room (glibc's M_MMAP_THRESHOLD, which also grows when such a mapping is freed). */
#define DEFAULT_MMAP_THRESHOLD (128 * 1024)
#define MAX_MMAP_THRESHOLD (16 * 1024 * 1024)
#define DEFAULT_TRIM_THRESHOLD (128 * 1024)
#define TOP_PAD (128 * 1024)
#define PAGE 4096u

/* The chunk size that serves a request of n bytes; 0 when n is too large to ever serve. */
size_t __malloc_chunk_size_for(size_t n);
void __malloc_lock(void);
void __malloc_unlock(void);
/* Both with the lock held. */
struct chunk *__malloc_allocate_chunk(size_t size);
void __malloc_free_chunk(struct chunk *c);
/* Makes chunk c exactly size bytes, freeing what is cut off its end (lock held). */
void __malloc_shrink_chunk(struct chunk *c, size_t size);
/* Grows c in place to at least size by taking the free chunk or the top after it; 1 if done. */
int __malloc_grow_in_place(struct chunk *c, size_t size);
/* The thread cache (malloc-tcache.c), lock held: a cached chunk of exactly size, or 0; and
   keeping a freed chunk, 1 if it did (it aborts on a chunk already cached). */
struct chunk *__malloc_tcache_take(size_t size);
int __malloc_tcache_put(struct chunk *c);
/* Reports heap corruption the way glibc does ("free(): invalid pointer") and aborts. */
_Noreturn void __malloc_fail(const char *message);

#endif

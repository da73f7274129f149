/* glibc's thread cache (tcache), the first stop of malloc and free for chunks up to 1024
   bytes: up to 7 freed chunks per size wait here, last in first out, without merging with
   their neighbours (they stay "in use" as far as the heap is concerned). This is what makes
   `free(a); free(b); malloc(n)` return b, as a learner's use-after-free experiment on Linux
   shows. A cached chunk holds glibc's entry: the next pointer "safe-linked" (xor-ed with its
   own address >> 12) and a key that lets free spot a double free. One cache serves all threads
   here, under the allocator lock; glibc's fastbins (and their later stashing) are not modelled. */
#include <stdint.h>
#include "malloc-impl.h"

#define TCACHE_BINS 64
#define TCACHE_COUNT 7
#define TCACHE_MAX_CHUNK (MIN_CHUNK + (TCACHE_BINS - 1) * MALLOC_ALIGNMENT)

struct tcache_entry {
    uintptr_t protected_next;
    uintptr_t key;
};

static struct tcache_entry *tcache_heads[TCACHE_BINS];
static unsigned char tcache_counts[TCACHE_BINS];

/* glibc draws its key at random; any value unlikely to sit in user data serves. */
static uintptr_t tcache_key(void) {
    return (uintptr_t)tcache_heads ^ 0x5a3c96e1u;
}

/* PROTECT_PTR of glibc 2.32+: the link is scrambled with the address it is stored at. */
static uintptr_t protect(const void *position, const void *pointer) {
    return ((uintptr_t)position >> 12) ^ (uintptr_t)pointer;
}

static int tcache_index(size_t chunk_size) {
    return (int)((chunk_size - MIN_CHUNK) / MALLOC_ALIGNMENT);
}

struct chunk *__malloc_tcache_take(size_t size) {
    int index;
    struct tcache_entry *entry;
    if (size > TCACHE_MAX_CHUNK)
        return 0;
    index = tcache_index(size);
    entry = tcache_heads[index];
    if (!entry)
        return 0;
    tcache_heads[index] = (struct tcache_entry *)protect(&entry->protected_next, (void *)entry->protected_next);
    tcache_counts[index]--;
    entry->key = 0;
    return memory_to_chunk(entry);
}

int __malloc_tcache_put(struct chunk *c) {
    size_t size = chunk_size(c);
    struct tcache_entry *entry = chunk_to_memory(c);
    struct tcache_entry *cached;
    int index;
    if (size > TCACHE_MAX_CHUNK)
        return 0;
    index = tcache_index(size);
    /* The key says "probably cached already": confirm by walking the bin, as glibc does. */
    if (entry->key == tcache_key()) {
        for (cached = tcache_heads[index]; cached;
             cached = (struct tcache_entry *)protect(&cached->protected_next, (void *)cached->protected_next)) {
            if (cached == entry) {
                __malloc_unlock();
                __malloc_fail("free(): double free detected in tcache 2");
            }
        }
    }
    if (tcache_counts[index] >= TCACHE_COUNT)
        return 0;
    entry->protected_next = protect(&entry->protected_next, tcache_heads[index]);
    entry->key = tcache_key();
    tcache_heads[index] = entry;
    tcache_counts[index]++;
    return 1;
}

/* glibc's <malloc.h> subset: the allocator's entry points plus memalign and
   malloc_usable_size (how many bytes a block really holds, which shows the 16-byte rounding). */
#ifndef _MALLOC_H
#define _MALLOC_H

#include <stdlib.h>

void *memalign(size_t alignment, size_t size);
size_t malloc_usable_size(void *ptr);

#endif

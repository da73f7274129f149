/* Thread-local storage for programs that use _Thread_local (libc itself does not). RISC-V uses
   TLS variant I with no gap: tp points at the first byte of the thread's TLS block and the
   control block sits just below it. The block's initial image is the PT_TLS segment, found
   through the auxiliary vector's program headers: its file part is copied, the rest zeroed. */
#include <string.h>
#include "internal.h"

#define AT_NULL 0
#define AT_PHDR 3
#define AT_PHENT 4
#define AT_PHNUM 5
#define PT_TLS 7

struct program_header {
  unsigned long type, offset, vaddr, paddr, filesz, memsz, flags, align;
};

struct tls_image {
  const char *init;
  size_t init_size;
  size_t size;
  size_t align;
};

static struct tls_image tls_image = {NULL, 0, 0, 16};

/* The auxiliary vector follows the environment's NULL: (type, value) pairs up to AT_NULL. */
void __tls_find_image(char **envp) {
  unsigned long *aux;
  const struct program_header *headers = NULL;
  unsigned long count = 0;
  unsigned long entry_size = sizeof(struct program_header);
  unsigned long i;
  while (*envp != NULL) envp++;
  for (aux = (unsigned long *)(envp + 1); aux[0] != AT_NULL; aux += 2) {
    if (aux[0] == AT_PHDR) headers = (const struct program_header *)aux[1];
    else if (aux[0] == AT_PHNUM) count = aux[1];
    else if (aux[0] == AT_PHENT) entry_size = aux[1];
  }
  for (i = 0; headers != NULL && i < count; i++) {
    const struct program_header *header = (const struct program_header *)((const char *)headers + i * entry_size);
    if (header->type != PT_TLS) continue;
    tls_image.init = (const char *)header->vaddr;
    tls_image.init_size = header->filesz;
    tls_image.size = header->memsz;
    if (header->align > tls_image.align) tls_image.align = header->align;
  }
}

/* Bytes a thread needs for its control block plus TLS block, whatever the area's alignment. */
size_t __tls_area_size(void) {
  return sizeof(struct __pthread) + tls_image.size + tls_image.align;
}

int __tls_needed(void) {
  return tls_image.size != 0;
}

/* Lays out a control block and a fresh TLS block inside `area`; returns the control block. */
struct __pthread *__tls_layout(void *area) {
  uintptr_t tls_start = (uintptr_t)area + sizeof(struct __pthread);
  struct __pthread *block;
  tls_start = (tls_start + tls_image.align - 1) & ~(uintptr_t)(tls_image.align - 1);
  block = (struct __pthread *)tls_start - 1;
  memset(block, 0, sizeof(*block));
  if (tls_image.size != 0) {
    memcpy((char *)tls_start, tls_image.init, tls_image.init_size);
    memset((char *)tls_start + tls_image.init_size, 0, tls_image.size - tls_image.init_size);
  }
  return block;
}

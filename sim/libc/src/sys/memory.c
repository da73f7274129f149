/* The program break and memory mappings. The brk syscall answers with the current break
   (unchanged when it refuses), so brk/sbrk compare it with what they asked for; mmap is
   mmap2, whose offset counts 4096-byte units. */
#include <errno.h>
#include <unistd.h>
#include <sys/mman.h>
#include "internal.h"

#define PAGE_SIZE 4096

static char *current_break;

int brk(void *addr) {
  char *result = (char *)__syscall1(SYS_brk, (long)addr);
  current_break = result;
  if (result < (char *)addr) {
    errno = ENOMEM;
    return -1;
  }
  return 0;
}

void *sbrk(intptr_t increment) {
  char *old;
  if (current_break == NULL) current_break = (char *)__syscall1(SYS_brk, 0);
  old = current_break;
  if (increment == 0) return old;
  if ((increment > 0 && (uintptr_t)old + (uintptr_t)increment < (uintptr_t)old) ||
      (increment < 0 && (uintptr_t)-increment > (uintptr_t)old)) {
    errno = ENOMEM;
    return (void *)-1;
  }
  if (brk(old + increment) < 0 || current_break != old + increment) {
    errno = ENOMEM;
    return (void *)-1;
  }
  return old;
}

void *mmap(void *addr, size_t length, int prot, int flags, int fd, off_t offset) {
  if (offset % PAGE_SIZE != 0 || offset < 0) {
    errno = EINVAL;
    return MAP_FAILED;
  }
  return (void *)__syscall_ret(
      __syscall6(SYS_mmap2, (long)addr, (long)length, prot, flags, fd, (long)(offset / PAGE_SIZE)));
}

int getpagesize(void) {
  return PAGE_SIZE;
}

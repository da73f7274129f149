/* Directory streams on getdents64. The kernel packs variable-length linux_dirent64 records
   into the buffer; readdir hands out pointers into it, so a record stays valid until the next
   readdir on the same stream, as POSIX allows. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>
#include "internal.h"

#define DIR_BUFFER_SIZE 2048

struct __dirstream {
  int fd;
  size_t filled;
  size_t position;
  long long buffer_alignment; /* records hold 64-bit fields: keep buffer 8-byte aligned */
  char buffer[DIR_BUFFER_SIZE];
};

DIR *fdopendir(int fd) {
  DIR *dir = malloc(sizeof(DIR));
  if (dir == NULL) return NULL;
  dir->fd = fd;
  dir->filled = 0;
  dir->position = 0;
  return dir;
}

DIR *opendir(const char *path) {
  int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  DIR *dir;
  if (fd < 0) return NULL;
  dir = fdopendir(fd);
  if (dir == NULL) close(fd);
  return dir;
}

/* NULL at the end with errno untouched, or NULL with errno set on failure. */
struct dirent *readdir(DIR *dir) {
  struct dirent *entry;
  if (dir->position >= dir->filled) {
    long r = __syscall3(SYS_getdents64, dir->fd, (long)dir->buffer, sizeof(dir->buffer));
    if (r <= 0) {
      if (r < 0) __syscall_ret(r);
      return NULL;
    }
    dir->filled = (size_t)r;
    dir->position = 0;
  }
  entry = (struct dirent *)(dir->buffer + dir->position);
  dir->position += entry->d_reclen;
  return entry;
}

int closedir(DIR *dir) {
  int result = close(dir->fd);
  free(dir);
  return result;
}

void rewinddir(DIR *dir) {
  lseek(dir->fd, 0, SEEK_SET);
  dir->filled = 0;
  dir->position = 0;
}

int dirfd(DIR *dir) {
  return dir->fd;
}

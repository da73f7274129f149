/* perror, and remove/rename, the two file-system calls C puts in <stdio.h>. riscv32 has no
   rename syscall, so rename is renameat2 with no flags, as glibc does; remove is unlink, or
   rmdir when the path is a directory. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "stdio-impl.h"

/* "s: message\n" to stderr in one write, as glibc does. */
void perror(const char *s) {
    const char *message = strerror(errno);
    if (s && *s)
        fprintf(stderr, "%s: %s\n", s, message);
    else
        fprintf(stderr, "%s\n", message);
}

int remove(const char *path) {
    if (unlink(path) == 0)
        return 0;
    if (errno == EISDIR)
        return rmdir(path);
    return -1;
}

int rename(const char *oldpath, const char *newpath) {
    return (int)syscall(SYS_renameat2, AT_FDCWD, oldpath, AT_FDCWD, newpath, 0);
}

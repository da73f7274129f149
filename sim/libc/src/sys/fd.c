/* File descriptors on riscv32's calls: open is openat(AT_FDCWD), lseek is _llseek, and the
   64-bit offsets of pread/pwrite/truncate travel as two registers, low word first (the
   kernel's riscv32 entry has no even-register pairing). */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/uio.h>
#include "internal.h"

#define LOW_WORD(v) ((long)(unsigned long)((unsigned long long)(v) & 0xffffffffu))
#define HIGH_WORD(v) ((long)(unsigned long)((unsigned long long)(v) >> 32))

/* glibc adds O_LARGEFILE on 32-bit machines so files past 2 GiB open; off_t is 64-bit here. */
int openat(int dirfd, const char *path, int flags, ...) {
  mode_t mode = 0;
  if ((flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE) {
    va_list ap;
    va_start(ap, flags);
    mode = va_arg(ap, mode_t);
    va_end(ap);
  }
  return (int)__syscall_ret(__syscall4(SYS_openat, dirfd, (long)path, flags | O_LARGEFILE, (long)mode));
}

int open(const char *path, int flags, ...) {
  mode_t mode = 0;
  if ((flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE) {
    va_list ap;
    va_start(ap, flags);
    mode = va_arg(ap, mode_t);
    va_end(ap);
  }
  return openat(AT_FDCWD, path, flags, mode);
}

int creat(const char *path, mode_t mode) {
  return openat(AT_FDCWD, path, O_CREAT | O_WRONLY | O_TRUNC, mode);
}

off_t lseek(int fd, off_t offset, int whence) {
  long long result;
  long r = __syscall5(SYS__llseek, fd, HIGH_WORD(offset), LOW_WORD(offset), (long)&result, whence);
  if (r < 0) return __syscall_ret(r);
  return result;
}

ssize_t pread(int fd, void *buf, size_t count, off_t offset) {
  return __syscall_ret(__syscall5(SYS_pread64, fd, (long)buf, (long)count, LOW_WORD(offset), HIGH_WORD(offset)));
}

ssize_t pwrite(int fd, const void *buf, size_t count, off_t offset) {
  return __syscall_ret(__syscall5(SYS_pwrite64, fd, (long)buf, (long)count, LOW_WORD(offset), HIGH_WORD(offset)));
}

ssize_t preadv(int fd, const struct iovec *iov, int iovcnt, off_t offset) {
  return __syscall_ret(__syscall5(SYS_preadv, fd, (long)iov, iovcnt, LOW_WORD(offset), HIGH_WORD(offset)));
}

ssize_t pwritev(int fd, const struct iovec *iov, int iovcnt, off_t offset) {
  return __syscall_ret(__syscall5(SYS_pwritev, fd, (long)iov, iovcnt, LOW_WORD(offset), HIGH_WORD(offset)));
}

int truncate(const char *path, off_t length) {
  return (int)__syscall_ret(__syscall3(SYS_truncate64, (long)path, LOW_WORD(length), HIGH_WORD(length)));
}

int ftruncate(int fd, off_t length) {
  return (int)__syscall_ret(__syscall3(SYS_ftruncate64, fd, LOW_WORD(length), HIGH_WORD(length)));
}

/* dup3 refuses oldfd == newfd, which dup2 must accept once it knows oldfd is open. */
int dup2(int oldfd, int newfd) {
  if (oldfd == newfd) {
    long r = __syscall2(SYS_fcntl64, oldfd, F_GETFD);
    return r < 0 ? (int)__syscall_ret(r) : newfd;
  }
  return (int)__syscall_ret(__syscall3(SYS_dup3, oldfd, newfd, 0));
}

int pipe(int pipefd[2]) {
  return (int)__syscall_ret(__syscall2(SYS_pipe2, (long)pipefd, 0));
}

/* Large enough for the kernel's 36-byte struct termios. */
int isatty(int fd) {
  int termios_buffer[16];
  long r = __syscall3(SYS_ioctl, fd, TCGETS, (long)termios_buffer);
  if (r < 0) {
    __syscall_ret(r);
    return 0;
  }
  return 1;
}

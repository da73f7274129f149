/* Path-name calls. asm-generic kept only the *at forms, so each classic call is its *at twin
   relative to the working directory (AT_FDCWD). */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/stat.h>
#include "internal.h"

int unlinkat(int dirfd, const char *path, int flags) {
  return (int)__syscall_ret(__syscall3(SYS_unlinkat, dirfd, (long)path, flags));
}

int unlink(const char *path) {
  return unlinkat(AT_FDCWD, path, 0);
}

int rmdir(const char *path) {
  return unlinkat(AT_FDCWD, path, AT_REMOVEDIR);
}

int mkdirat(int dirfd, const char *path, mode_t mode) {
  return (int)__syscall_ret(__syscall3(SYS_mkdirat, dirfd, (long)path, (long)mode));
}

int mkdir(const char *path, mode_t mode) {
  return mkdirat(AT_FDCWD, path, mode);
}

/* The kernel's mknodat takes the old 32-bit dev encoding: major in bits 8-19, minor split. */
int mknodat(int dirfd, const char *path, mode_t mode, dev_t dev) {
  unsigned int major = (unsigned int)(((dev >> 8) & 0xfff) | ((dev >> 32) & ~0xfffu));
  unsigned int minor = (unsigned int)((dev & 0xff) | ((dev >> 12) & ~0xffu));
  unsigned int old_dev = (minor & 0xff) | (major << 8) | ((minor & ~0xffu) << 12);
  return (int)__syscall_ret(__syscall4(SYS_mknodat, dirfd, (long)path, (long)mode, (long)old_dev));
}

int mknod(const char *path, mode_t mode, dev_t dev) {
  return mknodat(AT_FDCWD, path, mode, dev);
}

int mkfifo(const char *path, mode_t mode) {
  return mknodat(AT_FDCWD, path, mode | S_IFIFO, 0);
}

int link(const char *oldpath, const char *newpath) {
  return (int)__syscall_ret(__syscall5(SYS_linkat, AT_FDCWD, (long)oldpath, AT_FDCWD, (long)newpath, 0));
}

int symlink(const char *target, const char *linkpath) {
  return (int)__syscall_ret(__syscall3(SYS_symlinkat, (long)target, AT_FDCWD, (long)linkpath));
}

ssize_t readlink(const char *path, char *buf, size_t bufsiz) {
  return __syscall_ret(__syscall4(SYS_readlinkat, AT_FDCWD, (long)path, (long)buf, (long)bufsiz));
}

int renameat(int olddirfd, const char *oldpath, int newdirfd, const char *newpath) {
  return (int)__syscall_ret(__syscall5(SYS_renameat2, olddirfd, (long)oldpath, newdirfd, (long)newpath, 0));
}

/* The original faccessat has no flags argument; faccessat2 (Linux 5.8) added it. */
int faccessat(int dirfd, const char *path, int mode, int flags) {
  if (flags == 0) return (int)__syscall_ret(__syscall3(SYS_faccessat, dirfd, (long)path, mode));
  return (int)__syscall_ret(__syscall4(SYS_faccessat2, dirfd, (long)path, mode, flags));
}

int access(const char *path, int mode) {
  return faccessat(AT_FDCWD, path, mode, 0);
}

int fchmodat(int dirfd, const char *path, mode_t mode, int flags) {
  if (flags == 0) return (int)__syscall_ret(__syscall3(SYS_fchmodat, dirfd, (long)path, (long)mode));
  return (int)__syscall_ret(__syscall4(SYS_fchmodat2, dirfd, (long)path, (long)mode, flags));
}

int chmod(const char *path, mode_t mode) {
  return fchmodat(AT_FDCWD, path, mode, 0);
}

int chown(const char *path, uid_t owner, gid_t group) {
  return (int)__syscall_ret(__syscall5(SYS_fchownat, AT_FDCWD, (long)path, (long)owner, (long)group, 0));
}

int lchown(const char *path, uid_t owner, gid_t group) {
  return (int)__syscall_ret(
      __syscall5(SYS_fchownat, AT_FDCWD, (long)path, (long)owner, (long)group, AT_SYMLINK_NOFOLLOW));
}

/* The kernel returns the length written; POSIX wants the buffer. A NULL buffer asks libc to
   allocate one (the glibc extension most programs rely on). */
char *getcwd(char *buf, size_t size) {
  char *target = buf;
  long r;
  if (buf == NULL) {
    if (size == 0) size = 4096;
    target = malloc(size);
    if (target == NULL) return NULL;
  } else if (size == 0) {
    errno = EINVAL;
    return NULL;
  }
  r = __syscall2(SYS_getcwd, (long)target, (long)size);
  if (r < 0) {
    if (buf == NULL) free(target);
    __syscall_ret(r);
    return NULL;
  }
  return target;
}

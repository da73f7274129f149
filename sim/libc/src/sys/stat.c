/* stat and friends on statx, riscv32's only stat call: the statx record is unpacked into
   glibc's struct stat, device numbers re-encoded the way glibc's makedev does. */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include "internal.h"

#define STATX_BASIC_STATS 0x7ffu

struct statx_timestamp {
  long long tv_sec;
  unsigned int tv_nsec;
  int reserved;
};

/* The kernel's struct statx (256 bytes). */
struct statx_record {
  unsigned int mask;
  unsigned int blksize;
  unsigned long long attributes;
  unsigned int nlink;
  unsigned int uid;
  unsigned int gid;
  unsigned short mode;
  unsigned short spare0;
  unsigned long long ino;
  unsigned long long size;
  unsigned long long blocks;
  unsigned long long attributes_mask;
  struct statx_timestamp atime;
  struct statx_timestamp btime;
  struct statx_timestamp ctime;
  struct statx_timestamp mtime;
  unsigned int rdev_major;
  unsigned int rdev_minor;
  unsigned int dev_major;
  unsigned int dev_minor;
  unsigned long long spare[14];
};

static dev_t make_device(unsigned int major, unsigned int minor) {
  dev_t dev = (dev_t)(major & 0xfffff000u) << 32;
  dev |= (dev_t)(major & 0xfffu) << 8;
  dev |= (dev_t)(minor & 0xffffff00u) << 12;
  dev |= (dev_t)(minor & 0xffu);
  return dev;
}

static void copy_time(struct timespec *to, const struct statx_timestamp *from) {
  to->tv_sec = from->tv_sec;
  to->tv_nsec = (long)from->tv_nsec;
  to->__tv_pad = 0;
}

int fstatat(int dirfd, const char *path, struct stat *buf, int flags) {
  struct statx_record sx;
  long r = __syscall5(SYS_statx, dirfd, (long)path, flags, STATX_BASIC_STATS, (long)&sx);
  if (r < 0) return (int)__syscall_ret(r);
  buf->st_dev = make_device(sx.dev_major, sx.dev_minor);
  buf->st_ino = sx.ino;
  buf->st_mode = sx.mode;
  buf->st_nlink = sx.nlink;
  buf->st_uid = sx.uid;
  buf->st_gid = sx.gid;
  buf->st_rdev = make_device(sx.rdev_major, sx.rdev_minor);
  buf->__pad1 = 0;
  buf->st_size = (off_t)sx.size;
  buf->st_blksize = (blksize_t)sx.blksize;
  buf->__pad2 = 0;
  buf->st_blocks = (blkcnt_t)sx.blocks;
  copy_time(&buf->st_atim, &sx.atime);
  copy_time(&buf->st_mtim, &sx.mtime);
  copy_time(&buf->st_ctim, &sx.ctime);
  buf->__reserved[0] = 0;
  buf->__reserved[1] = 0;
  return 0;
}

int stat(const char *path, struct stat *buf) {
  return fstatat(AT_FDCWD, path, buf, 0);
}

int lstat(const char *path, struct stat *buf) {
  return fstatat(AT_FDCWD, path, buf, AT_SYMLINK_NOFOLLOW);
}

int fstat(int fd, struct stat *buf) {
  return fstatat(fd, "", buf, AT_EMPTY_PATH);
}

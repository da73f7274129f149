/* Descriptors and paths on riscv32's *at calls: open/creat/lseek/pread/pwrite, stat through
   statx, dup2/fcntl, directories, access, isatty, getcwd. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>
#include "test.h"

static char path[64];
static char dir_path[64];

static void test_read_write_seek(void) {
  char buffer[16] = {0};
  struct stat st;
  int fd = open(path, O_CREAT | O_TRUNC | O_RDWR, 0640);
  ASSERT(1, fd >= 0);
  ASSERT(11, write(fd, "hello world", 11));
  ASSERT(6, lseek(fd, 6, SEEK_SET));
  ASSERT(5, read(fd, buffer, sizeof(buffer)));
  ASSERT(0, strcmp(buffer, "world"));
  ASSERT(11, lseek(fd, 0, SEEK_END));
  ASSERT(5000000000LL, lseek(fd, 5000000000LL, SEEK_SET));
  ASSERT(3, pwrite(fd, "abc", 3, 2));
  ASSERT(4, pread(fd, buffer, 4, 1));
  ASSERT(0, memcmp(buffer, "eabc", 4));
  ASSERT(0, fstat(fd, &st));
  ASSERT(1, S_ISREG(st.st_mode));
  ASSERT(0640, st.st_mode & 0777);
  ASSERT(11, st.st_size);
  ASSERT(1, st.st_nlink);
  ASSERT(1, st.st_mtim.tv_sec > 1600000000);
  ASSERT(1, st.st_mtime == st.st_mtim.tv_sec);
  ASSERT(0, ftruncate(fd, 3));
  ASSERT(0, stat(path, &st));
  ASSERT(3, st.st_size);
  ASSERT(0, close(fd));
  ASSERT(-1, close(fd));
  ASSERT(EBADF, errno);
}

static void test_vectors_and_dup(void) {
  struct iovec parts[2];
  char first[3], second[8] = {0};
  int fd = open(path, O_RDWR | O_TRUNC);
  int copy;
  parts[0].iov_base = "one";
  parts[0].iov_len = 3;
  parts[1].iov_base = "two";
  parts[1].iov_len = 3;
  ASSERT(6, writev(fd, parts, 2));
  copy = dup(fd);
  ASSERT(0, lseek(copy, 0, SEEK_SET));
  ASSERT(0, lseek(fd, 0, SEEK_CUR));
  parts[0].iov_base = first;
  parts[1].iov_base = second;
  ASSERT(6, readv(fd, parts, 2));
  ASSERT(0, memcmp(first, "one", 3));
  ASSERT(0, strcmp(second, "two"));
  ASSERT(9, dup2(fd, 9));
  ASSERT(9, dup2(9, 9));
  ASSERT(-1, dup2(42, 42));
  ASSERT(EBADF, errno);
  ASSERT(0, fcntl(9, F_GETFD));
  ASSERT(0, fcntl(9, F_SETFD, FD_CLOEXEC));
  ASSERT(FD_CLOEXEC, fcntl(9, F_GETFD));
  ASSERT(O_RDWR, fcntl(fd, F_GETFL) & O_ACCMODE);
  ASSERT(1, fcntl(fd, F_DUPFD, 20) >= 20);
  close(9);
  close(copy);
  close(fd);
}

static void test_directories(void) {
  char cwd[256];
  char *allocated;
  struct stat st;
  ASSERT(0, mkdir(dir_path, 0755));
  ASSERT(-1, mkdir(dir_path, 0755));
  ASSERT(EEXIST, errno);
  ASSERT(0, stat(dir_path, &st));
  ASSERT(1, S_ISDIR(st.st_mode));
  ASSERT(1, getcwd(cwd, sizeof(cwd)) == cwd);
  ASSERT(0, chdir(dir_path));
  allocated = getcwd(NULL, 0);
  ASSERT(0, strcmp(allocated, dir_path));
  free(allocated);
  ASSERT(1, getcwd(cwd, 2) == NULL);
  ASSERT(ERANGE, errno);
  ASSERT(0, chdir("/"));
  ASSERT(0, rmdir(dir_path));
  ASSERT(-1, rmdir(dir_path));
  ASSERT(ENOENT, errno);
}

static void test_access_links_and_unlink(void) {
  char link_path[80];
  char target[80] = {0};
  struct stat st;
  snprintf(link_path, sizeof(link_path), "%s.link", path);
  ASSERT(0, access(path, R_OK | W_OK));
  ASSERT(-1, access("/oslab-no-such-file", F_OK));
  ASSERT(ENOENT, errno);
  ASSERT(0, symlink(path, link_path));
  ASSERT((long)strlen(path), readlink(link_path, target, sizeof(target)));
  ASSERT(0, strcmp(target, path));
  ASSERT(0, lstat(link_path, &st));
  ASSERT(1, S_ISLNK(st.st_mode));
  ASSERT(0, stat(link_path, &st));
  ASSERT(1, S_ISREG(st.st_mode));
  ASSERT(0, unlink(link_path));
  ASSERT(0, chmod(path, 0600));
  ASSERT(0, stat(path, &st));
  ASSERT(0600, st.st_mode & 0777);
  ASSERT(0, unlink(path));
  ASSERT(-1, open(path, O_RDONLY));
  ASSERT(ENOENT, errno);
  ASSERT(-1, stat(path, &st));
  ASSERT(ENOENT, errno);
}

/* A directory with two files lists them, plus . and .., each exactly once. */
static void test_read_directory(void) {
  char file_path[96];
  struct dirent *entry;
  int seen_a = 0, seen_b = 0, seen_dots = 0, others = 0;
  DIR *dir;
  ASSERT(0, mkdir(dir_path, 0755));
  snprintf(file_path, sizeof(file_path), "%s/a.txt", dir_path);
  close(creat(file_path, 0644));
  snprintf(file_path, sizeof(file_path), "%s/b", dir_path);
  ASSERT(0, mkdir(file_path, 0755));
  dir = opendir(dir_path);
  ASSERT(1, dir != NULL);
  while ((entry = readdir(dir)) != NULL) {
    if (strcmp(entry->d_name, "a.txt") == 0) seen_a += entry->d_type == DT_REG;
    else if (strcmp(entry->d_name, "b") == 0) seen_b += entry->d_type == DT_DIR;
    else if (strcmp(entry->d_name, ".") == 0 || strcmp(entry->d_name, "..") == 0) seen_dots++;
    else others++;
  }
  ASSERT(1, seen_a);
  ASSERT(1, seen_b);
  ASSERT(2, seen_dots);
  ASSERT(0, others);
  rewinddir(dir);
  ASSERT(1, readdir(dir) != NULL);
  ASSERT(0, closedir(dir));
  ASSERT(0, rmdir(file_path));
  snprintf(file_path, sizeof(file_path), "%s/a.txt", dir_path);
  ASSERT(0, unlink(file_path));
  ASSERT(0, rmdir(dir_path));
  ASSERT(1, opendir("/oslab-no-such-dir") == NULL);
  ASSERT(ENOENT, errno);
}

static void test_pipes_and_ttys(void) {
  int fds[2];
  char byte = 0;
  ASSERT(0, pipe(fds));
  ASSERT(0, isatty(fds[0]));
  ASSERT(ENOTTY, errno);
  ASSERT(0, isatty(99));
  ASSERT(EBADF, errno);
  ASSERT(-1, lseek(fds[0], 0, SEEK_SET));
  ASSERT(ESPIPE, errno);
  ASSERT(1, write(fds[1], "x", 1));
  ASSERT(1, read(fds[0], &byte, 1));
  ASSERT('x', byte);
  ASSERT(0, pipe2(fds, O_NONBLOCK | O_CLOEXEC));
  ASSERT(-1, read(fds[0], &byte, 1));
  ASSERT(EAGAIN, errno);
}

int main(void) {
  snprintf(path, sizeof(path), "/tmp/oslab-files-%d", getpid());
  snprintf(dir_path, sizeof(dir_path), "/tmp/oslab-dir-%d", getpid());
  test_read_write_seek();
  test_vectors_and_dup();
  test_directories();
  test_access_links_and_unlink();
  test_read_directory();
  test_pipes_and_ttys();
  return test_done();
}

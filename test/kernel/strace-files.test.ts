// strace's lines for the file and descriptor calls of Kernel II, from crafted argument registers
// and process memory: each expectation is what strace 6 prints for the same call on Linux
// (riscv32's names and asm-generic flag values).

import { describe, expect, it } from 'vitest';
import { fakeMemory, line, words } from './strace-fake-memory';

const O_WRONLY = 1, O_RDWR = 2, O_CREAT = 0o100, O_EXCL = 0o200, O_NOCTTY = 0o400, O_TRUNC = 0o1000, O_APPEND = 0o2000;
const O_NONBLOCK = 0o4000, O_DSYNC = 0o10000, O_DIRECT = 0o40000, O_LARGEFILE = 0o100000, O_DIRECTORY = 0o200000;
const O_NOFOLLOW = 0o400000, O_NOATIME = 0o1000000, O_CLOEXEC = 0o2000000, O_SYNC = 0o4010000, O_PATH = 0o10000000;
const O_TMPFILE = 0o20200000;
const AT_FDCWD = -100;

describe('openat', () => {
  const mem = fakeMemory({ 0x2000: '/tmp/x\0' });

  it('prints the mode only with O_CREAT or O_TMPFILE', () => {
    expect(line('openat', [AT_FDCWD, 0x2000, O_RDWR | O_CREAT | O_TRUNC, 0o644], 3, mem)).toBe('openat(AT_FDCWD, "/tmp/x", O_RDWR|O_CREAT|O_TRUNC, 0644) = 3');
    expect(line('openat', [AT_FDCWD, 0x2000, O_RDWR | O_TRUNC, 0o644], 3, mem)).toBe('openat(AT_FDCWD, "/tmp/x", O_RDWR|O_TRUNC) = 3');
    expect(line('openat', [3, 0x2000, O_WRONLY | O_CREAT, 0], 4, mem)).toBe('openat(3, "/tmp/x", O_WRONLY|O_CREAT, 000) = 4');
    // The __O_TMPFILE bit alone is enough, as strace tests it.
    expect(line('openat', [AT_FDCWD, 0x2000, O_RDWR | 0o20000000, 0o600], 3, mem)).toBe('openat(AT_FDCWD, "/tmp/x", O_RDWR|__O_TMPFILE, 0600) = 3');
    expect(line('openat', [AT_FDCWD, 0x2000, O_RDWR | O_TMPFILE, 0o600], 3, mem)).toBe('openat(AT_FDCWD, "/tmp/x", O_RDWR|O_TMPFILE, 0600) = 3');
  });

  it('names every flag, in strace’s order', () => {
    const all = O_WRONLY | O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_APPEND | O_NONBLOCK | O_SYNC | O_DIRECT | O_LARGEFILE | O_NOFOLLOW | O_NOATIME | O_CLOEXEC;
    expect(line('openat', [AT_FDCWD, 0x2000, all, 0o755], 3, mem)).toBe(
      'openat(AT_FDCWD, "/tmp/x", O_WRONLY|O_CREAT|O_EXCL|O_NOCTTY|O_TRUNC|O_APPEND|O_NONBLOCK|O_SYNC|O_DIRECT|O_LARGEFILE|O_NOFOLLOW|O_NOATIME|O_CLOEXEC, 0755) = 3',
    );
    expect(line('openat', [AT_FDCWD, 0x2000, O_DSYNC, 0], 3, mem)).toBe('openat(AT_FDCWD, "/tmp/x", O_RDONLY|O_DSYNC) = 3');
    expect(line('openat', [AT_FDCWD, 0x2000, O_PATH | O_DIRECTORY | O_CLOEXEC, 0], 3, mem)).toBe('openat(AT_FDCWD, "/tmp/x", O_RDONLY|O_CLOEXEC|O_PATH|O_DIRECTORY) = 3');
  });

  it('fails with the errno’s name and glibc’s message', () => {
    expect(line('openat', [AT_FDCWD, 0x2000, 0, 0], -2, mem)).toBe('openat(AT_FDCWD, "/tmp/x", O_RDONLY) = -1 ENOENT (No such file or directory)');
    expect(line('openat', [AT_FDCWD, 0x2000, O_CREAT | O_EXCL | O_WRONLY, 0o644], -17, mem)).toBe('openat(AT_FDCWD, "/tmp/x", O_WRONLY|O_CREAT|O_EXCL, 0644) = -1 EEXIST (File exists)');
  });
});

describe('reading and writing', () => {
  it('close, dup, sync and friends take plain descriptors', () => {
    expect(line('close', [3], 0)).toBe('close(3) = 0');
    expect(line('close', [99], -9)).toBe('close(99) = -1 EBADF (Bad file descriptor)');
    expect(line('dup', [1], 3)).toBe('dup(1) = 3');
    expect(line('dup3', [3, 10, O_CLOEXEC], 10)).toBe('dup3(3, 10, O_CLOEXEC) = 10');
    expect(line('dup3', [3, 10, 0], 10)).toBe('dup3(3, 10, 0) = 10');
    expect(line('fsync', [3], 0)).toBe('fsync(3) = 0');
    expect(line('fdatasync', [3], -22)).toBe('fdatasync(3) = -1 EINVAL (Invalid argument)');
    expect(line('sync', [], 0)).toBe('sync() = 0');
  });

  it('pread64 and pwrite64 show the 64-bit offset from its two registers', () => {
    const mem = fakeMemory({ 0x1000: 'hello, world' });
    expect(line('pread64', [3, 0x1000, 16, 4096, 0], 5, mem)).toBe('pread64(3, "hello", 16, 4096) = 5');
    expect(line('pwrite64', [3, 0x1000, 5, 0, 1], 5, mem)).toBe('pwrite64(3, "hello", 5, 4294967296) = 5');
  });

  it('readv shows what was read into each buffer; writev each buffer whole', () => {
    const mem = fakeMemory({ 0x3000: words(0x1000, 3, 0x1010, 8), 0x1000: 'hel\0\0\0\0\0\0\0\0\0\0\0\0\0lo\0', 0x4000: words(0x1020, 2), 0x1020: 'hi' });
    expect(line('readv', [3, 0x3000, 2], 5, mem)).toBe('readv(3, [{iov_base="hel", iov_len=3}, {iov_base="lo", iov_len=8}], 2) = 5');
    expect(line('readv', [3, 0x3000, 2], -9, mem)).toBe('readv(3, 0x3000, 2) = -1 EBADF (Bad file descriptor)');
    expect(line('writev', [1, 0x4000, 1], 2, mem)).toBe('writev(1, [{iov_base="hi", iov_len=2}], 1) = 2');
    expect(line('pwritev', [3, 0x4000, 1, 10, 0], 2, mem)).toBe('pwritev(3, [{iov_base="hi", iov_len=2}], 1, 10) = 2');
  });

  it('_llseek: offset from its halves, the new position written back, whence by name', () => {
    const mem = fakeMemory({ 0x2000: words(5, 0) });
    expect(line('_llseek', [3, 0, 0, 0x2000, 2], 0, mem)).toBe('_llseek(3, 0, [5], SEEK_END) = 0');
    expect(line('_llseek', [3, 1, 0, 0x2000, 0], -22, mem)).toBe('_llseek(3, 4294967296, 0x2000, SEEK_SET) = -1 EINVAL (Invalid argument)');
  });

  it('ftruncate64 joins its length', () => {
    expect(line('ftruncate64', [3, 0, 1], 0)).toBe('ftruncate64(3, 4294967296) = 0');
    expect(line('ftruncate64', [3, 100, 0], 0)).toBe('ftruncate64(3, 100) = 0');
  });

  it('pipe2: the pair written back, or the address when the call failed', () => {
    const mem = fakeMemory({ 0x1000: words(3, 4) });
    expect(line('pipe2', [0x1000, 0], 0, mem)).toBe('pipe2([3, 4], 0) = 0');
    expect(line('pipe2', [0x1000, O_CLOEXEC | O_NONBLOCK], -24, mem)).toBe('pipe2(0x1000, O_NONBLOCK|O_CLOEXEC) = -1 EMFILE (Too many open files)');
  });

  it('mmap2 of a file, shared', () => {
    expect(line('mmap2', [0, 4096, 3, 1, 3, 0], 0x7ff00000)).toBe('mmap2(NULL, 4096, PROT_READ|PROT_WRITE, MAP_SHARED, 3, 0) = 0x7ff00000');
  });
});

describe('files and directories', () => {
  it('statx: sync type and AT_ flags, the mask, the struct abbreviated; an address on failure', () => {
    const stx = new Uint8Array(256);
    stx.set(words(0x17ff, 4096, 0, 0, 1, 1000, 1000, 0o100644, 1, 0, 5, 0), 0);
    const mem = fakeMemory({ 0x2000: '\0', 0x3000: '/nope\0', 0x9000: stx });
    expect(line('statx', [3, 0x2000, 0x1000, 0x7ff, 0x9000], 0, mem)).toBe(
      'statx(3, "", AT_STATX_SYNC_AS_STAT|AT_EMPTY_PATH, STATX_BASIC_STATS, {stx_mask=STATX_BASIC_STATS|STATX_MNT_ID, stx_attributes=0, stx_mode=S_IFREG|0644, stx_size=5, ...}) = 0',
    );
    expect(line('statx', [AT_FDCWD, 0x3000, 0x100, 0xfff, 0x9000], -2, mem)).toBe(
      'statx(AT_FDCWD, "/nope", AT_STATX_SYNC_AS_STAT|AT_SYMLINK_NOFOLLOW, STATX_ALL, 0x9000) = -1 ENOENT (No such file or directory)',
    );
  });

  it('getdents64 counts the entries the kernel wrote', () => {
    const dirent = (reclen: number) => [...words(0, 0, 0, 0), reclen, 0, 4, ...new Array(reclen - 19).fill(0)];
    const mem = fakeMemory({ 0x20000: [...dirent(24), ...dirent(24), ...dirent(32), ...dirent(32)] });
    expect(line('getdents64', [3, 0x20000, 32768], 112, mem)).toBe('getdents64(3, 0x20000 /* 4 entries */, 32768) = 112');
    expect(line('getdents64', [3, 0x20000, 32768], 0, mem)).toBe('getdents64(3, 0x20000 /* 0 entries */, 32768) = 0');
    expect(line('getdents64', [4, 0x20000, 32768], -20, mem)).toBe('getdents64(4, 0x20000, 32768) = -1 ENOTDIR (Not a directory)');
  });

  it('mkdirat, unlinkat with AT_REMOVEDIR, renameat2 with its flags', () => {
    const mem = fakeMemory({ 0x2000: '/tmp/d\0a\0b\0' });
    expect(line('mkdirat', [AT_FDCWD, 0x2000, 0o755], 0, mem)).toBe('mkdirat(AT_FDCWD, "/tmp/d", 0755) = 0');
    expect(line('unlinkat', [AT_FDCWD, 0x2000, 0x200], 0, mem)).toBe('unlinkat(AT_FDCWD, "/tmp/d", AT_REMOVEDIR) = 0');
    expect(line('unlinkat', [3, 0x2007, 0], -21, mem)).toBe('unlinkat(3, "a", 0) = -1 EISDIR (Is a directory)');
    expect(line('renameat2', [AT_FDCWD, 0x2007, AT_FDCWD, 0x2009, 1], -17, mem)).toBe('renameat2(AT_FDCWD, "a", AT_FDCWD, "b", RENAME_NOREPLACE) = -1 EEXIST (File exists)');
    expect(line('renameat2', [AT_FDCWD, 0x2007, 3, 0x2009, 2], 0, mem)).toBe('renameat2(AT_FDCWD, "a", 3, "b", RENAME_EXCHANGE) = 0');
    expect(line('renameat2', [AT_FDCWD, 0x2007, AT_FDCWD, 0x2009, 0], 0, mem)).toBe('renameat2(AT_FDCWD, "a", AT_FDCWD, "b", 0) = 0');
  });

  it('getcwd shows the whole path, chdir its argument, umask old and new masks in octal', () => {
    const long = '/home/user/a/rather/long/directory/name';
    const mem = fakeMemory({ 0x3000: `/home/user\0`, 0x4000: `${long}\0`, 0x5000: '/tmp\0' });
    expect(line('getcwd', [0x3000, 4096], 11, mem)).toBe('getcwd("/home/user", 4096) = 11');
    expect(line('getcwd', [0x4000, 4096], long.length + 1, mem)).toBe(`getcwd("${long}", 4096) = ${long.length + 1}`);
    expect(line('getcwd', [0x3000, 4], -34, mem)).toBe('getcwd(0x3000, 4) = -1 ERANGE (Numerical result out of range)');
    expect(line('chdir', [0x5000], 0, mem)).toBe('chdir("/tmp") = 0');
    expect(line('umask', [0o22], 0o22)).toBe('umask(022) = 022');
    expect(line('umask', [0o77], 0o22)).toBe('umask(077) = 022');
    expect(line('umask', [0], 0)).toBe('umask(000) = 0');
  });

  it('faccessat and faccessat2: F_OK, the R/W/X bits, the AT_ flags', () => {
    const mem = fakeMemory({ 0x2000: '/bin/ls\0' });
    expect(line('faccessat', [AT_FDCWD, 0x2000, 0], 0, mem)).toBe('faccessat(AT_FDCWD, "/bin/ls", F_OK) = 0');
    expect(line('faccessat', [AT_FDCWD, 0x2000, 7], -13, mem)).toBe('faccessat(AT_FDCWD, "/bin/ls", R_OK|W_OK|X_OK) = -1 EACCES (Permission denied)');
    expect(line('faccessat2', [AT_FDCWD, 0x2000, 5, 0x200], 0, mem)).toBe('faccessat2(AT_FDCWD, "/bin/ls", R_OK|X_OK, AT_EACCESS) = 0');
    expect(line('faccessat2', [AT_FDCWD, 0x2000, 0, 0], -2, mem)).toBe('faccessat2(AT_FDCWD, "/bin/ls", F_OK, 0) = -1 ENOENT (No such file or directory)');
  });

  it('readlinkat shows the target after the call, cut at 32 bytes', () => {
    const mem = fakeMemory({ 0x2000: '/proc/self/exe\0', 0x3000: '/bin/ls', 0x4000: '/usr/lib/a/very/long/path/to/some/binary' });
    expect(line('readlinkat', [AT_FDCWD, 0x2000, 0x3000, 4096], 7, mem)).toBe('readlinkat(AT_FDCWD, "/proc/self/exe", "/bin/ls", 4096) = 7');
    expect(line('readlinkat', [AT_FDCWD, 0x2000, 0x4000, 4096], 40, mem)).toBe('readlinkat(AT_FDCWD, "/proc/self/exe", "/usr/lib/a/very/long/path/to/som"..., 4096) = 40');
  });

  it('execve counts the environment', () => {
    const mem = fakeMemory({ 0x1000: '/bin/ls\0ls\0-l\0A=1\0B=2\0C=3\0', 0x2000: words(0x1008, 0x100b, 0), 0x3000: words(0x100e, 0x1012, 0x1016, 0) });
    expect(line('execve', [0x1000, 0x2000, 0x3000], 0, mem)).toBe('execve("/bin/ls", ["ls", "-l"], 0x3000 /* 3 vars */) = 0');
    expect(line('execve', [0x1000, 0x2000, 0x3000], -2, mem)).toBe('execve("/bin/ls", ["ls", "-l"], 0x3000 /* 3 vars */) = -1 ENOENT (No such file or directory)');
  });
});

describe('fcntl64', () => {
  it('decodes the third argument by command, and leaves it out for the getters', () => {
    expect(line('fcntl64', [3, 4, O_NONBLOCK], 0)).toBe('fcntl64(3, F_SETFL, O_RDONLY|O_NONBLOCK) = 0');
    expect(line('fcntl64', [3, 4, O_APPEND | O_RDWR], 0)).toBe('fcntl64(3, F_SETFL, O_RDWR|O_APPEND) = 0');
    expect(line('fcntl64', [3, 2, 1], 0)).toBe('fcntl64(3, F_SETFD, FD_CLOEXEC) = 0');
    expect(line('fcntl64', [3, 2, 0], 0)).toBe('fcntl64(3, F_SETFD, 0) = 0');
    expect(line('fcntl64', [3, 0, 20], 20)).toBe('fcntl64(3, F_DUPFD, 20) = 20');
    expect(line('fcntl64', [3, 1030, 0], 4)).toBe('fcntl64(3, F_DUPFD_CLOEXEC, 0) = 4');
    expect(line('fcntl64', [3, 8, 1234], 0)).toBe('fcntl64(3, F_SETOWN, 1234) = 0');
    expect(line('fcntl64', [3, 9, 0], 0)).toBe('fcntl64(3, F_GETOWN) = 0');
    expect(line('fcntl64', [3, 0x7777, 16], -22)).toBe('fcntl64(3, 0x7777 /* F_??? */, 0x10) = -1 EINVAL (Invalid argument)');
  });

  it('annotates F_GETFD and F_GETFL results with their flags', () => {
    expect(line('fcntl64', [3, 1, 0], 1)).toBe('fcntl64(3, F_GETFD) = 0x1 (flags FD_CLOEXEC)');
    expect(line('fcntl64', [3, 1, 0], 0)).toBe('fcntl64(3, F_GETFD) = 0');
    expect(line('fcntl64', [3, 3, 0], 2)).toBe('fcntl64(3, F_GETFL) = 0x2 (flags O_RDWR)');
    expect(line('fcntl64', [3, 3, 0], 0)).toBe('fcntl64(3, F_GETFL) = 0 (flags O_RDONLY)');
    expect(line('fcntl64', [4, 3, 0], O_WRONLY | O_NONBLOCK)).toBe('fcntl64(4, F_GETFL) = 0x801 (flags O_WRONLY|O_NONBLOCK)');
    expect(line('fcntl64', [99, 3, 0], -9)).toBe('fcntl64(99, F_GETFL) = -1 EBADF (Bad file descriptor)');
  });

  it('shows struct flock64 for the 64-bit lock commands, with l_pid only for F_GETLK64', () => {
    const lock = [1, 0, 0, 0, ...words(0, 100, 0, 0, 0, 0)]; // F_WRLCK, SEEK_SET, start 100, len 0
    const got = [2, 0, 0, 0, ...words(0, 0, 0, 0, 0, 0)];
    const mem = fakeMemory({ 0x5000: lock, 0x6000: got });
    expect(line('fcntl64', [3, 14, 0x5000], 0, mem)).toBe('fcntl64(3, F_SETLKW64, {l_type=F_WRLCK, l_whence=SEEK_SET, l_start=100, l_len=0}) = 0');
    expect(line('fcntl64', [3, 12, 0x6000], 0, mem)).toBe('fcntl64(3, F_GETLK64, {l_type=F_UNLCK, l_whence=SEEK_SET, l_start=0, l_len=0, l_pid=0}) = 0');
  });
});

describe('ioctl on a terminal', () => {
  const termios = words(0o2400, 0o5, 0o277, 0o105073);
  const flags = 'c_iflag=ICRNL|IXON, c_oflag=NL0|CR0|TAB0|BS0|VT0|FF0|OPOST|ONLCR, c_cflag=B38400|CS8|CREAD, c_lflag=ISIG|ICANON|ECHO|ECHOE|ECHOK|IEXTEN|ECHOCTL|ECHOKE';

  it('TCSETS and friends decode the termios they are given, even when they fail', () => {
    const mem = fakeMemory({ 0x7000: termios });
    expect(line('ioctl', [0, 0x5402, 0x7000], 0, mem)).toBe(`ioctl(0, TCSETS, {${flags}, ...}) = 0`);
    expect(line('ioctl', [0, 0x5403, 0x7000], 0, mem)).toBe(`ioctl(0, TCSETSW, {${flags}, ...}) = 0`);
    expect(line('ioctl', [1, 0x5404, 0x7000], -25, mem)).toBe(`ioctl(1, TCSETSF, {${flags}, ...}) = -1 ENOTTY (Inappropriate ioctl for device)`);
  });

  it('process groups and byte counts through an int pointer', () => {
    const mem = fakeMemory({ 0x7000: words(1234), 0x7100: words(5) });
    expect(line('ioctl', [0, 0x540f, 0x7000], 0, mem)).toBe('ioctl(0, TIOCGPGRP, [1234]) = 0');
    expect(line('ioctl', [0, 0x5410, 0x7000], 0, mem)).toBe('ioctl(0, TIOCSPGRP, [1234]) = 0');
    expect(line('ioctl', [3, 0x541b, 0x7100], 0, mem)).toBe('ioctl(3, FIONREAD, [5]) = 0');
    expect(line('ioctl', [1, 0x540f, 0x7000], -25, mem)).toBe('ioctl(1, TIOCGPGRP, 0x7000) = -1 ENOTTY (Inappropriate ioctl for device)');
  });

  it('plain values, requests without an argument, and unknown requests', () => {
    expect(line('ioctl', [0, 0x540b, 0], 0)).toBe('ioctl(0, TCFLSH, TCIFLUSH) = 0');
    expect(line('ioctl', [3, 0x5451, 0], 0)).toBe('ioctl(3, FIOCLEX) = 0');
    expect(line('ioctl', [0, 0x540e, 1], 0)).toBe('ioctl(0, TIOCSCTTY, 1) = 0');
    expect(line('ioctl', [3, 0x1234, 0x7000], -25)).toBe('ioctl(3, _IOC(_IOC_NONE, 0x12, 0x34, 0), 0x7000) = -1 ENOTTY (Inappropriate ioctl for device)');
    expect(line('ioctl', [3, 0xc0087a01, 0], -25)).toBe('ioctl(3, _IOC(_IOC_READ|_IOC_WRITE, 0x7a, 0x1, 0x8), 0) = -1 ENOTTY (Inappropriate ioctl for device)');
  });
});

describe('ppoll_time64', () => {
  const fds = [...words(3), 1, 0, 0, 0, ...words(4), 4, 0, 0, 0, ...words(-1), 1, 0, 0, 0];

  it('lists the descriptors and events asked for, and which became ready', () => {
    const ready = [...words(3), 1, 0, 0x11, 0, ...words(4), 4, 0, 0, 0, ...words(-1), 1, 0, 0, 0];
    const mem = fakeMemory({ 0x1000: ready, 0x2000: words(2) });
    expect(line('ppoll_time64', [0x1000, 3, 0, 0x2000, 8], 1, mem)).toBe(
      'ppoll_time64([{fd=3, events=POLLIN}, {fd=4, events=POLLOUT}, {fd=-1}], 3, NULL, [INT], 8) = 1 ([{fd=3, revents=POLLIN|POLLHUP}])',
    );
  });

  it('says Timeout, shows the time left, and the restart code of an interrupted wait', () => {
    const mem = fakeMemory({ 0x1000: fds, 0x3000: words(0, 0, 250000000, 0) });
    expect(line('ppoll_time64', [0x1000, 2, 0x3000, 0, 8], 0, mem)).toBe('ppoll_time64([{fd=3, events=POLLIN}, {fd=4, events=POLLOUT}], 2, {tv_sec=0, tv_nsec=250000000}, NULL, 8) = 0 (Timeout)');
    const ready = fakeMemory({ 0x1000: [...words(3), 1, 0, 1, 0], 0x3000: words(0, 0, 250000000, 0) });
    expect(line('ppoll_time64', [0x1000, 1, 0x3000, 0, 8], 1, ready)).toBe(
      'ppoll_time64([{fd=3, events=POLLIN}], 1, {tv_sec=0, tv_nsec=250000000}, NULL, 8) = 1 ([{fd=3, revents=POLLIN}], left {tv_sec=0, tv_nsec=250000000})',
    );
    expect(line('ppoll_time64', [0, 0, 0, 0, 8], -4)).toBe('ppoll_time64(NULL, 0, NULL, NULL, 8) = ? ERESTARTNOHAND (To be restarted if no handler)');
    expect(line('ppoll_time64', [0x1000, 1, 0, 0, 8], -4, mem)).toBe('ppoll_time64([{fd=3, events=POLLIN}], 1, NULL, NULL, 8) = ? ERESTARTNOHAND (To be restarted if no handler)');
  });
});

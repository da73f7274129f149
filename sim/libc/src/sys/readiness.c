/* Waiting for descriptors: select on pselect6_time64, poll on ppoll_time64 (riscv32 has
   neither select nor poll), epoll_wait on epoll_pwait, and eventfd's counter helpers. */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/select.h>
#include <unistd.h>
#include "internal.h"

/* pselect6's sixth argument: the mask and its size, packed because only six registers exist. */
struct sigmask_argument {
  const sigset_t *mask;
  size_t size;
};

static int pselect_raw(int nfds, fd_set *r, fd_set *w, fd_set *e, struct __kernel_timespec *timeout,
                       const sigset_t *sigmask) {
  struct sigmask_argument mask_argument;
  mask_argument.mask = sigmask;
  mask_argument.size = __SIGSET_BYTES;
  return (int)__syscall_ret(__syscall6(SYS_pselect6_time64, nfds, (long)r, (long)w, (long)e, (long)timeout,
                                       sigmask != NULL ? (long)&mask_argument : 0));
}

/* Linux's select writes the unslept time back into *timeout; so does this one. */
int select(int nfds, fd_set *readfds, fd_set *writefds, fd_set *exceptfds, struct timeval *timeout) {
  struct __kernel_timespec k;
  int result;
  if (timeout == NULL) return pselect_raw(nfds, readfds, writefds, exceptfds, NULL, NULL);
  if (timeout->tv_sec < 0 || timeout->tv_usec < 0 || timeout->tv_usec >= 1000000) {
    errno = EINVAL;
    return -1;
  }
  k.tv_sec = timeout->tv_sec;
  k.tv_nsec = timeout->tv_usec * 1000;
  result = pselect_raw(nfds, readfds, writefds, exceptfds, &k, NULL);
  timeout->tv_sec = k.tv_sec;
  timeout->tv_usec = k.tv_nsec / 1000;
  return result;
}

int pselect(int nfds, fd_set *readfds, fd_set *writefds, fd_set *exceptfds, const struct timespec *timeout,
            const sigset_t *sigmask) {
  struct __kernel_timespec k;
  return pselect_raw(nfds, readfds, writefds, exceptfds, __to_kernel_timespec(timeout, &k), sigmask);
}

int ppoll(struct pollfd *fds, nfds_t nfds, const struct timespec *timeout, const sigset_t *sigmask) {
  struct __kernel_timespec k;
  return (int)__syscall_ret(__syscall5(SYS_ppoll_time64, (long)fds, (long)nfds,
                                       (long)__to_kernel_timespec(timeout, &k), (long)sigmask, __SIGSET_BYTES));
}

/* A negative timeout waits forever. */
int poll(struct pollfd *fds, nfds_t nfds, int timeout) {
  struct __kernel_timespec k;
  if (timeout >= 0) {
    k.tv_sec = timeout / 1000;
    k.tv_nsec = (long long)(timeout % 1000) * 1000000;
  }
  return (int)__syscall_ret(
      __syscall5(SYS_ppoll_time64, (long)fds, (long)nfds, timeout >= 0 ? (long)&k : 0, 0, __SIGSET_BYTES));
}

int epoll_create(int size) {
  if (size <= 0) {
    errno = EINVAL;
    return -1;
  }
  return epoll_create1(0);
}

int epoll_pwait(int epfd, struct epoll_event *events, int maxevents, int timeout, const sigset_t *sigmask) {
  return (int)__syscall_ret(
      __syscall6(SYS_epoll_pwait, epfd, (long)events, maxevents, timeout, (long)sigmask, __SIGSET_BYTES));
}

int epoll_wait(int epfd, struct epoll_event *events, int maxevents, int timeout) {
  return epoll_pwait(epfd, events, maxevents, timeout, NULL);
}

/* An eventfd is read and written eight bytes at a time. */
int eventfd_read(int fd, eventfd_t *value) {
  return read(fd, value, sizeof(*value)) == (ssize_t)sizeof(*value) ? 0 : -1;
}

int eventfd_write(int fd, eventfd_t value) {
  return write(fd, &value, sizeof(value)) == (ssize_t)sizeof(value) ? 0 : -1;
}

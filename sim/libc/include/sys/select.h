/* select(): fd_set is 1024 bits of longs; riscv32's only call is pselect6_time64. */
#ifndef _SYS_SELECT_H
#define _SYS_SELECT_H

#include <bits/types.h>
#include <bits/timespec.h>
#include <bits/sigset.h>

#define FD_SETSIZE 1024
#define __NFDBITS (8 * (int)sizeof(long))

typedef struct {
  long fds_bits[FD_SETSIZE / (8 * sizeof(long))];
} fd_set;

#define FD_ZERO(s) \
  do { \
    unsigned int __i; \
    for (__i = 0; __i < sizeof(fd_set) / sizeof(long); __i++) (s)->fds_bits[__i] = 0; \
  } while (0)
#define FD_SET(fd, s) ((void)((s)->fds_bits[(fd) / __NFDBITS] |= (1ul << ((fd) % __NFDBITS))))
#define FD_CLR(fd, s) ((void)((s)->fds_bits[(fd) / __NFDBITS] &= ~(1ul << ((fd) % __NFDBITS))))
#define FD_ISSET(fd, s) (((s)->fds_bits[(fd) / __NFDBITS] & (1ul << ((fd) % __NFDBITS))) != 0)

int select(int nfds, fd_set *readfds, fd_set *writefds, fd_set *exceptfds, struct timeval *timeout);
int pselect(int nfds, fd_set *readfds, fd_set *writefds, fd_set *exceptfds,
            const struct timespec *timeout, const sigset_t *sigmask);

#endif

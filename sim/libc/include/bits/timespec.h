/* struct timespec and struct timeval as riscv32 glibc lays them out: 64-bit seconds (time64
   ABI), so both are 16 bytes. The kernel reads tv_nsec as 64 bits; libc copies each timespec
   a program hands in into a __kernel_timespec rather than trust the padding word. */
#ifndef _BITS_TIMESPEC_H
#define _BITS_TIMESPEC_H

#include <bits/types.h>

struct timespec {
  time_t tv_sec;
  long tv_nsec;
  int __tv_pad;
};

struct timeval {
  time_t tv_sec;
  suseconds_t tv_usec;
};

struct __kernel_timespec {
  long long tv_sec;
  long long tv_nsec;
};

#endif

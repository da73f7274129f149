/* The C library's shared type names, in one place so every header agrees (glibc's
   <bits/types.h> role). riscv32 Linux is a 64-bit-time, 64-bit-file-offset ABI: time_t, off_t,
   ino_t and blkcnt_t are 64 bits, as glibc defines them for rv32. Included by any header that
   needs one of these; typedefs are fine to repeat in C11, the guard keeps output short. */
#ifndef _BITS_TYPES_H
#define _BITS_TYPES_H

typedef unsigned int size_t;
typedef int ssize_t;
typedef int ptrdiff_t;
typedef int intptr_t;
typedef unsigned int uintptr_t;
typedef int wchar_t;

typedef signed char int8_t;
typedef short int16_t;
typedef int int32_t;
typedef long long int64_t;
typedef unsigned char uint8_t;
typedef unsigned short uint16_t;
typedef unsigned int uint32_t;
typedef unsigned long long uint64_t;
typedef long long intmax_t;
typedef unsigned long long uintmax_t;

typedef long long off_t;
typedef long long off64_t;
typedef long long loff_t;
typedef int pid_t;
typedef unsigned int uid_t;
typedef unsigned int gid_t;
typedef unsigned int id_t;
typedef unsigned int mode_t;
typedef unsigned long long dev_t;
typedef unsigned long long ino_t;
typedef unsigned int nlink_t;
typedef int blksize_t;
typedef long long blkcnt_t;
typedef long long time_t;
typedef long long suseconds_t;
typedef unsigned int useconds_t;
typedef int clockid_t;
typedef long clock_t;
typedef void *timer_t;
typedef int key_t;
typedef unsigned int socklen_t;
typedef unsigned short sa_family_t;
typedef unsigned int in_addr_t;
typedef unsigned short in_port_t;

#ifndef NULL
#define NULL ((void *)0)
#endif

#endif

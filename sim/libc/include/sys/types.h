/* POSIX's grab-bag of system type names: the shared ones from <bits/types.h>, the BSD
   shorthands old programs still use, and the pthread types (glibc exposes them here too). */
#ifndef _SYS_TYPES_H
#define _SYS_TYPES_H

#include <bits/types.h>
#include <bits/pthreadtypes.h>

typedef unsigned char u_char;
typedef unsigned short u_short;
typedef unsigned int u_int;
typedef unsigned long u_long;
typedef unsigned short ushort;
typedef unsigned int uint;
typedef unsigned long ulong;
typedef uint8_t u_int8_t;
typedef uint16_t u_int16_t;
typedef uint32_t u_int32_t;
typedef uint64_t u_int64_t;
typedef char *caddr_t;
typedef unsigned long long fsblkcnt_t;
typedef unsigned long long fsfilcnt_t;
typedef long long quad_t;
typedef unsigned long long u_quad_t;

#endif

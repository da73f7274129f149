/* Standard definitions: size_t, ptrdiff_t, wchar_t and NULL come from <bits/types.h>, shared
   with every other header; offsetof is the compiler's builtin so it is a constant expression. */
#ifndef _STDDEF_H
#define _STDDEF_H

#include <bits/types.h>

/* 16 like glibc on riscv32, where long double is a 16-byte-aligned quad. */
typedef struct {
    long long __max_align_ll __attribute__((__aligned__(16)));
    long long __max_align_pad;
} max_align_t;

#define offsetof(type, member) __builtin_offsetof(type, member)

#endif

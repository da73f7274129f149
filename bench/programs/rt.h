/* The benchmark programs' whole runtime, in one header so the same C source builds freestanding
   for RV32 (raw Linux syscalls through ecall, as on oslab and qemu-riscv32) and natively for the
   host (libc's printf). A program prints only through put_line()/put_u32(), one write() per line,
   so the bench harness can take a statistics snapshot at each line. */
#ifndef OSLAB_BENCH_RT_H
#define OSLAB_BENCH_RT_H

#include <stdint.h>

#ifdef __riscv

static long rt_syscall3(long n, long a0, long a1, long a2) {
  register long r_a0 __asm__("a0") = a0;
  register long r_a1 __asm__("a1") = a1;
  register long r_a2 __asm__("a2") = a2;
  register long r_a7 __asm__("a7") = n;
  __asm__ volatile("ecall" : "+r"(r_a0) : "r"(r_a1), "r"(r_a2), "r"(r_a7) : "memory");
  return r_a0;
}

static void rt_write(const char *p, long n) {
  while (n > 0) {
    long w = rt_syscall3(64 /* write */, 1, (long)p, n);
    if (w <= 0) return;
    p += w;
    n -= w;
  }
}

/* "label value\n" as one write. */
static void put_u32(const char *label, uint32_t v) {
  char buf[80];
  int n = 0;
  while (label[n] && n < 60) {
    buf[n] = label[n];
    n++;
  }
  buf[n++] = ' ';
  char digits[10];
  int d = 0;
  do {
    digits[d++] = (char)('0' + v % 10);
    v /= 10;
  } while (v);
  while (d > 0) buf[n++] = digits[--d];
  buf[n++] = '\n';
  rt_write(buf, n);
}

/* "s\n" as one write (lines longer than 78 bytes are cut). */
static void put_line(const char *s) {
  char buf[80];
  int n = 0;
  while (s[n] && n < 78) {
    buf[n] = s[n];
    n++;
  }
  buf[n++] = '\n';
  rt_write(buf, n);
}

#else /* native host build */

#include <stdio.h>

static void put_u32(const char *label, uint32_t v) {
  printf("%s %u\n", label, (unsigned)v);
  fflush(stdout);
}

static void put_line(const char *s) {
  printf("%s\n", s);
  fflush(stdout);
}

#endif

/* Decimal argument parsing without libc (atoi is not available freestanding). */
static uint32_t parse_u32(const char *s, uint32_t fallback) {
  if (!s || !*s) return fallback;
  uint32_t v = 0;
  for (; *s >= '0' && *s <= '9'; s++) v = v * 10 + (uint32_t)(*s - '0');
  return v;
}

static int str_eq(const char *a, const char *b) {
  while (*a && *a == *b) a++, b++;
  return *a == *b;
}

#endif

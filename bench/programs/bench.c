/* The benchmark workloads, one per argv mode, written so that the same source builds both
   freestanding for RV32 (run on oslab and qemu-riscv32) and natively for the host (gcc -O0).
   Usage: bench MODE [N]. Each mode does its setup (filling the 16 MiB array), prints "begin",
   runs the measured kernel and prints "checksum <u32>": the harness times and counts exactly
   the part between those two lines, and checks the checksum against the native build.
     int  N  N iterations of an LCG/xor/shift/add loop (no memory traffic)
     seq  N  N passes summing a 16 MiB uint32 array sequentially
     row  N  N row-major passes over the array as a 2048x2048 matrix
     col  N  N column-major passes over the same matrix (a new page every access) */
#include "rt.h"

#define DIM 2048u
#define WORDS (DIM * DIM) /* 4 Mi words = 16 MiB, in .bss */

static uint32_t big[WORDS];

static uint32_t int_loop(uint32_t n) {
  uint32_t x = 12345u, a = 0, b = 1;
  for (uint32_t i = 0; i < n; i++) {
    x = x * 1664525u + 1013904223u;
    a += x ^ (b >> 3);
    b ^= (a << 5) + i;
  }
  return a ^ b ^ x;
}

static void fill(void) {
  for (uint32_t i = 0; i < WORDS; i++) big[i] = (i * 2654435761u) ^ (i >> 3);
}

static uint32_t seq_sum(uint32_t passes) {
  uint32_t total = 0;
  for (uint32_t p = 0; p < passes; p++) {
    uint32_t s = 0;
    for (uint32_t i = 0; i < WORDS; i++) s += big[i];
    total = total * 33u + s;
  }
  return total;
}

static uint32_t row_walk(uint32_t passes) {
  uint32_t total = 0;
  for (uint32_t p = 0; p < passes; p++) {
    uint32_t s = 0;
    for (uint32_t i = 0; i < DIM; i++)
      for (uint32_t j = 0; j < DIM; j++) s += big[i * DIM + j];
    total = total * 33u + s;
  }
  return total;
}

static uint32_t col_walk(uint32_t passes) {
  uint32_t total = 0;
  for (uint32_t p = 0; p < passes; p++) {
    uint32_t s = 0;
    for (uint32_t j = 0; j < DIM; j++)
      for (uint32_t i = 0; i < DIM; i++) s += big[i * DIM + j];
    total = total * 33u + s;
  }
  return total;
}

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "int";
  uint32_t n = parse_u32(argc > 2 ? argv[2] : 0, 1);
  uint32_t result;
  if (str_eq(mode, "int")) {
    put_line("begin");
    result = int_loop(n);
  } else if (str_eq(mode, "seq") || str_eq(mode, "row") || str_eq(mode, "col")) {
    fill();
    put_line("begin");
    result = str_eq(mode, "seq") ? seq_sum(n) : str_eq(mode, "row") ? row_walk(n) : col_walk(n);
  } else {
    put_line("usage: bench int|seq|row|col [N]");
    return 2;
  }
  put_u32("checksum", result);
  return 0;
}

/* A 200-line C program for the debugger bench: F5 to the first stop at main. */
#include <stdio.h>
#include <string.h>

static int step0(int x) {
  int y = x * 3 + 0;
  if (y % 7 == 0) y += 1;
  return y ^ (x << 1);
}

static int step1(int x) {
  int y = x * 4 + 1;
  if (y % 7 == 0) y += 1;
  return y ^ (x << 1);
}

static int step2(int x) {
  int y = x * 5 + 2;
  if (y % 7 == 0) y += 1;
  return y ^ (x << 1);
}

static int step3(int x) {
  int y = x * 6 + 3;
  if (y % 7 == 0) y += 1;
  return y ^ (x << 1);
}

static int step4(int x) {
  int y = x * 7 + 4;
  if (y % 7 == 0) y += 1;
  return y ^ (x << 1);
}

static int step5(int x) {
  int y = x * 8 + 5;
  if (y % 7 == 0) y += 1;
  return y ^ (x << 1);
}

static int step6(int x) {
  int y = x * 9 + 6;
  if (y % 7 == 0) y += 1;
  return y ^ (x << 1);
}

static int step7(int x) {
  int y = x * 10 + 7;
  if (y % 7 == 0) y += 1;
  return y ^ (x << 1);
}

static int step8(int x) {
  int y = x * 11 + 8;
  if (y % 7 == 0) y += 1;
  return y ^ (x << 1);
}

static int step9(int x) {
  int y = x * 12 + 9;
  if (y % 7 == 0) y += 1;
  return y ^ (x << 1);
}

static int step10(int x) {
  int y = x * 13 + 10;
  if (y % 7 == 0) y += 1;
  return y ^ (x << 1);
}

static int step11(int x) {
  int y = x * 14 + 11;
  if (y % 7 == 0) y += 1;
  return y ^ (x << 1);
}

static int step12(int x) {
  int y = x * 15 + 12;
  if (y % 7 == 0) y += 1;
  return y ^ (x << 1);
}

static int step13(int x) {
  int y = x * 16 + 13;
  if (y % 7 == 0) y += 1;
  return y ^ (x << 1);
}

static int step14(int x) {
  int y = x * 17 + 14;
  if (y % 7 == 0) y += 1;
  return y ^ (x << 1);
}

static int step15(int x) {
  int y = x * 18 + 15;
  if (y % 7 == 0) y += 1;
  return y ^ (x << 1);
}

static int step16(int x) {
  int y = x * 19 + 16;
  if (y % 7 == 0) y += 1;
  return y ^ (x << 1);
}

static int step17(int x) {
  int y = x * 20 + 17;
  if (y % 7 == 0) y += 1;
  return y ^ (x << 1);
}

static int step18(int x) {
  int y = x * 21 + 18;
  if (y % 7 == 0) y += 1;
  return y ^ (x << 1);
}

static int step19(int x) {
  int y = x * 22 + 19;
  if (y % 7 == 0) y += 1;
  return y ^ (x << 1);
}

static int step20(int x) {
  int y = x * 23 + 20;
  if (y % 7 == 0) y += 1;
  return y ^ (x << 1);
}

static int step21(int x) {
  int y = x * 24 + 21;
  if (y % 7 == 0) y += 1;
  return y ^ (x << 1);
}

static int step22(int x) {
  int y = x * 25 + 22;
  if (y % 7 == 0) y += 1;
  return y ^ (x << 1);
}

static int step23(int x) {
  int y = x * 26 + 23;
  if (y % 7 == 0) y += 1;
  return y ^ (x << 1);
}

static int step24(int x) {
  int y = x * 27 + 24;
  if (y % 7 == 0) y += 1;
  return y ^ (x << 1);
}

static int step25(int x) {
  int y = x * 28 + 25;
  if (y % 7 == 0) y += 1;
  return y ^ (x << 1);
}

static int step26(int x) {
  int y = x * 29 + 26;
  if (y % 7 == 0) y += 1;
  return y ^ (x << 1);
}

static int step27(int x) {
  int y = x * 30 + 27;
  if (y % 7 == 0) y += 1;
  return y ^ (x << 1);
}

static int step28(int x) {
  int y = x * 31 + 28;
  if (y % 7 == 0) y += 1;
  return y ^ (x << 1);
}

static int step29(int x) {
  int y = x * 32 + 29;
  if (y % 7 == 0) y += 1;
  return y ^ (x << 1);
}

int main(void) {
  int acc = 0;
  acc = step0(acc) & 0xffff;
  acc = step1(acc) & 0xffff;
  acc = step2(acc) & 0xffff;
  acc = step3(acc) & 0xffff;
  acc = step4(acc) & 0xffff;
  acc = step5(acc) & 0xffff;
  acc = step6(acc) & 0xffff;
  acc = step7(acc) & 0xffff;
  acc = step8(acc) & 0xffff;
  acc = step9(acc) & 0xffff;
  acc = step10(acc) & 0xffff;
  acc = step11(acc) & 0xffff;
  acc = step12(acc) & 0xffff;
  acc = step13(acc) & 0xffff;
  acc = step14(acc) & 0xffff;
  acc = step15(acc) & 0xffff;
  acc = step16(acc) & 0xffff;
  acc = step17(acc) & 0xffff;
  acc = step18(acc) & 0xffff;
  acc = step19(acc) & 0xffff;
  acc = step20(acc) & 0xffff;
  acc = step21(acc) & 0xffff;
  acc = step22(acc) & 0xffff;
  acc = step23(acc) & 0xffff;
  acc = step24(acc) & 0xffff;
  acc = step25(acc) & 0xffff;
  acc = step26(acc) & 0xffff;
  acc = step27(acc) & 0xffff;
  acc = step28(acc) & 0xffff;
  acc = step29(acc) & 0xffff;
  printf("%d\n", acc);
  return 0;
}

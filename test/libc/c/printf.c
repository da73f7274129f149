/* printf's integer, character, string and pointer conversions; the test compares the output
   with printf.expected, which is glibc's output for this same file (compiled natively). Only
   types of the same size on ILP32 and LP64 are used, so the two must agree byte for byte. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int through_vsnprintf(char *buf, size_t size, const char *format, ...) {
    va_list ap;
    int n;
    va_start(ap, format);
    n = vsnprintf(buf, size, format, ap);
    va_end(ap);
    return n;
}

int main(void) {
    char buf[64];
    int n = 0, r;
    long long big = -9223372036854775807LL - 1;
    signed char small = 0;
    short half = 0;

    printf("[%d][%i][%u][%x][%X][%o][%c][%s][%%]\n", -42, 42, 42u, 255u, 255u, 8u, 'A', "str");
    printf("[%5d][%-5d|][%05d][%+d][% d][%+5d][%-+5d|][% 05d]\n", 42, 42, 42, 42, 42, -42, 42, 3);
    printf("[%.0d][%.0x][%#.0o][%#x][%#o][%#X][%#08x][%#-8x|]\n", 0, 0u, 0u, 0u, 0u, 0xabcu, 0x1fu, 0x1fu);
    printf("[%.5d][%8.3d][%-8.3d|][%08.3d][%.3d][%+.5d]\n", 42, 42, -42, 42, -1234, -42);
    printf("[%*d][%-*d|][%.*d][%*.*d][%*.*d|]\n", 6, 1, 6, 2, 4, 3, 7, 4, 5, -6, -2, 9);
    printf("[%lld][%llu][%llx][%#llo][%lli]\n", big, 18446744073709551615ULL, 0xfedcba9876543210ULL, 01234567ULL, 1000000000000LL);
    printf("[%hhd][%hhu][%hd][%hu][%hhx]\n", 300, 300, 70000, 70000, 0x1ff);
    printf("[%jd][%ju][%zu][%td][%" PRId64 "][%" PRIu32 "][%" PRIx64 "]\n", (intmax_t)-5, (uintmax_t)5, (size_t)7, (ptrdiff_t)-9,
           (int64_t)-123456789012LL, (uint32_t)4000000000u, (uint64_t)0xdeadbeefcafeULL);
    printf("[%d][%d][%u][%x]\n", 2147483647, -2147483647 - 1, 4294967295u, 4294967295u);
    printf("[%5c][%-3c|][%05c]\n", 'b', 'c', 'x');
    printf("[%.3s][%10s][%-10s|][%10.3s][%.0s][%05s]\n", "abcdef", "right", "left", "abcdef", "gone", "ab");
    printf("[%s][%.8s][%10.3s][%-8s|]\n", (char *)0, (char *)0, (char *)0, (char *)0);
    printf("[%p][%10p][%-10p|]\n", (void *)0, (void *)0, (void *)0);
    printf("[%p][%12p][%-12p|][%p]\n", (void *)0x1234, (void *)0xbeef, (void *)0x10, (void *)0x7ffff000);
    printf("[%y][%-5y][%5%][%k]\n");
    printf("abc%n|", &n);
    printf("%d\n", n);
    printf("%hhn%hn|%d %d\n", &small, &half, small, half);
    r = printf("%s=%d\n", "count", 12345);
    printf("returned %d\n", r);
    r = snprintf(buf, 8, "%s", "truncated output");
    printf("[%s] %d\n", buf, r);
    r = snprintf(buf, 0, "%d", 123456);
    printf("measure %d\n", r);
    r = snprintf(buf, sizeof buf, "%08.3x|%-6s|%c", 0xabu, "ok", 'z');
    printf("[%s] %d\n", buf, r);
    r = sprintf(buf, "%d-%d-%d", 1, 22, 333);
    printf("[%s] %d\n", buf, r);
    r = through_vsnprintf(buf, 5, "%d%d", 1234, 5678);
    printf("[%s] %d\n", buf, r);
    r = fputs("fputs\n", stdout);
    n = puts("puts");
    printf("fputs %d puts %d", r, n);
    r = putchar('!');
    n = fputc(300, stdout);
    printf(" putchar %d fputc %d\n", r, n);
    fprintf(stdout, "%s %s\n", "fprintf", "stdout");
    r = printf("trailing %");
    printf("| %d\n", r);
    return 0;
}

/* printf's floating-point conversions against glibc: printf-float.expected is glibc's output
   for this file compiled natively. The doubles are given as bit patterns (and a few literals),
   so the program needs no floating-point arithmetic, which the rv32ima soft-float target would
   need helper functions for. */
#include <stdio.h>
#include <string.h>

static double from_bits(unsigned long long bits) {
    double d;
    memcpy(&d, &bits, sizeof d);
    return d;
}

static const char *const formats[] = {
    "%f", "%.0f", "%.3f", "%#.0f", "%e", "%.0e", "%.10e", "%g", "%.3g", "%#g", "%.17g", "%G", "%E", "%F",
    "%a", "%.2a", "%.0a", "%A", "%12.4f|", "%-14e|", "%+g", "% .3e", "%015.5f", "%-+10.2f|", "%.30f",
};

static const unsigned long long patterns[] = {
    0x0000000000000000ULL, 0x8000000000000000ULL, 0x3ff0000000000000ULL, 0xbff8000000000000ULL,
    0x400921fb54442d18ULL, 0x3fb999999999999aULL, 0x3fe0000000000000ULL, 0x3ff8000000000000ULL,
    0x4004000000000000ULL, 0x3f50624dd2f1a9fcULL, 0x412e848000000000ULL, 0x44b52d02c7e14af6ULL,
    0x7fefffffffffffffULL, 0x0010000000000000ULL, 0x0000000000000001ULL, 0x000fffffffffffffULL,
    0x7ff0000000000000ULL, 0xfff0000000000000ULL, 0x7ff8000000000000ULL, 0xfff8000000000000ULL,
    0x3eb0c6f7a0b5ed8dULL, 0x4341c37937e08000ULL, 0xc0fe240c9fbe76c9ULL, 0x3fefffffffffffffULL,
    0x3feffffffffffffeULL, 0x40c81cd6e631f8a1ULL, 0x3f1a36e2eb1c432dULL, 0x42d6bcc41e900000ULL,
};

int main(void) {
    unsigned int i, j;
    for (i = 0; i < sizeof patterns / sizeof patterns[0]; i++) {
        double d = from_bits(patterns[i]);
        printf("%016llx:", patterns[i]);
        for (j = 0; j < sizeof formats / sizeof formats[0]; j++) {
            printf(" ");
            printf(formats[j], d);
        }
        printf("\n");
    }
    printf("%.2f %.2f %.2f %.2f %.1f %.1f\n", 0.125, 0.375, 2.5, 1.005, 0.25, 0.35);
    printf("%.0f %.0f %.0f %.0f %g %g %g\n", 0.5, 1.5, 2.5, 3.5, 100000.0, 1000000.0, 0.0001);
    printf("%5.1f|%-8.3e|%08.2f|%+.0e|%#.3g|%g\n", 3.14159, 12345.678, -2.5, 9.5, 1.0, 1e-5);
    printf("%d %f %d %s\n", 1, 2.5, 3, "mixed");
    return 0;
}

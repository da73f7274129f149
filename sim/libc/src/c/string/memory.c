/* The mem* family. Compilers emit calls to memcpy/memset/memmove for struct copies and
   initialisers, so these are plain byte loops (word loops when both sides are aligned) that the
   libc build compiles with -fno-builtin, lest the compiler turn a loop back into a call. */
#include <string.h>

#define WORD_ALIGNED(p) (((unsigned int)(p) & 3) == 0)

void *memcpy(void *dest, const void *src, size_t n) {
    unsigned char *d = dest;
    const unsigned char *s = src;
    if (WORD_ALIGNED(d) && WORD_ALIGNED(s)) {
        for (; n >= 4; n -= 4, d += 4, s += 4)
            *(unsigned int *)d = *(const unsigned int *)s;
    }
    while (n--)
        *d++ = *s++;
    return dest;
}

void *memmove(void *dest, const void *src, size_t n) {
    unsigned char *d = dest;
    const unsigned char *s = src;
    if (d == s || n == 0)
        return dest;
    if (d < s || d >= s + n)
        return memcpy(dest, src, n);
    /* Overlapping with dest above src: copy from the end so no byte is read after it is overwritten. */
    while (n--)
        d[n] = s[n];
    return dest;
}

void *memset(void *s, int c, size_t n) {
    unsigned char *p = s;
    unsigned char byte = (unsigned char)c;
    if (WORD_ALIGNED(p)) {
        unsigned int word = byte * 0x01010101u;
        for (; n >= 4; n -= 4, p += 4)
            *(unsigned int *)p = word;
    }
    while (n--)
        *p++ = byte;
    return s;
}

int memcmp(const void *a, const void *b, size_t n) {
    const unsigned char *x = a, *y = b;
    for (; n; n--, x++, y++) {
        if (*x != *y)
            return *x - *y;
    }
    return 0;
}

void *memchr(const void *s, int c, size_t n) {
    const unsigned char *p = s;
    for (; n; n--, p++) {
        if (*p == (unsigned char)c)
            return (void *)p;
    }
    return 0;
}

void *memrchr(const void *s, int c, size_t n) {
    const unsigned char *p = s;
    while (n--) {
        if (p[n] == (unsigned char)c)
            return (void *)(p + n);
    }
    return 0;
}

void *mempcpy(void *dest, const void *src, size_t n) {
    return (unsigned char *)memcpy(dest, src, n) + n;
}

void *memccpy(void *dest, const void *src, int c, size_t n) {
    unsigned char *d = dest;
    const unsigned char *s = src;
    for (; n; n--) {
        if ((*d++ = *s++) == (unsigned char)c)
            return d;
    }
    return 0;
}

void bzero(void *s, size_t n) {
    memset(s, 0, n);
}

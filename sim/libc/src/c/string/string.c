/* NUL-terminated string functions of <string.h>: length, copy, compare, search. Comparisons
   treat bytes as unsigned char, as C11 7.24.4 requires (char is unsigned on RISC-V anyway). */
#include <string.h>

size_t strlen(const char *s) {
    const char *p = s;
    while (*p)
        p++;
    return (size_t)(p - s);
}

size_t strnlen(const char *s, size_t maxlen) {
    size_t n = 0;
    while (n < maxlen && s[n])
        n++;
    return n;
}

char *strcpy(char *dest, const char *src) {
    char *d = dest;
    while ((*d++ = *src++) != 0)
        ;
    return dest;
}

char *stpcpy(char *dest, const char *src) {
    while ((*dest = *src++) != 0)
        dest++;
    return dest;
}

/* Pads with NULs to n and leaves dest unterminated when src is n bytes or longer. */
char *strncpy(char *dest, const char *src, size_t n) {
    size_t i = 0;
    for (; i < n && src[i]; i++)
        dest[i] = src[i];
    for (; i < n; i++)
        dest[i] = 0;
    return dest;
}

char *stpncpy(char *dest, const char *src, size_t n) {
    size_t len = strnlen(src, n);
    strncpy(dest, src, n);
    return dest + len;
}

char *strcat(char *dest, const char *src) {
    strcpy(dest + strlen(dest), src);
    return dest;
}

char *strncat(char *dest, const char *src, size_t n) {
    char *d = dest + strlen(dest);
    while (n-- && *src)
        *d++ = *src++;
    *d = 0;
    return dest;
}

int strcmp(const char *a, const char *b) {
    const unsigned char *x = (const unsigned char *)a, *y = (const unsigned char *)b;
    while (*x && *x == *y) {
        x++;
        y++;
    }
    return *x - *y;
}

int strncmp(const char *a, const char *b, size_t n) {
    const unsigned char *x = (const unsigned char *)a, *y = (const unsigned char *)b;
    for (; n; n--, x++, y++) {
        if (*x != *y || !*x)
            return *x - *y;
    }
    return 0;
}

/* The C locale collates by byte value. */
int strcoll(const char *a, const char *b) {
    return strcmp(a, b);
}

size_t strxfrm(char *dest, const char *src, size_t n) {
    size_t len = strlen(src);
    if (len < n)
        strcpy(dest, src);
    return len;
}

char *strchr(const char *s, int c) {
    char *end = strchrnul(s, c);
    return *end == (char)c ? end : 0;
}

char *strchrnul(const char *s, int c) {
    while (*s && *s != (char)c)
        s++;
    return (char *)s;
}

char *strrchr(const char *s, int c) {
    const char *found = 0;
    do {
        if (*s == (char)c)
            found = s;
    } while (*s++);
    return (char *)found;
}

char *index(const char *s, int c) {
    return strchr(s, c);
}

char *rindex(const char *s, int c) {
    return strrchr(s, c);
}

char *strstr(const char *haystack, const char *needle) {
    size_t len = strlen(needle);
    for (; *haystack; haystack++) {
        if (strncmp(haystack, needle, len) == 0)
            return (char *)haystack;
    }
    return len == 0 ? (char *)haystack : 0;
}

size_t strspn(const char *s, const char *accept) {
    size_t n = 0;
    while (s[n] && strchr(accept, s[n]))
        n++;
    return n;
}

size_t strcspn(const char *s, const char *reject) {
    size_t n = 0;
    while (s[n] && !strchr(reject, s[n]))
        n++;
    return n;
}

char *strpbrk(const char *s, const char *accept) {
    s += strcspn(s, accept);
    return *s ? (char *)s : 0;
}

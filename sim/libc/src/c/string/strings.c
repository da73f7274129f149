/* The <strings.h> functions: ASCII case-insensitive comparison (the C locale) and ffs. */
#include <ctype.h>
#include <strings.h>

int strcasecmp(const char *a, const char *b) {
    const unsigned char *x = (const unsigned char *)a, *y = (const unsigned char *)b;
    while (*x && tolower(*x) == tolower(*y)) {
        x++;
        y++;
    }
    return tolower(*x) - tolower(*y);
}

int strncasecmp(const char *a, const char *b, size_t n) {
    const unsigned char *x = (const unsigned char *)a, *y = (const unsigned char *)b;
    for (; n; n--, x++, y++) {
        if (tolower(*x) != tolower(*y) || !*x)
            return tolower(*x) - tolower(*y);
    }
    return 0;
}

int ffs(int i) {
    unsigned int bits = (unsigned int)i;
    int position = 1;
    if (bits == 0)
        return 0;
    while (!(bits & 1)) {
        bits >>= 1;
        position++;
    }
    return position;
}

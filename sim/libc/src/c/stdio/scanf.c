/* The scanf family: d i u o x X p s c [ n % with '*', widths and lengths hh h l ll j z t q.
   Numbers are gathered as text and converted with strtol & co., as glibc does, so overflow
   behaves the same (a %d past LONG_MAX stores LONG_MAX). The result is the number of
   assignments, or EOF when input ends before the first conversion. One character of
   lookahead goes back with ungetc. Floating point (%f %e %g) is not supported and stops the
   scan like a matching failure. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include "../libc-internal.h"
#include "stdio-impl.h"

struct scan_source {
    FILE *stream;       /* read from here, or ... */
    const char *string; /* ... from here */
    int consumed;       /* characters taken so far, for %n */
};

enum { LENGTH_INT, LENGTH_CHAR, LENGTH_SHORT, LENGTH_LONG, LENGTH_LONG_LONG };

struct scan_conversion {
    int suppress;
    int width; /* 0 when not given */
    int length;
    char specifier;
};

static int next_char(struct scan_source *src) {
    int c;
    if (src->stream)
        c = __stdio_getc(src->stream);
    else
        c = *src->string ? (unsigned char)*src->string++ : EOF;
    if (c != EOF)
        src->consumed++;
    return c;
}

static void unget_char(struct scan_source *src, int c) {
    if (c == EOF)
        return;
    src->consumed--;
    if (src->stream)
        ungetc(c, src->stream);
    else
        src->string--;
}

/* Skips white space; returns EOF if the input ended. */
static int skip_space(struct scan_source *src) {
    int c;
    do {
        c = next_char(src);
    } while (c != EOF && isspace(c));
    unget_char(src, c);
    return c;
}

/* Collects a number's text (sign, 0x prefix, digits) into text; returns the base it turned
   out to have, or -1 when no digit was found. */
static int scan_number_text(struct scan_source *src, int base, int width, char *text, int size) {
    int n = 0, digits = 0;
    int c = next_char(src);
    if (width <= 0 || width > size - 1)
        width = size - 1;
    if ((c == '+' || c == '-') && n < width) {
        text[n++] = (char)c;
        c = next_char(src);
    }
    if ((base == 0 || base == 16) && c == '0' && n < width) {
        text[n++] = (char)c;
        digits++;
        c = next_char(src);
        if ((c == 'x' || c == 'X') && n < width) {
            text[n++] = (char)c;
            base = 16;
            digits = 0;
            c = next_char(src);
        } else if (base == 0) {
            base = 8;
        }
    }
    if (base == 0)
        base = 10;
    while (n < width && c != EOF && __digit_value(c) < base) {
        text[n++] = (char)c;
        digits++;
        c = next_char(src);
    }
    unget_char(src, c);
    text[n] = 0;
    return digits > 0 ? base : -1;
}

static void store_signed(void *target, int length, long long value) {
    switch (length) {
    case LENGTH_CHAR: *(signed char *)target = (signed char)value; break;
    case LENGTH_SHORT: *(short *)target = (short)value; break;
    case LENGTH_LONG_LONG: *(long long *)target = value; break;
    default: *(int *)target = (int)value; break;
    }
}

/* %d %i %u %o %x %p; returns 1 on a match, 0 on a matching failure. */
static int scan_integer(struct scan_source *src, const struct scan_conversion *c, __builtin_va_list *ap) {
    char text[72];
    char sp = c->specifier;
    int base = sp == 'd' || sp == 'u' ? 10 : sp == 'o' ? 8 : sp == 'i' ? 0 : 16;
    int is_signed = sp == 'd' || sp == 'i';
    base = scan_number_text(src, base, c->width, text, sizeof text);
    if (base < 0)
        return 0;
    if (c->suppress)
        return 1;
    if (sp == 'p')
        *__builtin_va_arg(*ap, void **) = (void *)strtoul(text, 0, base);
    else if (c->length == LENGTH_LONG_LONG)
        *__builtin_va_arg(*ap, long long *) = is_signed ? strtoll(text, 0, base) : (long long)strtoull(text, 0, base);
    else
        store_signed(__builtin_va_arg(*ap, void *), c->length, is_signed ? strtol(text, 0, base) : (long)strtoul(text, 0, base));
    return 1;
}

/* The set of a %[ conversion: which of the 256 bytes it accepts. Returns the format position
   after the closing ']'. */
static const char *parse_scanset(const char *p, unsigned char *accepts) {
    int negate = *p == '^';
    int i;
    if (negate)
        p++;
    memset(accepts, 0, 256);
    if (*p == ']')
        accepts[(unsigned char)*p++] = 1;
    for (; *p && *p != ']'; p++) {
        if (p[1] == '-' && p[2] && p[2] != ']') {
            for (i = (unsigned char)p[0]; i <= (unsigned char)p[2]; i++)
                accepts[i] = 1;
            p += 2;
        } else {
            accepts[(unsigned char)*p] = 1;
        }
    }
    if (negate) {
        for (i = 0; i < 256; i++)
            accepts[i] = !accepts[i];
    }
    return *p ? p + 1 : p;
}

/* %s %c %[: returns 1 on a match, 0 on a matching failure, EOF when input ended first. */
static int scan_characters(struct scan_source *src, const struct scan_conversion *c,
                           const unsigned char *accepts, __builtin_va_list *ap) {
    char *out = c->suppress ? 0 : __builtin_va_arg(*ap, char *);
    int width = c->width > 0 ? c->width : c->specifier == 'c' ? 1 : 0x7fffffff;
    int n = 0;
    int ch = EOF;
    while (n < width) {
        ch = next_char(src);
        if (ch == EOF)
            break;
        if ((c->specifier == 's' && isspace(ch)) || (c->specifier == '[' && !accepts[ch])) {
            unget_char(src, ch);
            break;
        }
        if (out)
            out[n] = (char)ch;
        n++;
    }
    if (n == 0)
        return ch == EOF ? EOF : 0;
    if (c->specifier == 'c')
        return n == width ? 1 : (ch == EOF ? EOF : 0);
    if (out)
        out[n] = 0;
    return 1;
}

static const char *parse_scan_conversion(const char *p, struct scan_conversion *c) {
    c->suppress = 0;
    c->width = 0;
    c->length = LENGTH_INT;
    if (*p == '*') {
        c->suppress = 1;
        p++;
    }
    for (; *p >= '0' && *p <= '9'; p++)
        c->width = c->width * 10 + (*p - '0');
    if (*p == 'h') {
        c->length = p[1] == 'h' ? LENGTH_CHAR : LENGTH_SHORT;
        p += p[1] == 'h' ? 2 : 1;
    } else if (*p == 'l') {
        c->length = p[1] == 'l' ? LENGTH_LONG_LONG : LENGTH_LONG;
        p += p[1] == 'l' ? 2 : 1;
    } else if (*p == 'q' || *p == 'j' || *p == 'L') {
        c->length = LENGTH_LONG_LONG;
        p++;
    } else if (*p == 'z' || *p == 't') {
        c->length = LENGTH_LONG;
        p++;
    }
    c->specifier = *p;
    return p;
}

/* One conversion; 1 when it assigned (or matched with '*'), 0 on a matching failure, EOF when
   input ended. */
static int scan_one(struct scan_source *src, struct scan_conversion *c, const char **format, __builtin_va_list *ap) {
    unsigned char accepts[256];
    char sp = c->specifier;
    if (sp == '[')
        *format = parse_scanset(*format + 1, accepts) - 1;
    if (sp != '[' && sp != 'c' && sp != 'n' && skip_space(src) == EOF)
        return EOF;
    switch (sp) {
    case 'd': case 'i': case 'u': case 'o': case 'x': case 'X': case 'p':
        return scan_integer(src, c, ap);
    case 's': case 'c': case '[':
        return scan_characters(src, c, accepts, ap);
    case '%': {
        int ch = next_char(src);
        if (ch == '%')
            return 1;
        unget_char(src, ch);
        return ch == EOF ? EOF : 0;
    }
    default:
        return 0;
    }
}

static int scan(struct scan_source *src, const char *format, __builtin_va_list args) {
    __builtin_va_list ap;
    const char *p;
    int assigned = 0;
    __builtin_va_copy(ap, args);
    for (p = format; *p; p++) {
        struct scan_conversion c;
        int result;
        if (isspace((unsigned char)*p)) {
            skip_space(src);
            continue;
        }
        if (*p != '%') {
            int ch = next_char(src);
            if (ch != (unsigned char)*p) {
                unget_char(src, ch);
                if (ch == EOF && assigned == 0)
                    assigned = EOF;
                break;
            }
            continue;
        }
        p = parse_scan_conversion(p + 1, &c);
        if (c.specifier == 'n') {
            if (!c.suppress)
                store_signed(__builtin_va_arg(ap, void *), c.length, src->consumed);
            continue;
        }
        result = scan_one(src, &c, &p, &ap);
        if (result == EOF) {
            if (assigned == 0)
                assigned = EOF;
            break;
        }
        if (result == 0)
            break;
        if (!c.suppress && c.specifier != '%')
            assigned++;
    }
    __builtin_va_end(ap);
    return assigned;
}

int vfscanf(FILE *f, const char *format, __builtin_va_list ap) {
    struct scan_source src = {f, 0, 0};
    int result;
    flockfile(f);
    result = scan(&src, format, ap);
    funlockfile(f);
    return result;
}

int vsscanf(const char *str, const char *format, __builtin_va_list ap) {
    struct scan_source src = {0, str, 0};
    return scan(&src, format, ap);
}

int vscanf(const char *format, __builtin_va_list ap) {
    return vfscanf(stdin, format, ap);
}

int fscanf(FILE *f, const char *format, ...) {
    __builtin_va_list ap;
    int result;
    __builtin_va_start(ap, format);
    result = vfscanf(f, format, ap);
    __builtin_va_end(ap);
    return result;
}

int scanf(const char *format, ...) {
    __builtin_va_list ap;
    int result;
    __builtin_va_start(ap, format);
    result = vfscanf(stdin, format, ap);
    __builtin_va_end(ap);
    return result;
}

int sscanf(const char *str, const char *format, ...) {
    __builtin_va_list ap;
    int result;
    __builtin_va_start(ap, format);
    result = vsscanf(str, format, ap);
    __builtin_va_end(ap);
    return result;
}

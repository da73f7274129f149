/* printf's conversion engine, matching glibc's output for every integer, character, string
   and pointer conversion: flags "-+ #0", width and precision (also as "*"), lengths hh h l ll
   j z t q, conversions d i u o x X c s p n m %. (nil) and (null) as glibc prints them; an
   unknown conversion is copied through literally and a lone '%' at the end is an error (-1).
   %f %e %g %a live in format-float.c. Positional arguments (%1$d) are not supported. */
#include <errno.h>
#include <string.h>
#include "format.h"
#include "stdio-impl.h"

void __sink_put(struct format_sink *sink, const char *bytes, size_t n) {
    sink->total += n;
    if (!sink->stream) {
        size_t room = sink->capacity - sink->used;
        size_t count = n < room ? n : room;
        memcpy(sink->buffer + sink->used, bytes, count);
        sink->used += count;
        return;
    }
    if (!sink->buffer) {
        if (__stdio_write(sink->stream, (const unsigned char *)bytes, n) != n)
            sink->failed = 1;
        return;
    }
    while (n > 0) {
        size_t room = sink->capacity - sink->used;
        size_t count = n < room ? n : room;
        memcpy(sink->buffer + sink->used, bytes, count);
        sink->used += count;
        bytes += count;
        n -= count;
        if (sink->used == sink->capacity) {
            if (__stdio_write(sink->stream, (const unsigned char *)sink->buffer, sink->used) != sink->used)
                sink->failed = 1;
            sink->used = 0;
        }
    }
}

void __sink_repeat(struct format_sink *sink, char c, int count) {
    char chunk[16];
    memset(chunk, c, sizeof chunk);
    while (count > 0) {
        int n = count < (int)sizeof chunk ? count : (int)sizeof chunk;
        __sink_put(sink, chunk, (size_t)n);
        count -= n;
    }
}

/* Text padded with spaces to the width, on the left unless '-' was given. */
static void put_padded(struct format_sink *sink, const struct conversion *c, const char *text, size_t len) {
    int padding = c->width > (int)len ? c->width - (int)len : 0;
    if (!(c->flags & FLAG_LEFT))
        __sink_repeat(sink, ' ', padding);
    __sink_put(sink, text, len);
    if (c->flags & FLAG_LEFT)
        __sink_repeat(sink, ' ', padding);
}

/* Digits of value in base, least significant first; returns how many. */
static int to_digits(unsigned long long value, unsigned base, int upper, char *out) {
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    int n = 0;
    unsigned int small;
    while (value > 0xffffffffULL) {
        out[n++] = digits[value % base];
        value /= base;
    }
    /* The rest fits in 32 bits: skip the 64-bit division helpers. */
    small = (unsigned int)value;
    while (small != 0) {
        out[n++] = digits[small % base];
        small /= base;
    }
    return n;
}

static void put_integer(struct format_sink *sink, const struct conversion *c, unsigned long long magnitude,
                        int negative) {
    char digits[24];
    const char *prefix = "";
    unsigned base = c->specifier == 'o' ? 8 : (c->specifier == 'x' || c->specifier == 'X' || c->specifier == 'p') ? 16 : 10;
    int count = to_digits(magnitude, base, c->specifier == 'X', digits);
    int precision = c->precision < 0 ? 1 : c->precision;
    int zeros, padding, prefix_len, signed_conversion = c->specifier == 'd' || c->specifier == 'i';
    if (base == 8 && (c->flags & FLAG_ALT) && precision <= count)
        precision = count + 1;
    if (negative)
        prefix = "-";
    else if (signed_conversion && (c->flags & FLAG_PLUS))
        prefix = "+";
    else if (signed_conversion && (c->flags & FLAG_SPACE))
        prefix = " ";
    else if (c->specifier == 'p' || (base == 16 && (c->flags & FLAG_ALT) && magnitude != 0))
        prefix = c->specifier == 'X' ? "0X" : "0x";
    prefix_len = (int)strlen(prefix);
    zeros = precision > count ? precision - count : 0;
    padding = c->width - prefix_len - zeros - count;
    if ((c->flags & FLAG_ZERO) && !(c->flags & FLAG_LEFT) && c->precision < 0 && padding > 0) {
        zeros += padding;
        padding = 0;
    }
    if (!(c->flags & FLAG_LEFT))
        __sink_repeat(sink, ' ', padding);
    __sink_put(sink, prefix, (size_t)prefix_len);
    __sink_repeat(sink, '0', zeros);
    while (count > 0)
        __sink_put(sink, &digits[--count], 1);
    if (c->flags & FLAG_LEFT)
        __sink_repeat(sink, ' ', padding);
}

static long long signed_argument(int length, __builtin_va_list *ap) {
    switch (length) {
    case LENGTH_CHAR: return (signed char)__builtin_va_arg(*ap, int);
    case LENGTH_SHORT: return (short)__builtin_va_arg(*ap, int);
    case LENGTH_LONG: return __builtin_va_arg(*ap, long);
    case LENGTH_LONG_LONG:
    case LENGTH_LONG_DOUBLE:
    case LENGTH_INTMAX: return __builtin_va_arg(*ap, long long);
    case LENGTH_SIZE: return __builtin_va_arg(*ap, ssize_t);
    case LENGTH_PTRDIFF: return __builtin_va_arg(*ap, ptrdiff_t);
    default: return __builtin_va_arg(*ap, int);
    }
}

static unsigned long long unsigned_argument(int length, __builtin_va_list *ap) {
    switch (length) {
    case LENGTH_CHAR: return (unsigned char)__builtin_va_arg(*ap, unsigned int);
    case LENGTH_SHORT: return (unsigned short)__builtin_va_arg(*ap, unsigned int);
    case LENGTH_LONG: return __builtin_va_arg(*ap, unsigned long);
    case LENGTH_LONG_LONG:
    case LENGTH_LONG_DOUBLE:
    case LENGTH_INTMAX: return __builtin_va_arg(*ap, unsigned long long);
    case LENGTH_SIZE: return __builtin_va_arg(*ap, size_t);
    case LENGTH_PTRDIFF: return (unsigned long long)__builtin_va_arg(*ap, ptrdiff_t);
    default: return __builtin_va_arg(*ap, unsigned int);
    }
}

static void put_string(struct format_sink *sink, const struct conversion *c, const char *s) {
    if (!s)
        s = c->precision < 0 || c->precision >= 6 ? "(null)" : "";
    put_padded(sink, c, s, c->precision < 0 ? strlen(s) : strnlen(s, (size_t)c->precision));
}

/* %ls: wide characters in the C locale; each one that is not ASCII stops the output, where
   glibc's conversion would fail. */
static void put_wide_string(struct format_sink *sink, const struct conversion *c, const wchar_t *ws) {
    char narrow[256];
    size_t n = 0;
    if (!ws) {
        put_string(sink, c, 0);
        return;
    }
    while (ws[n] > 0 && ws[n] < 128 && n < sizeof narrow && (c->precision < 0 || n < (size_t)c->precision)) {
        narrow[n] = (char)ws[n];
        n++;
    }
    put_padded(sink, c, narrow, n);
}

static void store_count(const struct conversion *c, size_t total, __builtin_va_list *ap) {
    void *target = __builtin_va_arg(*ap, void *);
    switch (c->length) {
    case LENGTH_CHAR: *(signed char *)target = (signed char)total; break;
    case LENGTH_SHORT: *(short *)target = (short)total; break;
    case LENGTH_LONG_LONG:
    case LENGTH_INTMAX: *(long long *)target = (long long)total; break;
    default: *(int *)target = (int)total; break;
    }
}

static void put_conversion(struct format_sink *sink, struct conversion *c, __builtin_va_list *ap) {
    char ch;
    long long value;
    void *pointer;
    switch (c->specifier) {
    case 'd':
    case 'i':
        value = signed_argument(c->length, ap);
        put_integer(sink, c, value < 0 ? 0ULL - (unsigned long long)value : (unsigned long long)value, value < 0);
        break;
    case 'u':
    case 'o':
    case 'x':
    case 'X':
        put_integer(sink, c, unsigned_argument(c->length, ap), 0);
        break;
    case 'p':
        pointer = __builtin_va_arg(*ap, void *);
        if (!pointer) {
            c->precision = -1;
            put_string(sink, c, "(nil)");
        } else {
            put_integer(sink, c, (uintptr_t)pointer, 0);
        }
        break;
    case 'c':
        ch = (char)__builtin_va_arg(*ap, int);
        put_padded(sink, c, &ch, 1);
        break;
    case 's':
        if (c->length == LENGTH_LONG)
            put_wide_string(sink, c, __builtin_va_arg(*ap, const wchar_t *));
        else
            put_string(sink, c, __builtin_va_arg(*ap, const char *));
        break;
    case 'm':
        put_string(sink, c, strerror(errno));
        break;
    case 'n':
        store_count(c, sink->total, ap);
        break;
    default: /* f F e E g G a A. A long double travels by reference: it is printed as <float>. */
        if (c->length == LENGTH_LONG_DOUBLE) {
            (void)__builtin_va_arg(*ap, void *);
            put_padded(sink, c, "<float>", 7);
        } else {
            __format_double(sink, c, __builtin_va_arg(*ap, unsigned long long));
        }
        break;
    }
}

/* flags width? ("." precision?)? length? — everything between '%' and the conversion letter. */
static const char *parse_conversion(const char *p, struct conversion *c, __builtin_va_list *ap) {
    c->flags = 0;
    c->width = 0;
    c->precision = -1;
    c->length = LENGTH_INT;
    for (;; p++) {
        if (*p == '-') c->flags |= FLAG_LEFT;
        else if (*p == '+') c->flags |= FLAG_PLUS;
        else if (*p == ' ') c->flags |= FLAG_SPACE;
        else if (*p == '#') c->flags |= FLAG_ALT;
        else if (*p == '0') c->flags |= FLAG_ZERO;
        else if (*p != '\'') break;
    }
    if (*p == '*') {
        c->width = __builtin_va_arg(*ap, int);
        if (c->width < 0) {
            c->flags |= FLAG_LEFT;
            c->width = -c->width;
        }
        p++;
    }
    for (; *p >= '0' && *p <= '9'; p++)
        c->width = c->width * 10 + (*p - '0');
    if (*p == '.') {
        p++;
        c->precision = 0;
        if (*p == '*') {
            c->precision = __builtin_va_arg(*ap, int);
            if (c->precision < 0)
                c->precision = -1;
            p++;
        }
        for (; *p >= '0' && *p <= '9'; p++)
            c->precision = c->precision * 10 + (*p - '0');
    }
    if (*p == 'h') c->length = p[1] == 'h' ? (p++, LENGTH_CHAR) : LENGTH_SHORT;
    else if (*p == 'l') c->length = p[1] == 'l' ? (p++, LENGTH_LONG_LONG) : LENGTH_LONG;
    else if (*p == 'q') c->length = LENGTH_LONG_LONG;
    else if (*p == 'L') c->length = LENGTH_LONG_DOUBLE;
    else if (*p == 'j') c->length = LENGTH_INTMAX;
    else if (*p == 'z') c->length = LENGTH_SIZE;
    else if (*p == 't') c->length = LENGTH_PTRDIFF;
    else p--;
    p++;
    c->specifier = *p;
    return p;
}

static int is_conversion_letter(char ch) {
    return ch && strchr("diouxXcspnmfFeEgGaA", ch) != 0;
}

int __format(struct format_sink *sink, const char *format, __builtin_va_list args) {
    __builtin_va_list ap;
    const char *p = format;
    __builtin_va_copy(ap, args);
    while (*p) {
        const char *start = p;
        struct conversion c;
        while (*p && *p != '%')
            p++;
        __sink_put(sink, start, (size_t)(p - start));
        if (!*p)
            break;
        start = p;
        p = parse_conversion(p + 1, &c, &ap);
        if (c.specifier == '%') {
            __sink_put(sink, "%", 1);
        } else if (is_conversion_letter(c.specifier)) {
            put_conversion(sink, &c, &ap);
        } else if (!c.specifier) {
            __builtin_va_end(ap);
            return -1;
        } else {
            __sink_put(sink, start, (size_t)(p - start + 1));
        }
        p++;
    }
    __builtin_va_end(ap);
    return sink->failed ? -1 : (int)sink->total;
}

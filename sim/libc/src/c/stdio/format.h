/* The printf engine's interface: a sink that either feeds a stream (through a staging buffer
   for unbuffered streams, so one printf to stderr is one write(2), as in glibc) or fills
   memory (snprintf's truncation), and counts every byte produced. */
#ifndef _FORMAT_H
#define _FORMAT_H

#include <stdio.h>

struct format_sink {
    FILE *stream;    /* the stream written to, or 0 for memory */
    char *buffer;    /* memory output, or the staging buffer of an unbuffered stream */
    size_t capacity; /* bytes buffer holds (for memory: excluding the terminating NUL) */
    size_t used;
    size_t total;    /* bytes produced so far: printf's result and %n's value */
    int failed;
};

enum { FLAG_LEFT = 1, FLAG_PLUS = 2, FLAG_SPACE = 4, FLAG_ALT = 8, FLAG_ZERO = 16 };
enum { LENGTH_INT, LENGTH_CHAR, LENGTH_SHORT, LENGTH_LONG, LENGTH_LONG_LONG, LENGTH_INTMAX,
       LENGTH_SIZE, LENGTH_PTRDIFF, LENGTH_LONG_DOUBLE };

/* One parsed %-conversion. */
struct conversion {
    int flags;
    int width;
    int precision; /* -1 when not given */
    int length;
    char specifier;
};

void __sink_put(struct format_sink *sink, const char *bytes, size_t n);
void __sink_repeat(struct format_sink *sink, char c, int count);
/* %f %F %e %E %g %G %a %A of a double given as its IEEE-754 bits. */
void __format_double(struct format_sink *sink, const struct conversion *c, unsigned long long bits);
/* Formats into the sink; returns the byte count, or -1 for a malformed format or an
   output error. Does not flush staging: the caller does. */
int __format(struct format_sink *sink, const char *format, __builtin_va_list ap);

#endif

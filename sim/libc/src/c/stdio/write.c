/* The output half of stdio: __stdio_write, which every output function ends in, and the
   character, string and block writers. It follows glibc's _IO_file_xsputn: fill the buffer,
   and when more remains write the buffer out, then whole blocks straight from the caller's
   memory, then buffer the tail; a line-buffered stream is also written out up to its last
   newline; an unbuffered one writes each call's bytes with one write(2). */
#include <string.h>
#include "stdio-impl.h"

/* Copies as much of data as fits into the buffer; returns how much did. */
static size_t buffer_bytes(FILE *f, const unsigned char *data, size_t n) {
    size_t space = f->size - f->pos;
    size_t count = n < space ? n : space;
    memcpy(f->buf + f->pos, data, count);
    f->pos += count;
    return count;
}

static size_t write_buffered(FILE *f, const unsigned char *data, size_t n) {
    size_t done = buffer_bytes(f, data, n);
    size_t direct;
    if (done == n)
        return n;
    if (__stdio_flush(f) == EOF)
        return done;
    direct = (n - done) - (n - done) % f->size;
    if (direct > 0) {
        if (__stdio_write_fully(f, data + done, direct) == EOF)
            return done;
        done += direct;
    }
    return done + buffer_bytes(f, data + done, n - done);
}

/* Everything up to and including the last newline goes out now; the rest waits. */
static size_t write_line_buffered(FILE *f, const unsigned char *data, size_t n) {
    size_t through_newline = n;
    size_t done;
    while (through_newline > 0 && data[through_newline - 1] != '\n')
        through_newline--;
    if (through_newline == 0)
        return write_buffered(f, data, n);
    done = write_buffered(f, data, through_newline);
    if (done < through_newline || __stdio_flush(f) == EOF)
        return done;
    return done + write_buffered(f, data + done, n - done);
}

size_t __stdio_write(FILE *f, const unsigned char *data, size_t n) {
    if (__stdio_begin_write(f) == EOF)
        return 0;
    if (n == 0)
        return 0;
    if (f->flags & FILE_UNBUFFERED)
        return __stdio_write_fully(f, data, n) == EOF ? 0 : n;
    if (f->flags & FILE_LINE_BUFFERED)
        return write_line_buffered(f, data, n);
    return write_buffered(f, data, n);
}

/* The stream is locked around each call, so concurrent writers never mix within one call. */
static size_t write_locked(FILE *f, const unsigned char *data, size_t n) {
    size_t done;
    flockfile(f);
    done = __stdio_write(f, data, n);
    funlockfile(f);
    return done;
}

int fputc(int c, FILE *f) {
    unsigned char byte = (unsigned char)c;
    return write_locked(f, &byte, 1) == 1 ? byte : EOF;
}

int putc(int c, FILE *f) {
    return fputc(c, f);
}

int putchar(int c) {
    return fputc(c, stdout);
}

int fputs(const char *s, FILE *f) {
    size_t len = strlen(s);
    return write_locked(f, (const unsigned char *)s, len) == len ? 1 : EOF;
}

/* Returns the bytes written, newline included, as glibc does (fputs returns 1). */
int puts(const char *s) {
    size_t len = strlen(s);
    int result = len < 0x7fffffff ? (int)len + 1 : 0x7fffffff;
    flockfile(stdout);
    if (fputs(s, stdout) == EOF || fputc('\n', stdout) == EOF)
        result = EOF;
    funlockfile(stdout);
    return result;
}

size_t fwrite(const void *ptr, size_t size, size_t nmemb, FILE *f) {
    size_t total = size * nmemb;
    if (total == 0)
        return 0;
    return write_locked(f, ptr, total) / size;
}

/* The printf family over the engine in format.c: streams, descriptors (dprintf goes through a
   temporary unbuffered stream on the descriptor) and memory (sprintf, snprintf, asprintf). */
#include <errno.h>
#include <stdlib.h>
#include "format.h"
#include "stdio-impl.h"

/* Same size as glibc's staging buffer for unbuffered streams. */
#define STAGING_SIZE 8192

static int format_to_stream(FILE *f, const char *format, __builtin_va_list ap) {
    char staging[STAGING_SIZE];
    struct format_sink sink = {f, 0, 0, 0, 0, 0};
    int result;
    if (__stdio_begin_write(f) == EOF)
        return -1;
    if (f->flags & FILE_UNBUFFERED) {
        sink.buffer = staging;
        sink.capacity = sizeof staging;
    }
    result = __format(&sink, format, ap);
    if (sink.used > 0 && __stdio_write(f, (const unsigned char *)staging, sink.used) != sink.used)
        result = -1;
    return sink.failed ? -1 : result;
}

int vfprintf(FILE *f, const char *format, __builtin_va_list ap) {
    int result;
    flockfile(f);
    result = format_to_stream(f, format, ap);
    funlockfile(f);
    return result;
}

int fprintf(FILE *f, const char *format, ...) {
    __builtin_va_list ap;
    int result;
    __builtin_va_start(ap, format);
    result = vfprintf(f, format, ap);
    __builtin_va_end(ap);
    return result;
}

int vprintf(const char *format, __builtin_va_list ap) {
    return vfprintf(stdout, format, ap);
}

int printf(const char *format, ...) {
    __builtin_va_list ap;
    int result;
    __builtin_va_start(ap, format);
    result = vfprintf(stdout, format, ap);
    __builtin_va_end(ap);
    return result;
}

int vdprintf(int fd, const char *format, __builtin_va_list ap) {
    struct _IO_FILE stream = {.fd = fd, .flags = FILE_WRITABLE | FILE_UNBUFFERED | FILE_MODE_DECIDED | FILE_STATIC};
    return format_to_stream(&stream, format, ap);
}

int dprintf(int fd, const char *format, ...) {
    __builtin_va_list ap;
    int result;
    __builtin_va_start(ap, format);
    result = vdprintf(fd, format, ap);
    __builtin_va_end(ap);
    return result;
}

/* Keeps size - 1 bytes and a NUL; returns the length the whole output would have had. */
int vsnprintf(char *str, size_t size, const char *format, __builtin_va_list ap) {
    struct format_sink sink = {0, str, size > 0 ? size - 1 : 0, 0, 0, 0};
    int result = __format(&sink, format, ap);
    if (size > 0)
        str[sink.used] = 0;
    return result;
}

int snprintf(char *str, size_t size, const char *format, ...) {
    __builtin_va_list ap;
    int result;
    __builtin_va_start(ap, format);
    result = vsnprintf(str, size, format, ap);
    __builtin_va_end(ap);
    return result;
}

int vsprintf(char *str, const char *format, __builtin_va_list ap) {
    return vsnprintf(str, (size_t)-1 / 2, format, ap);
}

int sprintf(char *str, const char *format, ...) {
    __builtin_va_list ap;
    int result;
    __builtin_va_start(ap, format);
    result = vsprintf(str, format, ap);
    __builtin_va_end(ap);
    return result;
}

/* Measures first, then formats into an exact allocation. */
int vasprintf(char **strp, const char *format, __builtin_va_list ap) {
    __builtin_va_list again;
    int length;
    __builtin_va_copy(again, ap);
    length = vsnprintf(0, 0, format, ap);
    if (length < 0 || !(*strp = malloc((size_t)length + 1))) {
        __builtin_va_end(again);
        return -1;
    }
    vsnprintf(*strp, (size_t)length + 1, format, again);
    __builtin_va_end(again);
    return length;
}

int asprintf(char **strp, const char *format, ...) {
    __builtin_va_list ap;
    int result;
    __builtin_va_start(ap, format);
    result = vasprintf(strp, format, ap);
    __builtin_va_end(ap);
    return result;
}

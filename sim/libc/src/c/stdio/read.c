/* The input half of stdio: refilling the buffer with one read(2) of the buffer's size (one byte
   at a time when unbuffered), ungetc's pushback, and the character, line and block readers.
   Like glibc, refilling a terminal (line-buffered) stream first flushes stdout when stdout is
   line-buffered, so a prompt printed without a newline shows before the program waits. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "stdio-impl.h"

static int refill(FILE *f) {
    unsigned char *target = f->buf;
    size_t want = f->size;
    ssize_t got;
    unsigned char single;
    if ((f->flags & (FILE_LINE_BUFFERED | FILE_UNBUFFERED)) && stdout != f &&
        (stdout->flags & FILE_LINE_BUFFERED)) {
        flockfile(stdout);
        if (stdout->direction == DIRECTION_WRITE)
            __stdio_flush(stdout);
        funlockfile(stdout);
    }
    if (f->flags & FILE_UNBUFFERED || !target) {
        target = &single;
        want = 1;
    }
    do {
        got = read(f->fd, target, want);
    } while (got < 0 && errno == EINTR);
    if (got <= 0) {
        f->flags |= got == 0 ? FILE_EOF : FILE_ERROR;
        return EOF;
    }
    if (target == &single) {
        f->pushback[0] = single;
        f->pushback_count = 1;
        return 0;
    }
    f->pos = 0;
    f->len = (size_t)got;
    return 0;
}

int __stdio_getc(FILE *f) {
    if (f->direction != DIRECTION_READ && __stdio_begin_read(f) == EOF)
        return EOF;
    if (f->pushback_count > 0)
        return f->pushback[--f->pushback_count];
    /* End of file is sticky (glibc since 2.28): a terminal's ^D is not read past until clearerr. */
    if (f->pos == f->len && (f->flags & FILE_EOF))
        return EOF;
    if (f->pos == f->len && refill(f) == EOF)
        return EOF;
    if (f->pushback_count > 0)
        return f->pushback[--f->pushback_count];
    return f->buf[f->pos++];
}

int fgetc(FILE *f) {
    int c;
    flockfile(f);
    c = __stdio_getc(f);
    funlockfile(f);
    return c;
}

int getc(FILE *f) {
    return fgetc(f);
}

int getchar(void) {
    return fgetc(stdin);
}

static int push_back(int c, FILE *f) {
    if (c == EOF || f->pushback_count == PUSHBACK_MAX)
        return EOF;
    if (f->direction != DIRECTION_READ && __stdio_begin_read(f) == EOF)
        return EOF;
    f->pushback[f->pushback_count++] = (unsigned char)c;
    f->flags &= ~FILE_EOF;
    return (unsigned char)c;
}

int ungetc(int c, FILE *f) {
    int result;
    flockfile(f);
    result = push_back(c, f);
    funlockfile(f);
    return result;
}

static char *read_line(char *s, int size, FILE *f) {
    int n = 0;
    if (size <= 0)
        return 0;
    while (n < size - 1) {
        int c = __stdio_getc(f);
        if (c == EOF)
            break;
        s[n++] = (char)c;
        if (c == '\n')
            break;
    }
    if (n == 0 || (f->flags & FILE_ERROR))
        return 0;
    s[n] = 0;
    return s;
}

char *fgets(char *s, int size, FILE *f) {
    char *result;
    flockfile(f);
    result = read_line(s, size, f);
    funlockfile(f);
    return result;
}

static size_t read_bytes(unsigned char *out, size_t total, FILE *f) {
    size_t done = 0;
    while (done < total) {
        int c = __stdio_getc(f);
        size_t chunk;
        if (c == EOF)
            break;
        out[done++] = (unsigned char)c;
        /* Take the rest of the buffered bytes in one copy. */
        chunk = f->len - f->pos;
        if (f->pushback_count == 0 && chunk > 0) {
            if (chunk > total - done)
                chunk = total - done;
            memcpy(out + done, f->buf + f->pos, chunk);
            f->pos += chunk;
            done += chunk;
        }
    }
    return done;
}

size_t fread(void *ptr, size_t size, size_t nmemb, FILE *f) {
    size_t total = size * nmemb, done;
    if (total == 0)
        return 0;
    flockfile(f);
    done = read_bytes(ptr, total, f);
    funlockfile(f);
    return done / size;
}

static ssize_t read_delimited(char **lineptr, size_t *n, int delim, FILE *f) {
    size_t used = 0;
    for (;;) {
        int c = __stdio_getc(f);
        if (c == EOF) {
            if (used == 0)
                return -1;
            break;
        }
        if (!*lineptr || used + 2 > *n) {
            size_t grown = *n < 120 ? 120 : *n * 2;
            char *bigger = realloc(*lineptr, grown);
            if (!bigger)
                return -1;
            *lineptr = bigger;
            *n = grown;
        }
        (*lineptr)[used++] = (char)c;
        if (c == delim)
            break;
    }
    (*lineptr)[used] = 0;
    return (ssize_t)used;
}

ssize_t getdelim(char **lineptr, size_t *n, int delim, FILE *f) {
    ssize_t result;
    if (!lineptr || !n) {
        errno = EINVAL;
        return -1;
    }
    flockfile(f);
    result = read_delimited(lineptr, n, delim, f);
    funlockfile(f);
    return result;
}

ssize_t getline(char **lineptr, size_t *n, FILE *f) {
    return getdelim(lineptr, n, '\n', f);
}

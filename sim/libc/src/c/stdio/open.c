/* Opening, closing and positioning streams: fopen's mode strings map to open(2) flags exactly
   as in glibc ("r", "w", "a", "+", plus "x" for O_EXCL and "e" for O_CLOEXEC; "b" means
   nothing on POSIX), and ftell accounts for bytes still in the buffer in either direction. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>
#include "stdio-impl.h"

int __stdio_parse_mode(const char *mode, int *open_flags) {
    int access, stream_flags;
    switch (*mode) {
    case 'r':
        access = O_RDONLY;
        stream_flags = FILE_READABLE;
        break;
    case 'w':
        access = O_WRONLY | O_CREAT | O_TRUNC;
        stream_flags = FILE_WRITABLE;
        break;
    case 'a':
        access = O_WRONLY | O_CREAT | O_APPEND;
        stream_flags = FILE_WRITABLE | FILE_APPEND;
        break;
    default:
        errno = EINVAL;
        return -1;
    }
    for (mode++; *mode; mode++) {
        if (*mode == '+') {
            access = (access & ~O_ACCMODE) | O_RDWR;
            stream_flags |= FILE_READABLE | FILE_WRITABLE;
        } else if (*mode == 'x') {
            access |= O_EXCL;
        } else if (*mode == 'e') {
            access |= O_CLOEXEC;
        }
    }
    *open_flags = access;
    return stream_flags;
}

static FILE *stream_for(int fd, int stream_flags) {
    FILE *f = calloc(1, sizeof *f);
    if (!f)
        return 0;
    f->fd = fd;
    f->flags = stream_flags;
    __stdio_link(f);
    return f;
}

FILE *fopen(const char *path, const char *mode) {
    int open_flags, fd;
    int stream_flags = __stdio_parse_mode(mode, &open_flags);
    FILE *f;
    if (stream_flags < 0)
        return 0;
    fd = open(path, open_flags, 0666);
    if (fd < 0)
        return 0;
    f = stream_for(fd, stream_flags);
    if (!f)
        close(fd);
    return f;
}

FILE *fdopen(int fd, const char *mode) {
    int open_flags;
    int stream_flags = __stdio_parse_mode(mode, &open_flags);
    if (stream_flags < 0)
        return 0;
    if (fcntl(fd, F_GETFL) < 0)
        return 0;
    return stream_for(fd, stream_flags);
}

/* Writes out pending output and releases the buffer; the descriptor stays open. */
static int release_stream(FILE *f) {
    int result = f->direction == DIRECTION_WRITE ? __stdio_flush(f) : 0;
    if (f->flags & FILE_OWNS_BUFFER)
        free(f->buf);
    f->buf = 0;
    f->size = f->pos = f->len = 0;
    f->pushback_count = 0;
    f->direction = DIRECTION_NONE;
    return result;
}

int fclose(FILE *f) {
    int result;
    flockfile(f);
    result = release_stream(f);
    if (close(f->fd) < 0)
        result = EOF;
    funlockfile(f);
    __stdio_unlink(f);
    if (!(f->flags & FILE_STATIC))
        free(f);
    return result;
}

/* The new file usually gets the old descriptor's number (the lowest free one), so
   freopen(path, "w", stdout) redirects descriptor 1 as the shell would. */
FILE *freopen(const char *path, const char *mode, FILE *f) {
    int open_flags, fd = -1;
    int stream_flags = __stdio_parse_mode(mode, &open_flags);
    flockfile(f);
    release_stream(f);
    close(f->fd);
    funlockfile(f);
    if (!path)
        errno = EINVAL;
    else if (stream_flags >= 0)
        fd = open(path, open_flags, 0666);
    if (fd < 0) {
        __stdio_unlink(f);
        if (!(f->flags & FILE_STATIC))
            free(f);
        return 0;
    }
    f->fd = fd;
    f->flags = stream_flags | (f->flags & FILE_STATIC);
    return f;
}

static off_t stream_position(FILE *f) {
    off_t position = lseek(f->fd, 0, SEEK_CUR);
    if (position < 0)
        return -1;
    if (f->direction == DIRECTION_READ)
        return position - (off_t)(f->len - f->pos) - f->pushback_count;
    if (f->direction == DIRECTION_WRITE) {
        if (f->flags & FILE_APPEND && f->pos > 0)
            position = lseek(f->fd, 0, SEEK_END);
        return position + (off_t)f->pos;
    }
    return position;
}

off_t ftello(FILE *f) {
    off_t position;
    flockfile(f);
    position = stream_position(f);
    funlockfile(f);
    return position;
}

long ftell(FILE *f) {
    off_t position = ftello(f);
    if (position > 2147483647) {
        errno = EOVERFLOW;
        return -1;
    }
    return (long)position;
}

static int seek_stream(FILE *f, off_t offset, int whence) {
    if (whence == SEEK_CUR && f->direction == DIRECTION_READ)
        offset -= (off_t)(f->len - f->pos) + f->pushback_count;
    if (f->direction == DIRECTION_WRITE && __stdio_flush(f) == EOF)
        return -1;
    f->pos = f->len = 0;
    f->pushback_count = 0;
    f->direction = DIRECTION_NONE;
    if (lseek(f->fd, offset, whence) < 0)
        return -1;
    f->flags &= ~FILE_EOF;
    return 0;
}

int fseeko(FILE *f, off_t offset, int whence) {
    int result;
    flockfile(f);
    result = seek_stream(f, offset, whence);
    funlockfile(f);
    return result;
}

int fseek(FILE *f, long offset, int whence) {
    return fseeko(f, offset, whence);
}

void rewind(FILE *f) {
    fseeko(f, 0, SEEK_SET);
    f->flags &= ~FILE_ERROR;
}

int fgetpos(FILE *f, fpos_t *pos) {
    off_t position = ftello(f);
    if (position < 0)
        return -1;
    pos->__position = position;
    return 0;
}

int fsetpos(FILE *f, const fpos_t *pos) {
    return fseeko(f, pos->__position, SEEK_SET);
}

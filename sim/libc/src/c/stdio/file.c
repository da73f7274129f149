/* The standard streams, the list of open streams and the buffering policy (glibc's): a stream
   decides at its first use whether it is line-buffered (its descriptor is a terminal) or fully
   buffered (anything else, with the file's block size as buffer size), and then allocates its
   buffer with malloc; stderr is unbuffered from the start. fflush, setvbuf, the exit-time
   flush and the stream locks live here too. */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include "../libc-internal.h"
#include "stdio-impl.h"

static struct _IO_FILE standard_error = {.fd = 2, .flags = FILE_WRITABLE | FILE_UNBUFFERED | FILE_STATIC};
static struct _IO_FILE standard_output = {.fd = 1, .flags = FILE_WRITABLE | FILE_STATIC, .next = &standard_error};
static struct _IO_FILE standard_input = {.fd = 0, .flags = FILE_READABLE | FILE_STATIC, .next = &standard_output};

FILE *stdin = &standard_input;
FILE *stdout = &standard_output;
FILE *stderr = &standard_error;

static FILE *open_streams = &standard_input;
static int open_streams_lock;

/* Spins, yielding the processor, until *lock was 0 and is now 1. */
static void spin_lock(int *lock) {
    while (__atomic_exchange_n(lock, 1, __ATOMIC_ACQUIRE))
        sched_yield();
}

static void spin_unlock(int *lock) {
    __atomic_store_n(lock, 0, __ATOMIC_RELEASE);
}

int ftrylockfile(FILE *f) {
    pthread_t self = pthread_self();
    if (f->lock_depth > 0 && f->lock_owner == self) {
        f->lock_depth++;
        return 0;
    }
    if (__atomic_exchange_n(&f->lock, 1, __ATOMIC_ACQUIRE))
        return -1;
    f->lock_owner = self;
    f->lock_depth = 1;
    return 0;
}

void flockfile(FILE *f) {
    pthread_t self = pthread_self();
    if (f->lock_depth > 0 && f->lock_owner == self) {
        f->lock_depth++;
        return;
    }
    spin_lock(&f->lock);
    f->lock_owner = self;
    f->lock_depth = 1;
}

void funlockfile(FILE *f) {
    if (--f->lock_depth == 0) {
        f->lock_owner = 0;
        spin_unlock(&f->lock);
    }
}

void __stdio_link(FILE *f) {
    spin_lock(&open_streams_lock);
    f->next = open_streams;
    open_streams = f;
    spin_unlock(&open_streams_lock);
}

void __stdio_unlink(FILE *f) {
    FILE **link;
    spin_lock(&open_streams_lock);
    link = &open_streams;
    while (*link && *link != f)
        link = &(*link)->next;
    if (*link)
        *link = f->next;
    spin_unlock(&open_streams_lock);
}

/* glibc's _IO_file_doallocate: BUFSIZ unless the file reports a smaller block size; character
   devices that are terminals make the stream line-buffered. */
static void decide_buffering(FILE *f) {
    struct stat st;
    size_t size = BUFSIZ;
    f->flags |= FILE_MODE_DECIDED;
    if (f->flags & FILE_UNBUFFERED)
        return;
    if (fstat(f->fd, &st) == 0) {
        if (S_ISCHR(st.st_mode) && isatty(f->fd))
            f->flags |= FILE_LINE_BUFFERED;
        if (st.st_blksize > 0 && (size_t)st.st_blksize < BUFSIZ)
            size = (size_t)st.st_blksize;
    }
    if (!f->buf) {
        f->buf = malloc(size);
        if (!f->buf) {
            f->flags |= FILE_UNBUFFERED;
            return;
        }
        f->size = size;
        f->flags |= FILE_OWNS_BUFFER;
    }
}

int __stdio_write_fully(FILE *f, const unsigned char *data, size_t n) {
    while (n > 0) {
        ssize_t written = write(f->fd, data, n);
        if (written < 0) {
            if (errno == EINTR)
                continue;
            f->flags |= FILE_ERROR;
            return EOF;
        }
        data += written;
        n -= (size_t)written;
    }
    return 0;
}

int __stdio_flush(FILE *f) {
    size_t pending = f->pos;
    if (f->direction != DIRECTION_WRITE || pending == 0)
        return 0;
    f->pos = 0;
    return __stdio_write_fully(f, f->buf, pending);
}

/* Leaving read mode: the descriptor is ahead of the reader by the unread bytes, so seek back
   over them (fails quietly on pipes, where they are simply lost, as in glibc). */
static void drop_read_ahead(FILE *f) {
    off_t unread = (off_t)(f->len - f->pos) + f->pushback_count;
    if (unread > 0)
        lseek(f->fd, -unread, SEEK_CUR);
    f->pos = f->len = 0;
    f->pushback_count = 0;
}

int __stdio_begin_write(FILE *f) {
    if (!(f->flags & FILE_WRITABLE)) {
        f->flags |= FILE_ERROR;
        errno = EBADF;
        return EOF;
    }
    if (!(f->flags & FILE_MODE_DECIDED))
        decide_buffering(f);
    if (f->direction == DIRECTION_READ)
        drop_read_ahead(f);
    if (f->direction != DIRECTION_WRITE) {
        f->direction = DIRECTION_WRITE;
        f->pos = 0;
    }
    return 0;
}

int __stdio_begin_read(FILE *f) {
    if (!(f->flags & FILE_READABLE)) {
        f->flags |= FILE_ERROR;
        errno = EBADF;
        return EOF;
    }
    if (!(f->flags & FILE_MODE_DECIDED))
        decide_buffering(f);
    if (f->direction == DIRECTION_WRITE) {
        if (__stdio_flush(f) == EOF)
            return EOF;
        f->pos = f->len = 0;
    }
    f->direction = DIRECTION_READ;
    return 0;
}

static int flush_one(FILE *f) {
    int result = 0;
    flockfile(f);
    if (f->direction == DIRECTION_READ) {
        drop_read_ahead(f);
        f->direction = DIRECTION_NONE;
    } else {
        result = __stdio_flush(f);
    }
    funlockfile(f);
    return result;
}

int fflush(FILE *f) {
    int result = 0;
    if (f)
        return flush_one(f);
    spin_lock(&open_streams_lock);
    for (f = open_streams; f; f = f->next) {
        if (f->direction == DIRECTION_WRITE && flush_one(f) == EOF)
            result = EOF;
    }
    spin_unlock(&open_streams_lock);
    return result;
}

void __stdio_exit(void) {
    fflush(0);
}

static int change_buffering(FILE *f, char *buf, int mode, size_t size) {
    if (f->flags & FILE_OWNS_BUFFER)
        free(f->buf);
    f->flags &= ~(FILE_UNBUFFERED | FILE_LINE_BUFFERED | FILE_OWNS_BUFFER);
    f->flags |= FILE_MODE_DECIDED;
    f->buf = 0;
    f->size = 0;
    if (mode == _IONBF) {
        f->flags |= FILE_UNBUFFERED;
        return 0;
    }
    if (mode == _IOLBF)
        f->flags |= FILE_LINE_BUFFERED;
    if (buf && size > 0) {
        f->buf = (unsigned char *)buf;
        f->size = size;
        return 0;
    }
    f->size = size > 0 ? size : BUFSIZ;
    f->buf = malloc(f->size);
    if (!f->buf) {
        f->flags |= FILE_UNBUFFERED;
        f->size = 0;
        return -1;
    }
    f->flags |= FILE_OWNS_BUFFER;
    return 0;
}

int setvbuf(FILE *f, char *buf, int mode, size_t size) {
    int result;
    if (mode != _IOFBF && mode != _IOLBF && mode != _IONBF) {
        errno = EINVAL;
        return -1;
    }
    flockfile(f);
    result = change_buffering(f, buf, mode, size);
    funlockfile(f);
    return result;
}

void setbuf(FILE *f, char *buf) {
    setvbuf(f, buf, buf ? _IOFBF : _IONBF, BUFSIZ);
}

void setlinebuf(FILE *f) {
    setvbuf(f, 0, _IOLBF, 0);
}

int fileno(FILE *f) {
    return f->fd;
}

int feof(FILE *f) {
    return (f->flags & FILE_EOF) != 0;
}

int ferror(FILE *f) {
    return (f->flags & FILE_ERROR) != 0;
}

void clearerr(FILE *f) {
    f->flags &= ~(FILE_EOF | FILE_ERROR);
}

/* The FILE structure and the internal entry points shared by the stdio sources. A stream's
   buffer is allocated (with malloc, as glibc does, so strace shows the brk) at its first read or
   write, when the buffering mode is decided from what the descriptor is: a terminal gets line
   buffering, anything else full buffering with the file's block size; stderr stays unbuffered.
   One buffer serves one direction at a time: switching from reading to writing drops the
   read-ahead (seeking back over it) and switching the other way flushes. Every public
   function holds the stream's lock (recursive, like glibc's, so one printf's output is never
   split by another thread's); the internal functions below expect it held. */
#ifndef _STDIO_IMPL_H
#define _STDIO_IMPL_H

#include <bits/pthreadtypes.h>
#include <stdio.h>

enum {
    FILE_READABLE = 1,
    FILE_WRITABLE = 2,
    FILE_APPEND = 4,
    FILE_EOF = 8,
    FILE_ERROR = 16,
    FILE_UNBUFFERED = 32,   /* asked for (stderr, setvbuf _IONBF): no buffer is ever allocated */
    FILE_LINE_BUFFERED = 64,
    FILE_MODE_DECIDED = 128, /* the line/full decision has been taken */
    FILE_OWNS_BUFFER = 256,  /* buf came from malloc and is freed by fclose */
    FILE_STATIC = 512,       /* stdin/stdout/stderr: the structure itself is never freed */
};

enum { DIRECTION_NONE, DIRECTION_READ, DIRECTION_WRITE };

#define PUSHBACK_MAX 8

struct _IO_FILE {
    int fd;
    int flags;
    int direction;
    unsigned char *buf;
    size_t size;
    /* Reading: buf[pos..len) is read-ahead not yet consumed. Writing: buf[0..pos) is pending. */
    size_t pos;
    size_t len;
    /* ungetc'd bytes, most recent last; consumed before the buffer. */
    unsigned char pushback[PUSHBACK_MAX];
    int pushback_count;
    /* All open streams, so exit and fflush(NULL) can flush each one (guarded by a list lock). */
    struct _IO_FILE *next;
    /* flockfile's recursive lock: taken flag, owning thread, depth. */
    int lock;
    pthread_t lock_owner;
    int lock_depth;
};

/* Writes n bytes through the stream's buffer; returns how many were accepted. */
size_t __stdio_write(FILE *f, const unsigned char *data, size_t n);
/* Reads one byte (EOF at end of file or on error). */
int __stdio_getc(FILE *f);
/* Writes n bytes straight to the descriptor, retrying short writes; 0, or EOF with the
   error flag set. */
int __stdio_write_fully(FILE *f, const unsigned char *data, size_t n);
/* Writes the pending output out; 0, or EOF with the error flag set. */
int __stdio_flush(FILE *f);
/* Makes the stream ready to read/write (decides buffering, switches direction); 0 or EOF. */
int __stdio_begin_read(FILE *f);
int __stdio_begin_write(FILE *f);
/* Adds a new stream to the list of open streams / takes it off. */
void __stdio_link(FILE *f);
void __stdio_unlink(FILE *f);
/* Parses an fopen mode string into open(2) flags and FILE_* flags; -1 if invalid. */
int __stdio_parse_mode(const char *mode, int *open_flags);

#endif

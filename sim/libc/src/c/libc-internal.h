/* Internal functions one part of the C library offers another (stdio to exit, stdlib's
   number parsing to scanf); not part of any public header. */
#ifndef _LIBC_INTERNAL_H
#define _LIBC_INTERNAL_H

/* Flushes every stdio stream; exit() calls it after the atexit handlers. */
void __stdio_exit(void);
/* The value of c as a digit in bases up to 36 (0-9, a-z, A-Z), or 99 if it is none. */
int __digit_value(int c);

#endif

/* The BSD/POSIX string functions: case-insensitive comparison (ASCII), bzero, index, rindex. */
#ifndef _STRINGS_H
#define _STRINGS_H

#include <bits/types.h>

int strcasecmp(const char *a, const char *b);
int strncasecmp(const char *a, const char *b, size_t n);
void bzero(void *s, size_t n);
char *index(const char *s, int c);
char *rindex(const char *s, int c);
int ffs(int i);

#endif

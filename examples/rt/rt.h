/* The few services the freestanding examples need: output through write(2) and string helpers. */
#ifndef OSLAB_EXAMPLES_RT_H
#define OSLAB_EXAMPLES_RT_H

long sys_write(int fd, const void *buf, unsigned long count);
void print_str(const char *s);
void print_uint(unsigned long value);
int streq(const char *a, const char *b);

#endif

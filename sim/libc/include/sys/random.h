/* Kernel randomness. */
#ifndef _SYS_RANDOM_H
#define _SYS_RANDOM_H

#include <bits/types.h>

#define GRND_NONBLOCK 0x01
#define GRND_RANDOM 0x02
#define GRND_INSECURE 0x04

ssize_t getrandom(void *buf, size_t length, unsigned int flags);
int getentropy(void *buf, size_t length);

#endif

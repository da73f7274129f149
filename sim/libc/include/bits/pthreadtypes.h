/* The pthread object types, shared by <pthread.h> and <sys/types.h>. Sizes follow riscv32
   glibc where a program might notice (mutex 24, cond 48, attr 36 bytes); the fields are this
   libc's own. Zero-filled objects are valid initial states, so the static initializers are {0}. */
#ifndef _BITS_PTHREADTYPES_H
#define _BITS_PTHREADTYPES_H

#include <bits/types.h>

typedef unsigned long pthread_t;

typedef struct {
  int __detach_state;
  size_t __stack_size;
  size_t __guard_size;
  void *__stack_addr;
  int __reserved[5];
} pthread_attr_t;

/* __state: 0 free, 1 locked, 2 locked with waiters (Drepper's "Futexes Are Tricky"). */
typedef struct {
  int __state;
  int __type;
  int __owner;
  int __count;
  int __reserved[2];
} pthread_mutex_t;

typedef struct {
  int __type;
} pthread_mutexattr_t;

/* __seq counts signals; a waiter sleeps on the value it saw before unlocking the mutex. */
typedef struct {
  unsigned int __seq;
  int __clock;
  int __reserved[10];
} pthread_cond_t;

typedef struct {
  int __clock;
} pthread_condattr_t;

typedef unsigned int pthread_key_t;
typedef int pthread_once_t;

/* __readers: active readers, or -1 while a writer holds it; __seq wakes the sleepers. */
typedef struct {
  int __readers;
  unsigned int __seq;
  int __writers_waiting;
  int __reserved[5];
} pthread_rwlock_t;

typedef struct {
  int __reserved;
} pthread_rwlockattr_t;

typedef volatile int pthread_spinlock_t;

typedef struct {
  unsigned int __count;
  unsigned int __arrived;
  unsigned int __generation;
  int __reserved[2];
} pthread_barrier_t;

typedef struct {
  int __reserved;
} pthread_barrierattr_t;

#endif

/* Unnamed POSIX semaphores on futex_time64 (named ones, sem_open, are not supported). */
#ifndef _SEMAPHORE_H
#define _SEMAPHORE_H

#include <bits/types.h>
#include <bits/timespec.h>

#define SEM_VALUE_MAX 0x7fffffff
#define SEM_FAILED ((sem_t *)0)

/* __value: the count; __waiters: threads asleep on it, so sem_post skips the wake when 0. */
typedef struct {
  volatile int __value;
  volatile int __waiters;
  int __shared;
  int __reserved;
} sem_t;

int sem_init(sem_t *sem, int pshared, unsigned int value);
int sem_destroy(sem_t *sem);
int sem_wait(sem_t *sem);
int sem_trywait(sem_t *sem);
int sem_timedwait(sem_t *sem, const struct timespec *abstime);
int sem_post(sem_t *sem);
int sem_getvalue(sem_t *sem, int *value);

#endif

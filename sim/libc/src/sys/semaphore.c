/* Unnamed semaphores on one futex word (the count). A poster wakes a sleeper only when the
   waiter count says someone may be asleep; a waiter announces itself before sleeping on a
   count of 0, so a post that lands in between changes the word and the sleep returns at once. */
#include <errno.h>
#include <semaphore.h>
#include <time.h>
#include "internal.h"

int sem_init(sem_t *sem, int pshared, unsigned int value) {
  if (value > SEM_VALUE_MAX) {
    errno = EINVAL;
    return -1;
  }
  sem->__value = (int)value;
  sem->__waiters = 0;
  sem->__shared = pshared;
  return 0;
}

int sem_destroy(sem_t *sem) {
  (void)sem;
  return 0;
}

int sem_trywait(sem_t *sem) {
  int value = __atomic_load_n(&sem->__value, __ATOMIC_SEQ_CST);
  while (value > 0) {
    if (__atomic_compare_exchange_n(&sem->__value, &value, value - 1, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
      return 0;
  }
  errno = EAGAIN;
  return -1;
}

static int wait_until(sem_t *sem, const struct timespec *deadline) {
  for (;;) {
    int value = __atomic_load_n(&sem->__value, __ATOMIC_SEQ_CST);
    int r;
    if (value > 0) {
      if (__atomic_compare_exchange_n(&sem->__value, &value, value - 1, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
        return 0;
      continue;
    }
    __atomic_fetch_add(&sem->__waiters, 1, __ATOMIC_SEQ_CST);
    r = deadline != NULL ? __futex_wait_until(&sem->__value, 0, deadline, CLOCK_REALTIME)
                         : __futex_wait(&sem->__value, 0, NULL);
    __atomic_fetch_sub(&sem->__waiters, 1, __ATOMIC_SEQ_CST);
    if (r == -ETIMEDOUT || r == -EINTR || r == -EINVAL) {
      errno = -r;
      return -1;
    }
  }
}

int sem_wait(sem_t *sem) {
  return wait_until(sem, NULL);
}

int sem_timedwait(sem_t *sem, const struct timespec *abstime) {
  return wait_until(sem, abstime);
}

int sem_post(sem_t *sem) {
  int value = __atomic_load_n(&sem->__value, __ATOMIC_SEQ_CST);
  do {
    if (value == SEM_VALUE_MAX) {
      errno = EOVERFLOW;
      return -1;
    }
  } while (!__atomic_compare_exchange_n(&sem->__value, &value, value + 1, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST));
  if (__atomic_load_n(&sem->__waiters, __ATOMIC_SEQ_CST) > 0) __futex_wake(&sem->__value, 1);
  return 0;
}

int sem_getvalue(sem_t *sem, int *value) {
  *value = __atomic_load_n(&sem->__value, __ATOMIC_SEQ_CST);
  return 0;
}

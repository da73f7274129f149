/* Condition variables, reader-writer locks and barriers, each built on one sequence word:
   a sleeper reads the word, checks its condition, and futex-waits only while the word is
   unchanged, so a change made between its check and its sleep wakes it at once. Wakeups may
   be spurious, as POSIX allows; callers re-check their predicate. */
#include <errno.h>
#include <pthread.h>
#include <time.h>
#include "internal.h"

#define WAKE_ALL 0x7fffffff

int pthread_cond_init(pthread_cond_t *cond, const pthread_condattr_t *attr) {
  cond->__seq = 0;
  cond->__clock = attr != NULL ? attr->__clock : CLOCK_REALTIME;
  return 0;
}

int pthread_cond_destroy(pthread_cond_t *cond) {
  (void)cond;
  return 0;
}

static int cond_wait_until(pthread_cond_t *cond, pthread_mutex_t *mutex, const struct timespec *deadline) {
  volatile int *seq = (volatile int *)&cond->__seq;
  int seen = __atomic_load_n(seq, __ATOMIC_SEQ_CST);
  int r;
  pthread_mutex_unlock(mutex);
  r = deadline != NULL ? __futex_wait_until(seq, seen, deadline, cond->__clock) : __futex_wait(seq, seen, NULL);
  pthread_mutex_lock(mutex);
  return r == -ETIMEDOUT || r == -EINVAL ? -r : 0;
}

int pthread_cond_wait(pthread_cond_t *cond, pthread_mutex_t *mutex) {
  return cond_wait_until(cond, mutex, NULL);
}

int pthread_cond_timedwait(pthread_cond_t *cond, pthread_mutex_t *mutex, const struct timespec *abstime) {
  return cond_wait_until(cond, mutex, abstime);
}

int pthread_cond_signal(pthread_cond_t *cond) {
  __atomic_fetch_add(&cond->__seq, 1, __ATOMIC_SEQ_CST);
  __futex_wake((volatile int *)&cond->__seq, 1);
  return 0;
}

int pthread_cond_broadcast(pthread_cond_t *cond) {
  __atomic_fetch_add(&cond->__seq, 1, __ATOMIC_SEQ_CST);
  __futex_wake((volatile int *)&cond->__seq, WAKE_ALL);
  return 0;
}

int pthread_condattr_init(pthread_condattr_t *attr) {
  attr->__clock = CLOCK_REALTIME;
  return 0;
}

int pthread_condattr_destroy(pthread_condattr_t *attr) {
  (void)attr;
  return 0;
}

int pthread_condattr_setclock(pthread_condattr_t *attr, clockid_t clock) {
  if (clock != CLOCK_REALTIME && clock != CLOCK_MONOTONIC) return EINVAL;
  attr->__clock = clock;
  return 0;
}

int pthread_condattr_getclock(const pthread_condattr_t *attr, clockid_t *clock) {
  *clock = attr->__clock;
  return 0;
}

/* Reader-writer lock: __readers counts readers, -1 while a writer holds it. Waiting writers
   hold new readers back, so a stream of readers cannot starve a writer. */
int pthread_rwlock_init(pthread_rwlock_t *lock, const pthread_rwlockattr_t *attr) {
  (void)attr;
  lock->__readers = 0;
  lock->__seq = 0;
  lock->__writers_waiting = 0;
  return 0;
}

int pthread_rwlock_destroy(pthread_rwlock_t *lock) {
  return lock->__readers != 0 ? EBUSY : 0;
}

int pthread_rwlock_tryrdlock(pthread_rwlock_t *lock) {
  int readers = __atomic_load_n(&lock->__readers, __ATOMIC_SEQ_CST);
  while (readers >= 0 && __atomic_load_n(&lock->__writers_waiting, __ATOMIC_SEQ_CST) == 0) {
    if (__atomic_compare_exchange_n(&lock->__readers, &readers, readers + 1, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
      return 0;
  }
  return EBUSY;
}

int pthread_rwlock_rdlock(pthread_rwlock_t *lock) {
  for (;;) {
    int seen = __atomic_load_n((volatile int *)&lock->__seq, __ATOMIC_SEQ_CST);
    if (pthread_rwlock_tryrdlock(lock) == 0) return 0;
    __futex_wait((volatile int *)&lock->__seq, seen, NULL);
  }
}

int pthread_rwlock_trywrlock(pthread_rwlock_t *lock) {
  int free_state = 0;
  return __atomic_compare_exchange_n(&lock->__readers, &free_state, -1, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)
             ? 0
             : EBUSY;
}

int pthread_rwlock_wrlock(pthread_rwlock_t *lock) {
  __atomic_fetch_add(&lock->__writers_waiting, 1, __ATOMIC_SEQ_CST);
  for (;;) {
    int seen = __atomic_load_n((volatile int *)&lock->__seq, __ATOMIC_SEQ_CST);
    if (pthread_rwlock_trywrlock(lock) == 0) break;
    __futex_wait((volatile int *)&lock->__seq, seen, NULL);
  }
  __atomic_fetch_sub(&lock->__writers_waiting, 1, __ATOMIC_SEQ_CST);
  return 0;
}

int pthread_rwlock_unlock(pthread_rwlock_t *lock) {
  if (__atomic_load_n(&lock->__readers, __ATOMIC_SEQ_CST) == -1) __atomic_store_n(&lock->__readers, 0, __ATOMIC_SEQ_CST);
  else __atomic_fetch_sub(&lock->__readers, 1, __ATOMIC_SEQ_CST);
  __atomic_fetch_add(&lock->__seq, 1, __ATOMIC_SEQ_CST);
  __futex_wake((volatile int *)&lock->__seq, WAKE_ALL);
  return 0;
}

/* The last thread to arrive resets the count before advancing the generation, so no thread
   can start the next round until this one's count is clean. */
int pthread_barrier_init(pthread_barrier_t *barrier, const pthread_barrierattr_t *attr, unsigned int count) {
  (void)attr;
  if (count == 0) return EINVAL;
  barrier->__count = count;
  barrier->__arrived = 0;
  barrier->__generation = 0;
  return 0;
}

int pthread_barrier_destroy(pthread_barrier_t *barrier) {
  (void)barrier;
  return 0;
}

int pthread_barrier_wait(pthread_barrier_t *barrier) {
  volatile int *generation = (volatile int *)&barrier->__generation;
  int seen = __atomic_load_n(generation, __ATOMIC_SEQ_CST);
  if (__atomic_add_fetch(&barrier->__arrived, 1, __ATOMIC_SEQ_CST) == barrier->__count) {
    __atomic_store_n(&barrier->__arrived, 0, __ATOMIC_SEQ_CST);
    __atomic_fetch_add(generation, 1, __ATOMIC_SEQ_CST);
    __futex_wake(generation, WAKE_ALL);
    return PTHREAD_BARRIER_SERIAL_THREAD;
  }
  while (__atomic_load_n(generation, __ATOMIC_SEQ_CST) == seen) __futex_wait(generation, seen, NULL);
  return 0;
}

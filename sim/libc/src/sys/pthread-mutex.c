/* Mutexes and spinlocks. The lock word follows Drepper's "Futexes Are Tricky" (mutex 3):
   0 free, 1 locked, 2 locked and maybe contended, so an uncontended lock and unlock never
   enter the kernel. Recursive and error-checking mutexes add an owner tid and a count. */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <time.h>
#include "internal.h"

static int lock_word(volatile int *state, const struct timespec *deadline) {
  int current = 0;
  if (__atomic_compare_exchange_n(state, &current, 1, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) return 0;
  if (current != 2) current = __atomic_exchange_n(state, 2, __ATOMIC_SEQ_CST);
  while (current != 0) {
    int r = deadline != NULL ? __futex_wait_until(state, 2, deadline, CLOCK_REALTIME) : __futex_wait(state, 2, NULL);
    if (r == -ETIMEDOUT || r == -EINVAL) return -r;
    current = __atomic_exchange_n(state, 2, __ATOMIC_SEQ_CST);
  }
  return 0;
}

static void unlock_word(volatile int *state) {
  if (__atomic_fetch_sub(state, 1, __ATOMIC_SEQ_CST) != 1) {
    __atomic_store_n(state, 0, __ATOMIC_SEQ_CST);
    __futex_wake(state, 1);
  }
}

int pthread_mutex_init(pthread_mutex_t *mutex, const pthread_mutexattr_t *attr) {
  mutex->__state = 0;
  mutex->__type = attr != NULL ? attr->__type : PTHREAD_MUTEX_NORMAL;
  mutex->__owner = 0;
  mutex->__count = 0;
  return 0;
}

int pthread_mutex_destroy(pthread_mutex_t *mutex) {
  return mutex->__state != 0 ? EBUSY : 0;
}

/* Owner bookkeeping for the non-normal types: 0 to go on and take the lock word, or the answer. */
static int relock_by_owner(pthread_mutex_t *mutex, int self) {
  if (mutex->__type == PTHREAD_MUTEX_NORMAL || mutex->__owner != self) return -1;
  if (mutex->__type == PTHREAD_MUTEX_ERRORCHECK) return EDEADLK;
  if (mutex->__count == 0x7fffffff) return EAGAIN;
  mutex->__count++;
  return 0;
}

static int lock_until(pthread_mutex_t *mutex, const struct timespec *deadline) {
  int self = __pthread_self()->tid;
  int answer = relock_by_owner(mutex, self);
  if (answer >= 0) return answer;
  answer = lock_word(&mutex->__state, deadline);
  if (answer != 0) return answer;
  mutex->__owner = self;
  mutex->__count = 1;
  return 0;
}

int pthread_mutex_lock(pthread_mutex_t *mutex) {
  return lock_until(mutex, NULL);
}

int pthread_mutex_timedlock(pthread_mutex_t *mutex, const struct timespec *abstime) {
  return lock_until(mutex, abstime);
}

int pthread_mutex_trylock(pthread_mutex_t *mutex) {
  int self = __pthread_self()->tid;
  int expected = 0;
  int answer = relock_by_owner(mutex, self);
  if (answer == 0) return 0;
  if (answer > 0) return EBUSY;
  if (!__atomic_compare_exchange_n(&mutex->__state, &expected, 1, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
    return EBUSY;
  mutex->__owner = self;
  mutex->__count = 1;
  return 0;
}

int pthread_mutex_unlock(pthread_mutex_t *mutex) {
  if (mutex->__type != PTHREAD_MUTEX_NORMAL) {
    if (mutex->__owner != __pthread_self()->tid) return EPERM;
    if (--mutex->__count > 0) return 0;
  }
  mutex->__owner = 0;
  mutex->__count = 0;
  unlock_word(&mutex->__state);
  return 0;
}

int pthread_mutexattr_init(pthread_mutexattr_t *attr) {
  attr->__type = PTHREAD_MUTEX_NORMAL;
  return 0;
}

int pthread_mutexattr_destroy(pthread_mutexattr_t *attr) {
  (void)attr;
  return 0;
}

int pthread_mutexattr_settype(pthread_mutexattr_t *attr, int type) {
  if (type < PTHREAD_MUTEX_NORMAL || type > PTHREAD_MUTEX_ERRORCHECK) return EINVAL;
  attr->__type = type;
  return 0;
}

int pthread_mutexattr_gettype(const pthread_mutexattr_t *attr, int *type) {
  *type = attr->__type;
  return 0;
}

int pthread_spin_init(pthread_spinlock_t *lock, int pshared) {
  (void)pshared;
  *lock = 0;
  return 0;
}

int pthread_spin_destroy(pthread_spinlock_t *lock) {
  (void)lock;
  return 0;
}

/* On one simulated hart, spinning only burns the holder's time slice, so yield between tries. */
int pthread_spin_lock(pthread_spinlock_t *lock) {
  while (__atomic_exchange_n(lock, 1, __ATOMIC_SEQ_CST) != 0) sched_yield();
  return 0;
}

int pthread_spin_trylock(pthread_spinlock_t *lock) {
  return __atomic_exchange_n(lock, 1, __ATOMIC_SEQ_CST) != 0 ? EBUSY : 0;
}

int pthread_spin_unlock(pthread_spinlock_t *lock) {
  __atomic_store_n(lock, 0, __ATOMIC_SEQ_CST);
  return 0;
}

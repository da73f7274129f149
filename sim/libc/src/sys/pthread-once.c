/* pthread_once and thread-specific data. Keys are slots in a fixed table; each thread's values
   live in its control block, so getspecific is a plain load. */
#include <errno.h>
#include <pthread.h>
#include "internal.h"

#define ONCE_RUNNING 1
#define ONCE_DONE 2

int pthread_once(pthread_once_t *once, void (*init)(void)) {
  volatile int *state = (volatile int *)once;
  int expected = 0;
  if (__atomic_load_n(state, __ATOMIC_SEQ_CST) == ONCE_DONE) return 0;
  if (__atomic_compare_exchange_n(state, &expected, ONCE_RUNNING, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) {
    init();
    __atomic_store_n(state, ONCE_DONE, __ATOMIC_SEQ_CST);
    __futex_wake(state, 0x7fffffff);
    return 0;
  }
  while (__atomic_load_n(state, __ATOMIC_SEQ_CST) == ONCE_RUNNING) __futex_wait(state, ONCE_RUNNING, NULL);
  return 0;
}

typedef void (*destructor_fn)(void *);

/* key_in_use guards the slot; a slot's destructor may be NULL even when in use. */
static int key_in_use[__PTHREAD_KEYS];
static destructor_fn key_destructors[__PTHREAD_KEYS];

int pthread_key_create(pthread_key_t *key, void (*destructor)(void *)) {
  unsigned int slot;
  for (slot = 0; slot < __PTHREAD_KEYS; slot++) {
    int free_slot = 0;
    if (__atomic_compare_exchange_n(&key_in_use[slot], &free_slot, 1, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) {
      key_destructors[slot] = destructor;
      *key = slot;
      return 0;
    }
  }
  return EAGAIN;
}

int pthread_key_delete(pthread_key_t key) {
  if (key >= __PTHREAD_KEYS || !key_in_use[key]) return EINVAL;
  key_destructors[key] = NULL;
  __atomic_store_n(&key_in_use[key], 0, __ATOMIC_SEQ_CST);
  return 0;
}

void *pthread_getspecific(pthread_key_t key) {
  if (key >= __PTHREAD_KEYS) return NULL;
  return __pthread_self()->specific[key];
}

int pthread_setspecific(pthread_key_t key, const void *value) {
  if (key >= __PTHREAD_KEYS || !key_in_use[key]) return EINVAL;
  __pthread_self()->specific[key] = (void *)value;
  return 0;
}

/* A destructor may set new values, so POSIX allows a few more passes until all are NULL. */
void __pthread_run_destructors(struct __pthread *self) {
  int pass;
  for (pass = 0; pass < PTHREAD_DESTRUCTOR_ITERATIONS; pass++) {
    int ran_any = 0;
    unsigned int slot;
    for (slot = 0; slot < __PTHREAD_KEYS; slot++) {
      void *value = self->specific[slot];
      destructor_fn destructor = key_destructors[slot];
      if (value == NULL || destructor == NULL) continue;
      self->specific[slot] = NULL;
      destructor(value);
      ran_any = 1;
    }
    if (!ran_any) return;
  }
}

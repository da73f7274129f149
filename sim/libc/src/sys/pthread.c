/* Thread life cycle: create, exit, join, detach. Each thread's mapping is, from low to high,
   a PROT_NONE guard page, the stack, the thread's control block and its TLS block (tls.c);
   tp points just past the control block. The kernel clears the block's tid and wakes futex waiters when the thread is gone
   (CLONE_CHILD_CLEARTID), which is what join sleeps on and what makes the mapping safe to
   free. A detached thread cannot unmap the stack it runs on, so it leaves itself on a list
   that the next pthread_create reaps. */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include "internal.h"

#define PAGE_SIZE 4096u
#define DEFAULT_STACK_SIZE (8u << 20)
#define THREAD_CLONE_FLAGS \
  (CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM | CLONE_SETTLS | \
   CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID)

void __pthread_run_destructors(struct __pthread *self);

static struct __pthread *dead_threads;
static int live_threads = 1;

static size_t round_to_pages(size_t size) {
  return (size + PAGE_SIZE - 1) & ~(size_t)(PAGE_SIZE - 1);
}

static void push_dead_thread(struct __pthread *thread) {
  struct __pthread *head = __atomic_load_n(&dead_threads, __ATOMIC_SEQ_CST);
  do thread->next_dead = head;
  while (!__atomic_compare_exchange_n(&dead_threads, &head, thread, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST));
}

/* Frees the mappings of detached threads the kernel has finished with (tid cleared). */
static void reap_dead_threads(void) {
  struct __pthread *list = __atomic_exchange_n(&dead_threads, (struct __pthread *)0, __ATOMIC_SEQ_CST);
  while (list != NULL) {
    struct __pthread *next = list->next_dead;
    if (__atomic_load_n(&list->tid, __ATOMIC_SEQ_CST) == 0) munmap(list->map_base, list->map_size);
    else push_dead_thread(list);
    list = next;
  }
}

static int thread_start(void *argument) {
  struct __pthread *self = argument;
  pthread_exit(self->start(self->start_arg));
}

int pthread_create(pthread_t *thread, const pthread_attr_t *attr, void *(*start)(void *), void *arg) {
  size_t stack_size = attr != NULL && attr->__stack_size != 0 ? attr->__stack_size : DEFAULT_STACK_SIZE;
  size_t guard_size = round_to_pages(attr != NULL ? attr->__guard_size : PAGE_SIZE);
  size_t block_size = (__tls_area_size() + 15) & ~(size_t)15;
  size_t map_size = guard_size + round_to_pages(stack_size + block_size);
  char *base;
  struct __pthread *block;
  long r;
  reap_dead_threads();
  base = mmap(NULL, map_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
  if (base == MAP_FAILED) return EAGAIN;
  if (guard_size != 0 && mprotect(base, guard_size, PROT_NONE) < 0) {
    munmap(base, map_size);
    return EAGAIN;
  }
  block = __tls_layout(base + map_size - block_size);
  block->self = block;
  block->start = start;
  block->start_arg = arg;
  block->map_base = base;
  block->map_size = map_size;
  block->join_state = attr != NULL && attr->__detach_state == PTHREAD_CREATE_DETACHED ? __THREAD_DETACHED
                                                                                       : __THREAD_JOINABLE;
  __atomic_fetch_add(&live_threads, 1, __ATOMIC_SEQ_CST);
  r = __clone(thread_start, base + map_size - block_size, THREAD_CLONE_FLAGS, block, (int *)&block->tid, block + 1,
              (int *)&block->tid);
  if (r < 0) {
    __atomic_fetch_sub(&live_threads, 1, __ATOMIC_SEQ_CST);
    munmap(base, map_size);
    return r == -ENOMEM ? EAGAIN : (int)-r;
  }
  *thread = (pthread_t)block;
  return 0;
}

/* The last thread out ends the process as exit(0) would, running atexit handlers. */
_Noreturn void pthread_exit(void *result) {
  struct __pthread *self = __pthread_self();
  int expected = __THREAD_JOINABLE;
  self->result = result;
  __pthread_run_destructors(self);
  if (__atomic_sub_fetch(&live_threads, 1, __ATOMIC_SEQ_CST) == 0) exit(0);
  if (!__atomic_compare_exchange_n(&self->join_state, &expected, __THREAD_EXITED, 0, __ATOMIC_SEQ_CST,
                                   __ATOMIC_SEQ_CST) &&
      self->map_base != NULL)
    push_dead_thread(self);
  for (;;) __syscall1(SYS_exit, 0);
}

int pthread_join(pthread_t thread, void **result) {
  struct __pthread *target = (struct __pthread *)thread;
  int tid;
  if (target == __pthread_self()) return EDEADLK;
  if (__atomic_load_n(&target->join_state, __ATOMIC_SEQ_CST) == __THREAD_DETACHED) return EINVAL;
  while ((tid = __atomic_load_n(&target->tid, __ATOMIC_SEQ_CST)) != 0) __futex_wait(&target->tid, tid, NULL);
  if (result != NULL) *result = target->result;
  if (target->map_base != NULL) munmap(target->map_base, target->map_size);
  return 0;
}

/* Detaching a thread that already exited leaves nobody to free it but us. */
int pthread_detach(pthread_t thread) {
  struct __pthread *target = (struct __pthread *)thread;
  int expected = __THREAD_JOINABLE;
  if (__atomic_compare_exchange_n(&target->join_state, &expected, __THREAD_DETACHED, 0, __ATOMIC_SEQ_CST,
                                  __ATOMIC_SEQ_CST))
    return 0;
  if (expected == __THREAD_EXITED) return pthread_join(thread, NULL);
  return EINVAL;
}

pthread_t pthread_self(void) {
  return (pthread_t)__pthread_self();
}

int pthread_equal(pthread_t a, pthread_t b) {
  return a == b;
}

int pthread_attr_init(pthread_attr_t *attr) {
  memset(attr, 0, sizeof(*attr));
  attr->__stack_size = DEFAULT_STACK_SIZE;
  attr->__guard_size = PAGE_SIZE;
  return 0;
}

int pthread_attr_destroy(pthread_attr_t *attr) {
  (void)attr;
  return 0;
}

int pthread_attr_setstacksize(pthread_attr_t *attr, size_t size) {
  if (size < PTHREAD_STACK_MIN) return EINVAL;
  attr->__stack_size = size;
  return 0;
}

int pthread_attr_getstacksize(const pthread_attr_t *attr, size_t *size) {
  *size = attr->__stack_size;
  return 0;
}

int pthread_attr_setguardsize(pthread_attr_t *attr, size_t size) {
  attr->__guard_size = size;
  return 0;
}

int pthread_attr_getguardsize(const pthread_attr_t *attr, size_t *size) {
  *size = attr->__guard_size;
  return 0;
}

int pthread_attr_setdetachstate(pthread_attr_t *attr, int state) {
  if (state != PTHREAD_CREATE_JOINABLE && state != PTHREAD_CREATE_DETACHED) return EINVAL;
  attr->__detach_state = state;
  return 0;
}

int pthread_attr_getdetachstate(const pthread_attr_t *attr, int *state) {
  *state = attr->__detach_state;
  return 0;
}

/* fork copies only the calling thread: the child starts with exactly one. */
void __pthread_reset_after_fork(void) {
  live_threads = 1;
  dead_threads = NULL;
}

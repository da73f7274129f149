/* pthreads: create/join with a mutex-protected counter, condition-variable ping-pong,
   semaphores, detach, thread-specific data, once, barriers, rwlocks, per-thread errno. */
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <time.h>
#include "test.h"

#define THREADS 4
#define ROUNDS 2000

static pthread_mutex_t counter_lock = PTHREAD_MUTEX_INITIALIZER;
static long counter;

static void *add_many(void *arg) {
  int i;
  for (i = 0; i < ROUNDS; i++) {
    pthread_mutex_lock(&counter_lock);
    counter = counter + 1;
    if (i % 100 == 0) sched_yield();
    pthread_mutex_unlock(&counter_lock);
  }
  return (char *)arg + 1;
}

static void test_counter(void) {
  pthread_t threads[THREADS];
  char tags[THREADS];
  int i;
  for (i = 0; i < THREADS; i++) ASSERT(0, pthread_create(&threads[i], NULL, add_many, &tags[i]));
  for (i = 0; i < THREADS; i++) {
    void *result = NULL;
    ASSERT(0, pthread_join(threads[i], &result));
    ASSERT(1, (char *)result - &tags[i]);
  }
  ASSERT(THREADS * ROUNDS, counter);
}

static pthread_mutex_t turn_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t turn_changed = PTHREAD_COND_INITIALIZER;
static int turn;
static int volleys;

/* Two players alternate: each waits for its turn, bumps the volley count and hands over. */
static void *player(void *arg) {
  int me = *(int *)arg;
  int i;
  for (i = 0; i < 100; i++) {
    pthread_mutex_lock(&turn_lock);
    while (turn != me) pthread_cond_wait(&turn_changed, &turn_lock);
    volleys++;
    turn = 1 - me;
    pthread_cond_signal(&turn_changed);
    pthread_mutex_unlock(&turn_lock);
  }
  return NULL;
}

static void test_ping_pong(void) {
  pthread_t a, b;
  int ids[2] = {0, 1};
  ASSERT(0, pthread_create(&a, NULL, player, &ids[0]));
  ASSERT(0, pthread_create(&b, NULL, player, &ids[1]));
  ASSERT(0, pthread_join(a, NULL));
  ASSERT(0, pthread_join(b, NULL));
  ASSERT(200, volleys);
}

static void test_cond_timeout(void) {
  struct timespec deadline;
  struct timespec before, after;
  pthread_condattr_t attr;
  pthread_cond_t cond;
  clock_gettime(CLOCK_REALTIME, &deadline);
  deadline.tv_nsec += 50000000;
  if (deadline.tv_nsec >= 1000000000) {
    deadline.tv_sec++;
    deadline.tv_nsec -= 1000000000;
  }
  pthread_mutex_lock(&turn_lock);
  ASSERT(ETIMEDOUT, pthread_cond_timedwait(&turn_changed, &turn_lock, &deadline));
  pthread_mutex_unlock(&turn_lock);
  pthread_condattr_init(&attr);
  ASSERT(0, pthread_condattr_setclock(&attr, CLOCK_MONOTONIC));
  pthread_cond_init(&cond, &attr);
  clock_gettime(CLOCK_MONOTONIC, &before);
  deadline = before;
  deadline.tv_sec += 1;
  deadline.tv_nsec = 0;
  pthread_mutex_lock(&turn_lock);
  ASSERT(ETIMEDOUT, pthread_cond_timedwait(&cond, &turn_lock, &deadline));
  pthread_mutex_unlock(&turn_lock);
  clock_gettime(CLOCK_MONOTONIC, &after);
  ASSERT(1, after.tv_sec > before.tv_sec || (after.tv_sec == deadline.tv_sec));
}

static pthread_mutex_t gate_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t gate_opened = PTHREAD_COND_INITIALIZER;
static int gate_open;
static int waiting_at_gate;

static void *wait_at_gate(void *arg) {
  (void)arg;
  pthread_mutex_lock(&gate_lock);
  waiting_at_gate++;
  while (!gate_open) pthread_cond_wait(&gate_opened, &gate_lock);
  waiting_at_gate--;
  pthread_mutex_unlock(&gate_lock);
  return NULL;
}

/* One broadcast releases every waiter. */
static void test_broadcast(void) {
  pthread_t threads[THREADS];
  int i;
  int all_waiting = 0;
  for (i = 0; i < THREADS; i++) pthread_create(&threads[i], NULL, wait_at_gate, NULL);
  while (!all_waiting) {
    pthread_mutex_lock(&gate_lock);
    all_waiting = waiting_at_gate == THREADS;
    pthread_mutex_unlock(&gate_lock);
    sched_yield();
  }
  pthread_mutex_lock(&gate_lock);
  gate_open = 1;
  pthread_cond_broadcast(&gate_opened);
  pthread_mutex_unlock(&gate_lock);
  for (i = 0; i < THREADS; i++) ASSERT(0, pthread_join(threads[i], NULL));
  ASSERT(0, waiting_at_gate);
}

static sem_t items, slots;
static int ring[4];
static int ring_sum;

static void *producer(void *arg) {
  int i;
  (void)arg;
  for (i = 1; i <= 50; i++) {
    sem_wait(&slots);
    ring[i % 4] = i;
    sem_post(&items);
  }
  return NULL;
}

static void test_semaphores(void) {
  pthread_t thread;
  int value = -1;
  int i;
  struct timespec past = {0, 0};
  ASSERT(0, sem_init(&items, 0, 0));
  ASSERT(0, sem_init(&slots, 0, 1));
  ASSERT(0, pthread_create(&thread, NULL, producer, NULL));
  for (i = 1; i <= 50; i++) {
    sem_wait(&items);
    ring_sum += ring[i % 4];
    sem_post(&slots);
  }
  ASSERT(0, pthread_join(thread, NULL));
  ASSERT(1275, ring_sum);
  ASSERT(0, sem_getvalue(&items, &value));
  ASSERT(0, value);
  ASSERT(-1, sem_trywait(&items));
  ASSERT(EAGAIN, errno);
  ASSERT(-1, sem_timedwait(&items, &past));
  ASSERT(ETIMEDOUT, errno);
}

static pthread_key_t key;
static int destructor_calls;
static void count_destructor(void *value) {
  destructor_calls += *(int *)value;
}

static void *use_key(void *arg) {
  ASSERT(0, (long)pthread_getspecific(key));
  pthread_setspecific(key, arg);
  ASSERT((long)arg, (long)pthread_getspecific(key));
  return NULL;
}

static void test_keys(void) {
  pthread_t thread;
  int weight = 5;
  ASSERT(0, pthread_key_create(&key, count_destructor));
  pthread_setspecific(key, &weight);
  ASSERT(0, pthread_create(&thread, NULL, use_key, &weight));
  ASSERT(0, pthread_join(thread, NULL));
  ASSERT(5, destructor_calls);
  ASSERT((long)&weight, (long)pthread_getspecific(key));
}

static int once_runs;
static pthread_once_t once = PTHREAD_ONCE_INIT;
static void run_once(void) {
  once_runs++;
}

static pthread_barrier_t barrier;
static int serial_count;
static int before_barrier;
static int barrier_saw_all = 1;

static void *barrier_worker(void *arg) {
  (void)arg;
  pthread_once(&once, run_once);
  __atomic_fetch_add(&before_barrier, 1, __ATOMIC_SEQ_CST);
  if (pthread_barrier_wait(&barrier) == PTHREAD_BARRIER_SERIAL_THREAD) __atomic_fetch_add(&serial_count, 1, __ATOMIC_SEQ_CST);
  if (__atomic_load_n(&before_barrier, __ATOMIC_SEQ_CST) != THREADS) barrier_saw_all = 0;
  return NULL;
}

static void test_once_and_barrier(void) {
  pthread_t threads[THREADS];
  int i;
  ASSERT(0, pthread_barrier_init(&barrier, NULL, THREADS));
  for (i = 0; i < THREADS; i++) pthread_create(&threads[i], NULL, barrier_worker, NULL);
  for (i = 0; i < THREADS; i++) pthread_join(threads[i], NULL);
  ASSERT(1, once_runs);
  ASSERT(1, serial_count);
  ASSERT(1, barrier_saw_all);
}

static void *set_errno(void *arg) {
  errno = 77;
  return (void *)(long)(errno == 77 && &errno != (int *)arg);
}

static void test_errno_per_thread(void) {
  pthread_t thread;
  void *result = NULL;
  errno = 11;
  pthread_create(&thread, NULL, set_errno, &errno);
  pthread_join(thread, &result);
  ASSERT(1, (long)result);
  ASSERT(11, errno);
}

static void *finish_quickly(void *arg) {
  return arg;
}

static void test_detach_and_attrs(void) {
  pthread_attr_t attr;
  pthread_t thread;
  size_t size = 0;
  int i;
  ASSERT(0, pthread_attr_init(&attr));
  ASSERT(0, pthread_attr_getstacksize(&attr, &size));
  ASSERT(8 << 20, size);
  ASSERT(EINVAL, pthread_attr_setstacksize(&attr, 100));
  ASSERT(0, pthread_attr_setstacksize(&attr, 64 * 1024));
  ASSERT(0, pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED));
  for (i = 0; i < 20; i++) ASSERT(0, pthread_create(&thread, &attr, finish_quickly, NULL));
  ASSERT(0, pthread_create(&thread, NULL, finish_quickly, NULL));
  ASSERT(0, pthread_detach(thread));
  ASSERT(1, pthread_equal(pthread_self(), pthread_self()));
  ASSERT(EDEADLK, pthread_join(pthread_self(), NULL));
}

static void test_mutex_kinds(void) {
  pthread_mutexattr_t attr;
  pthread_mutex_t recursive, checked;
  pthread_mutexattr_init(&attr);
  pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
  pthread_mutex_init(&recursive, &attr);
  ASSERT(0, pthread_mutex_lock(&recursive));
  ASSERT(0, pthread_mutex_lock(&recursive));
  ASSERT(0, pthread_mutex_trylock(&recursive));
  ASSERT(0, pthread_mutex_unlock(&recursive));
  ASSERT(0, pthread_mutex_unlock(&recursive));
  ASSERT(0, pthread_mutex_unlock(&recursive));
  ASSERT(EPERM, pthread_mutex_unlock(&recursive));
  pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_ERRORCHECK);
  pthread_mutex_init(&checked, &attr);
  ASSERT(0, pthread_mutex_lock(&checked));
  ASSERT(EDEADLK, pthread_mutex_lock(&checked));
  ASSERT(0, pthread_mutex_unlock(&checked));
  ASSERT(0, pthread_mutex_trylock(&counter_lock));
  ASSERT(EBUSY, pthread_mutex_trylock(&counter_lock));
  ASSERT(0, pthread_mutex_unlock(&counter_lock));
}

static pthread_rwlock_t table_lock = PTHREAD_RWLOCK_INITIALIZER;
static int table[2];
static int torn_reads;

static void *rw_worker(void *arg) {
  int i;
  int writer = *(int *)arg;
  for (i = 0; i < 300; i++) {
    if (writer) {
      pthread_rwlock_wrlock(&table_lock);
      table[0]++;
      sched_yield();
      table[1]++;
      pthread_rwlock_unlock(&table_lock);
    } else {
      pthread_rwlock_rdlock(&table_lock);
      if (table[0] != table[1]) torn_reads++;
      pthread_rwlock_unlock(&table_lock);
    }
  }
  return NULL;
}

static void test_rwlock(void) {
  pthread_t threads[THREADS];
  int roles[THREADS] = {1, 0, 1, 0};
  int i;
  for (i = 0; i < THREADS; i++) pthread_create(&threads[i], NULL, rw_worker, &roles[i]);
  for (i = 0; i < THREADS; i++) pthread_join(threads[i], NULL);
  ASSERT(600, table[0]);
  ASSERT(0, torn_reads);
  ASSERT(0, pthread_rwlock_tryrdlock(&table_lock));
  ASSERT(EBUSY, pthread_rwlock_trywrlock(&table_lock));
  ASSERT(0, pthread_rwlock_unlock(&table_lock));
}

int main(void) {
  test_counter();
  test_ping_pong();
  test_cond_timeout();
  test_broadcast();
  test_semaphores();
  test_keys();
  test_once_and_barrier();
  test_errno_per_thread();
  test_detach_and_attrs();
  test_mutex_kinds();
  test_rwlock();
  return test_done();
}

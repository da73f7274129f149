// Four workers share a counter under a mutex and sleep a little between rounds: the Scheduler
// panel's timeline has slices of every thread on both harts, switches for every reason.
#include <pthread.h>
#include <stdio.h>
#include <time.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long counter;

static void *work(void *arg) {
  long id = (long)arg;
  for (int round = 0; round < 6; round++) {
    volatile long spin = 0;
    for (long i = 0; i < 20000 * (id + 1); i++) spin += i;
    pthread_mutex_lock(&lock);
    counter += spin & 1;
    pthread_mutex_unlock(&lock);
    struct timespec nap = {0, 200000};
    nanosleep(&nap, NULL);
  }
  return NULL;
}

int main(void) {
  pthread_t workers[4];
  for (long i = 0; i < 4; i++) pthread_create(&workers[i], NULL, work, (void *)i);
  for (int i = 0; i < 4; i++) pthread_join(workers[i], NULL);
  printf("counter %ld\n", counter);
  return 0;
}

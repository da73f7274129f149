/* _Thread_local variables (clang's local-exec TLS off tp): each thread starts from the
   initial image (.tdata copied, .tbss zeroed) and its writes stay its own; errno and the
   thread's control block, which sit just below the TLS block, are not disturbed. */
#include <errno.h>
#include <pthread.h>
#include "test.h"

static _Thread_local int initialised = 42;
static _Thread_local long long wide = 0x1122334455667788LL;
static _Thread_local char zeroed[100];

static void *use_tls(void *arg) {
  int id = *(int *)arg;
  int ok = initialised == 42 && wide == 0x1122334455667788LL && zeroed[0] == 0 && zeroed[99] == 0;
  initialised = id;
  zeroed[99] = (char)id;
  errno = id;
  sched_yield();
  ok = ok && initialised == id && zeroed[99] == id && errno == id;
  return (void *)(long)ok;
}

int main(void) {
  pthread_t threads[3];
  int ids[3] = {1, 2, 3};
  int i;
  ASSERT(42, initialised);
  ASSERT(0, zeroed[50]);
  initialised = 7;
  zeroed[99] = 9;
  errno = 0;
  for (i = 0; i < 3; i++) ASSERT(0, pthread_create(&threads[i], NULL, use_tls, &ids[i]));
  for (i = 0; i < 3; i++) {
    void *ok = NULL;
    pthread_join(threads[i], &ok);
    ASSERT(1, (long)ok);
  }
  ASSERT(7, initialised);
  ASSERT(9, zeroed[99]);
  ASSERT(1, wide == 0x1122334455667788LL);
  ASSERT(0, errno);
  ASSERT(1, pthread_self() != 0);
  return test_done();
}

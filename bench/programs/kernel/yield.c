/* Two threads on one hart hand it back and forth with sched_yield: every yield is a context
   switch, so wall time / switches is the host cost of one switch (plus a syscall). */
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>

static int rounds;

static void *spin(void *arg) {
  (void)arg;
  for (int i = 0; i < rounds; i++) sched_yield();
  return NULL;
}

int main(int argc, char **argv) {
  pthread_t other;
  rounds = argc > 1 ? atoi(argv[1]) : 100000;
  pthread_create(&other, NULL, spin, NULL);
  spin(NULL);
  pthread_join(other, NULL);
  return 0;
}

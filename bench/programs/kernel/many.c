/* Starts N processes that all stay alive (each sleeps 1 s of simulated time), then reaps them:
   the bench checks that N were alive at once and times the whole run. */
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 1000;
  for (int i = 0; i < n; i++) {
    pid_t child = fork();
    if (child < 0) return 1;
    if (child == 0) {
      sleep(1);
      _exit(0);
    }
  }
  while (wait(NULL) > 0) {
  }
  return 0;
}

/* A debugger bench: 100 processes alive (children sleeping), while the parent loops over
   lines that `next` steps through. */
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
  for (int i = 0; i < 100; i++) {
    if (fork() == 0) {
      sleep(5);
      _exit(0);
    }
  }
  int total = 0;
  for (int i = 0; i < 1000; i++) {
    total += i;
    total ^= i << 2;
  }
  while (wait(NULL) > 0) {
  }
  return total == 0;
}

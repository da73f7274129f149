/* Touches 64 MiB, then forks: the bench times the fork (no page is copied at fork). The child
   exits at once; the parent reaps it. getppid() marks the moment just before the fork. */
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
  size_t size = 64u << 20;
  char *memory = malloc(size);
  if (memory == NULL) return 1;
  memset(memory, 1, size);
  getppid();
  pid_t child = fork();
  if (child == 0) _exit(0);
  if (child < 0) return 2;
  waitpid(child, NULL, 0);
  return memory[size - 1] == 1 ? 0 : 3;
}

/* The panels' render bench: a parent with 40 MiB resident (10,240 pages, so as many PTEs) and 99
   children sleeping beside it, 100 processes in all. getppid() marks the two stops the bench
   takes: once every child sleeps, and again after the parent has written one page in eight
   (copy-on-write breaks the sharing with the children: the page table and the frames change). */
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#define PAGE 4096
#define PAGES 10240
#define CHILDREN 99

int main(void) {
  char *memory = malloc((size_t)PAGES * PAGE);
  if (memory == NULL) return 1;
  for (int page = 0; page < PAGES; page++) memory[page * PAGE] = 1;
  pid_t children[CHILDREN];
  for (int i = 0; i < CHILDREN; i++) {
    children[i] = fork();
    if (children[i] < 0) return 2;
    if (children[i] == 0) {
      sleep(5);
      _exit(0);
    }
  }
  usleep(10000); /* lets every child reach its sleep */
  getppid();
  for (int page = 0; page < PAGES; page += 8) memory[page * PAGE] = 2;
  getppid();
  for (int i = 0; i < CHILDREN; i++) kill(children[i], SIGKILL);
  while (wait(NULL) > 0) {
  }
  return 0;
}

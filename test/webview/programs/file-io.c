// Writes a file on /data through the page cache (dirty pages), fsyncs it (clean), reads it back
// (hits), then writes a second file around the cache with O_DIRECT and reads it the ordinary way
// (a miss: block request, device latency, fill): what the Storage panel shows at each stop.
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(void) {
  static _Alignas(4096) char block[4096]; // _Alignas: oslab's cc ignores an attribute after the declarator
  memset(block, 'x', sizeof block);
  int fd = open("/data/log.txt", O_CREAT | O_TRUNC | O_RDWR, 0644);
  for (int i = 0; i < 16; i++) write(fd, block, sizeof block);
  fsync(fd);
  pread(fd, block, sizeof block, 0);
  close(fd);
  int direct = open("/data/direct.bin", O_CREAT | O_TRUNC | O_WRONLY | O_DIRECT, 0644);
  for (int i = 0; i < 4; i++) write(direct, block, sizeof block);
  close(direct);
  int again = open("/data/direct.bin", O_RDONLY);
  read(again, block, sizeof block);
  close(again);
  printf("done\n");
  return 0;
}

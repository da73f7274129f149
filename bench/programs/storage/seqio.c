// The storage bench: writes N MiB (default 64) to /data in 64 KiB writes, fsyncs, reads it back,
// and compares checksums. getppid() marks the phases for bench/storage.ts, which reads their
// simulated and host times from the syscall events. The program stamps and checks one word per
// 512 bytes only, so the time measured is the file system's, not the program's own loops.
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define CHUNK 65536
#define STRIDE 512
static unsigned buf[CHUNK / 4];

static unsigned mix(unsigned h, unsigned x) { return (h ^ x) * 16777619u; }

int main(int argc, char **argv) {
  size_t chunks = (size_t)(argc > 1 ? atoi(argv[1]) : 64) * 1024 * 1024 / CHUNK;
  unsigned wrote = 2166136261u, read_back = 2166136261u;
  int fd = open("/data/seq", O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) return 1;
  getppid();
  for (size_t c = 0; c < chunks; c++) {
    for (size_t i = 0; i < CHUNK / 4; i += STRIDE / 4) wrote = mix(wrote, buf[i] = (unsigned)(c * CHUNK + i) * 2654435761u);
    if (write(fd, buf, CHUNK) != CHUNK) return 2;
  }
  getppid();
  if (fsync(fd) != 0) return 3;
  getppid();
  close(fd);
  fd = open("/data/seq", O_RDONLY);
  if (fd < 0) return 4;
  while (read(fd, buf, CHUNK) == CHUNK)
    for (size_t i = 0; i < CHUNK / 4; i += STRIDE / 4) read_back = mix(read_back, buf[i]);
  getppid();
  close(fd);
  printf("checksum %08x %s\n", wrote, wrote == read_back ? "same" : "different");
  return wrote == read_back ? 0 : 5;
}

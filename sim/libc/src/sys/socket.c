/* The socket calls that are another call with default arguments (send is sendto with no
   address, accept is accept4 with no flags); the rest are generated wrappers. */
#include <sys/socket.h>
#include "internal.h"

ssize_t send(int fd, const void *buf, size_t len, int flags) {
  return sendto(fd, buf, len, flags, NULL, 0);
}

ssize_t recv(int fd, void *buf, size_t len, int flags) {
  return recvfrom(fd, buf, len, flags, NULL, NULL);
}

int accept(int fd, struct sockaddr *addr, socklen_t *len) {
  return accept4(fd, addr, len, 0);
}

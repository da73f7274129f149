/* Readiness on pipes: select (pselect6_time64), poll (ppoll_time64) and epoll (the struct is
   unpacked on riscv: 16 bytes, data at offset 8). */
#include <errno.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/select.h>
#include <sys/time.h>
#include <unistd.h>
#include "test.h"

static void test_select(void) {
  int fds[2];
  fd_set readable, writable;
  struct timeval timeout;
  ASSERT(0, pipe(fds));
  FD_ZERO(&readable);
  FD_SET(fds[0], &readable);
  timeout.tv_sec = 0;
  timeout.tv_usec = 20000;
  ASSERT(0, select(fds[0] + 1, &readable, NULL, NULL, &timeout));
  ASSERT(0, FD_ISSET(fds[0], &readable));
  ASSERT(0, timeout.tv_usec);
  write(fds[1], "x", 1);
  FD_SET(fds[0], &readable);
  FD_ZERO(&writable);
  FD_SET(fds[1], &writable);
  ASSERT(2, select(fds[1] + 1, &readable, &writable, NULL, NULL));
  ASSERT(1, FD_ISSET(fds[0], &readable));
  ASSERT(1, FD_ISSET(fds[1], &writable));
  FD_CLR(fds[0], &readable);
  ASSERT(0, FD_ISSET(fds[0], &readable));
  timeout.tv_usec = -1;
  ASSERT(-1, select(1, NULL, NULL, NULL, &timeout));
  ASSERT(EINVAL, errno);
  close(fds[0]);
  close(fds[1]);
}

static void test_poll(void) {
  int fds[2];
  struct pollfd watch[2];
  ASSERT(0, pipe(fds));
  watch[0].fd = fds[0];
  watch[0].events = POLLIN;
  watch[1].fd = fds[1];
  watch[1].events = POLLOUT;
  ASSERT(1, poll(watch, 2, 10));
  ASSERT(0, watch[0].revents);
  ASSERT(POLLOUT, watch[1].revents);
  write(fds[1], "x", 1);
  ASSERT(1, poll(watch, 1, -1));
  ASSERT(POLLIN, watch[0].revents);
  close(fds[1]);
  ASSERT(1, poll(watch, 1, 0));
  ASSERT(POLLIN | POLLHUP, watch[0].revents);
  watch[0].fd = 77;
  ASSERT(1, poll(watch, 1, 0));
  ASSERT(POLLNVAL, watch[0].revents);
  close(fds[0]);
}

static void test_epoll(void) {
  int fds[2];
  struct epoll_event event, events[4];
  int epfd = epoll_create1(EPOLL_CLOEXEC);
  ASSERT(16, sizeof(struct epoll_event));
  ASSERT(8, (char *)&event.data - (char *)&event);
  ASSERT(1, epfd >= 0);
  ASSERT(0, pipe(fds));
  event.events = EPOLLIN;
  event.data.u64 = 0x1122334455667788ULL;
  ASSERT(0, epoll_ctl(epfd, EPOLL_CTL_ADD, fds[0], &event));
  ASSERT(-1, epoll_ctl(epfd, EPOLL_CTL_ADD, fds[0], &event));
  ASSERT(EEXIST, errno);
  ASSERT(0, epoll_wait(epfd, events, 4, 10));
  write(fds[1], "xy", 2);
  ASSERT(1, epoll_wait(epfd, events, 4, -1));
  ASSERT(EPOLLIN, events[0].events);
  ASSERT(1, events[0].data.u64 == 0x1122334455667788ULL);
  event.events = EPOLLIN | EPOLLET;
  event.data.fd = fds[0];
  ASSERT(0, epoll_ctl(epfd, EPOLL_CTL_MOD, fds[0], &event));
  ASSERT(1, epoll_pwait(epfd, events, 4, 0, NULL));
  ASSERT(fds[0], events[0].data.fd);
  ASSERT(0, epoll_wait(epfd, events, 4, 0));
  ASSERT(0, epoll_ctl(epfd, EPOLL_CTL_DEL, fds[0], NULL));
  ASSERT(-1, epoll_create(0));
  ASSERT(EINVAL, errno);
  close(epfd);
  close(fds[0]);
  close(fds[1]);
}

static void test_eventfd(void) {
  eventfd_t value = 0;
  struct pollfd watch;
  int fd = eventfd(2, EFD_NONBLOCK | EFD_CLOEXEC);
  ASSERT(1, fd >= 0);
  ASSERT(0, eventfd_write(fd, 5));
  watch.fd = fd;
  watch.events = POLLIN;
  ASSERT(1, poll(&watch, 1, 0));
  ASSERT(0, eventfd_read(fd, &value));
  ASSERT(7, value);
  ASSERT(-1, eventfd_read(fd, &value));
  ASSERT(EAGAIN, errno);
  close(fd);
}

int main(void) {
  test_select();
  test_poll();
  test_epoll();
  test_eventfd();
  return test_done();
}

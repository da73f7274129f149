/* Sockets under a private network namespace (the test harness runs qemu with unshare -n, where
   even loopback is down): the calls that need no network work, the rest fail with Linux's
   errors. Unix-domain socket pairs carry data; byte order and address text round-trip. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>
#include "test.h"

static void test_byte_order_and_text(void) {
  struct in_addr addr;
  unsigned char bytes[4];
  char text[INET_ADDRSTRLEN];
  ASSERT(0x3412, htons(0x1234));
  ASSERT(0x1234, ntohs(htons(0x1234)));
  ASSERT(0x78563412, htonl(0x12345678));
  ASSERT(0x12345678, ntohl(htonl(0x12345678)));
  ASSERT(htonl(0x7f000001), inet_addr("127.0.0.1"));
  ASSERT(INADDR_NONE, inet_addr("300.1.1.1"));
  ASSERT(1, inet_aton("10.1", &addr));
  ASSERT(htonl(0x0a000001), addr.s_addr);
  ASSERT(1, inet_aton("0x7f.1", &addr));
  ASSERT(htonl(0x7f000001), addr.s_addr);
  ASSERT(0, inet_aton("1.2.3.4.5", &addr));
  addr.s_addr = htonl(0xc0a80a01);
  ASSERT(0, strcmp(inet_ntoa(addr), "192.168.10.1"));
  ASSERT(1, inet_pton(AF_INET, "8.8.4.4", bytes));
  ASSERT(8, bytes[0]);
  ASSERT(4, bytes[3]);
  ASSERT(0, inet_pton(AF_INET, "8.8.4", bytes));
  ASSERT(0, inet_pton(AF_INET, "01.2.3.4", bytes));
  ASSERT(-1, inet_pton(AF_INET6, "::1", bytes));
  ASSERT(EAFNOSUPPORT, errno);
  ASSERT(1, inet_ntop(AF_INET, bytes, text, sizeof(text)) == text);
  ASSERT(0, strcmp(text, "8.8.4.4"));
  ASSERT(1, inet_ntop(AF_INET, bytes, text, 4) == NULL);
  ASSERT(ENOSPC, errno);
}

static void test_tcp_without_network(void) {
  struct sockaddr_in address;
  socklen_t length = sizeof(address);
  int option = 1;
  int type = 0;
  int not_sockets[2];
  int server = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  int client;
  ASSERT(1, server >= 0);
  ASSERT(0, setsockopt(server, SOL_SOCKET, SO_REUSEADDR, &option, sizeof(option)));
  length = sizeof(type);
  ASSERT(0, getsockopt(server, SOL_SOCKET, SO_TYPE, &type, &length));
  ASSERT(SOCK_STREAM, type);
  ASSERT(0, setsockopt(server, IPPROTO_TCP, TCP_NODELAY, &option, sizeof(option)));
  memset(&address, 0, sizeof(address));
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_ANY);
  address.sin_port = htons(0);
  ASSERT(0, bind(server, (struct sockaddr *)&address, sizeof(address)));
  ASSERT(0, listen(server, 10));
  length = sizeof(address);
  ASSERT(0, getsockname(server, (struct sockaddr *)&address, &length));
  ASSERT(sizeof(address), length);
  ASSERT(AF_INET, address.sin_family);
  ASSERT(1, ntohs(address.sin_port) != 0);
  client = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  ASSERT(1, client >= 0);
  ASSERT(-1, accept(server, NULL, NULL));
  ASSERT(EAGAIN, errno);
  ASSERT(-1, accept4(server, (struct sockaddr *)&address, &length, SOCK_CLOEXEC));
  ASSERT(EAGAIN, errno);
  ASSERT(-1, send(client, "x", 1, MSG_NOSIGNAL));
  ASSERT(1, errno == ENOTCONN || errno == EPIPE);
  ASSERT(-1, connect(client, (struct sockaddr *)&address, sizeof(address)));
  ASSERT(1, errno == ENETUNREACH || errno == EINPROGRESS || errno == ECONNREFUSED);
  ASSERT(-1, getpeername(server, (struct sockaddr *)&address, &length));
  ASSERT(ENOTCONN, errno);
  ASSERT(-1, bind(client, (struct sockaddr *)&address, 3));
  ASSERT(EINVAL, errno);
  ASSERT(-1, socket(12345, SOCK_STREAM, 0));
  ASSERT(EAFNOSUPPORT, errno);
  ASSERT(0, pipe(not_sockets));
  ASSERT(-1, listen(not_sockets[0], 1));
  ASSERT(ENOTSOCK, errno);
  close(not_sockets[0]);
  close(not_sockets[1]);
  close(client);
  close(server);
}

static void test_unix_socket_pair(void) {
  int pair[2];
  char buffer[16] = {0};
  struct msghdr message;
  struct iovec part;
  ASSERT(0, socketpair(AF_UNIX, SOCK_STREAM, 0, pair));
  ASSERT(5, send(pair[0], "hello", 5, 0));
  ASSERT(5, recv(pair[1], buffer, sizeof(buffer), 0));
  ASSERT(0, strcmp(buffer, "hello"));
  ASSERT(3, write(pair[1], "abc", 3));
  memset(&message, 0, sizeof(message));
  part.iov_base = buffer;
  part.iov_len = 2;
  message.msg_iov = &part;
  message.msg_iovlen = 1;
  ASSERT(2, recvmsg(pair[0], &message, 0));
  ASSERT(0, memcmp(buffer, "ab", 2));
  ASSERT(1, recv(pair[0], buffer, 1, MSG_PEEK));
  ASSERT(1, recvfrom(pair[0], buffer, 8, MSG_DONTWAIT, NULL, NULL));
  ASSERT('c', buffer[0]);
  ASSERT(-1, recv(pair[0], buffer, 8, MSG_DONTWAIT));
  ASSERT(EAGAIN, errno);
  ASSERT(0, shutdown(pair[1], SHUT_WR));
  ASSERT(0, recv(pair[0], buffer, 8, 0));
  close(pair[0]);
  close(pair[1]);
}

/* A listening Unix-domain socket: the child connects and sends, the parent accepts, answers
   and learns the peer's address family. */
static void test_unix_listen_accept(void) {
  struct sockaddr_un address;
  struct sockaddr_un peer;
  socklen_t peer_length = sizeof(peer);
  char buffer[16] = {0};
  int status = -1;
  int server = socket(AF_UNIX, SOCK_STREAM, 0);
  int connection;
  pid_t child;
  memset(&address, 0, sizeof(address));
  address.sun_family = AF_UNIX;
  snprintf(address.sun_path, sizeof(address.sun_path), "/tmp/oslab-socket-%d", getpid());
  ASSERT(0, bind(server, (struct sockaddr *)&address, sizeof(address)));
  ASSERT(0, listen(server, SOMAXCONN));
  child = fork();
  if (child == 0) {
    int client = socket(AF_UNIX, SOCK_STREAM, 0);
    char reply[8] = {0};
    if (connect(client, (struct sockaddr *)&address, sizeof(address)) != 0) _exit(1);
    if (write(client, "ping", 4) != 4) _exit(2);
    if (read(client, reply, sizeof(reply)) != 4 || strcmp(reply, "pong") != 0) _exit(3);
    _exit(0);
  }
  connection = accept(server, (struct sockaddr *)&peer, &peer_length);
  ASSERT(1, connection >= 0);
  ASSERT(AF_UNIX, peer.sun_family);
  ASSERT(4, read(connection, buffer, sizeof(buffer)));
  ASSERT(0, strcmp(buffer, "ping"));
  ASSERT(4, write(connection, "pong", 4));
  ASSERT(child, waitpid(child, &status, 0));
  ASSERT(0, status);
  close(connection);
  close(server);
  ASSERT(0, unlink(address.sun_path));
}

static void test_struct_layouts(void) {
  struct sockaddr_in in;
  ASSERT(16, sizeof(struct sockaddr));
  ASSERT(16, sizeof(struct sockaddr_in));
  ASSERT(28, sizeof(struct sockaddr_in6));
  ASSERT(128, sizeof(struct sockaddr_storage));
  ASSERT(110, sizeof(struct sockaddr_un));
  ASSERT(28, sizeof(struct msghdr));
  ASSERT(4, (char *)&in.sin_addr - (char *)&in);
}

int main(void) {
  test_byte_order_and_text();
  test_tcp_without_network();
  test_unix_socket_pair();
  test_unix_listen_accept();
  test_struct_layouts();
  return test_done();
}

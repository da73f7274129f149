/* Byte order and IPv4 text addresses. riscv is little-endian; network order is big-endian.
   inet_aton accepts the classic forms (a.b.c.d, a.b.c, a.b, a; each part decimal, octal with
   a leading 0, or hex with 0x), as glibc does. */
#include <errno.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

uint16_t htons(uint16_t host) {
  return (uint16_t)((host >> 8) | (host << 8));
}

uint16_t ntohs(uint16_t net) {
  return htons(net);
}

uint32_t htonl(uint32_t host) {
  return (host >> 24) | ((host >> 8) & 0xff00u) | ((host << 8) & 0xff0000u) | (host << 24);
}

uint32_t ntohl(uint32_t net) {
  return htonl(net);
}

static int digit_value(char c, unsigned int base) {
  unsigned int value;
  if (c >= '0' && c <= '9') value = (unsigned int)(c - '0');
  else if (c >= 'a' && c <= 'f') value = (unsigned int)(c - 'a' + 10);
  else if (c >= 'A' && c <= 'F') value = (unsigned int)(c - 'A' + 10);
  else return -1;
  return value < base ? (int)value : -1;
}

/* One dotted part; returns the text after it, or NULL when it is not a number that fits. */
static const char *parse_part(const char *text, unsigned long *value) {
  unsigned int base = 10;
  unsigned long long result = 0;
  int digits = 0;
  int d;
  if (text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
    base = 16;
    text += 2;
  } else if (text[0] == '0') {
    base = 8;
  }
  while ((d = digit_value(*text, base)) >= 0) {
    result = result * base + (unsigned int)d;
    if (result > 0xffffffffull) return NULL;
    text++;
    digits++;
  }
  if (digits == 0 && base != 16) return NULL;
  *value = (unsigned long)result;
  return text;
}

int inet_aton(const char *text, struct in_addr *addr) {
  unsigned long parts[4];
  unsigned long host;
  int count = 0;
  for (;;) {
    text = parse_part(text, &parts[count]);
    if (text == NULL) return 0;
    count++;
    if (*text != '.') break;
    if (count == 4) return 0;
    text++;
  }
  if (*text != '\0' && *text != ' ' && *text != '\t' && *text != '\n') return 0;
  switch (count) {
  case 1: host = parts[0]; break;
  case 2:
    if (parts[0] > 0xff || parts[1] > 0xffffff) return 0;
    host = (parts[0] << 24) | parts[1];
    break;
  case 3:
    if (parts[0] > 0xff || parts[1] > 0xff || parts[2] > 0xffff) return 0;
    host = (parts[0] << 24) | (parts[1] << 16) | parts[2];
    break;
  default:
    if (parts[0] > 0xff || parts[1] > 0xff || parts[2] > 0xff || parts[3] > 0xff) return 0;
    host = (parts[0] << 24) | (parts[1] << 16) | (parts[2] << 8) | parts[3];
    break;
  }
  if (addr != NULL) addr->s_addr = htonl((uint32_t)host);
  return 1;
}

in_addr_t inet_addr(const char *text) {
  struct in_addr addr;
  return inet_aton(text, &addr) ? addr.s_addr : INADDR_NONE;
}

/* inet_pton is strict: exactly four decimal parts of 0-255, no leading zeros beyond "0". */
static int parse_strict_ipv4(const char *text, unsigned char *out) {
  int part;
  for (part = 0; part < 4; part++) {
    unsigned int value = 0;
    int digits = 0;
    while (*text >= '0' && *text <= '9') {
      if (digits == 1 && value == 0) return 0;
      value = value * 10 + (unsigned int)(*text - '0');
      if (value > 255) return 0;
      text++;
      digits++;
    }
    if (digits == 0) return 0;
    out[part] = (unsigned char)value;
    if (part < 3 && *text++ != '.') return 0;
  }
  return *text == '\0';
}

int inet_pton(int family, const char *text, void *addr) {
  if (family != AF_INET) {
    errno = EAFNOSUPPORT;
    return -1;
  }
  return parse_strict_ipv4(text, (unsigned char *)addr);
}

static char *format_ipv4(const unsigned char *bytes, char *out) {
  char *p = out;
  int i;
  for (i = 0; i < 4; i++) {
    unsigned int v = bytes[i];
    if (v >= 100) *p++ = (char)('0' + v / 100);
    if (v >= 10) *p++ = (char)('0' + v / 10 % 10);
    *p++ = (char)('0' + v % 10);
    if (i < 3) *p++ = '.';
  }
  *p = '\0';
  return out;
}

const char *inet_ntop(int family, const void *addr, char *buf, socklen_t size) {
  char text[INET_ADDRSTRLEN];
  socklen_t length = 0;
  if (family != AF_INET) {
    errno = EAFNOSUPPORT;
    return NULL;
  }
  format_ipv4((const unsigned char *)addr, text);
  while (text[length] != '\0') length++;
  if (length + 1 > size) {
    errno = ENOSPC;
    return NULL;
  }
  for (size = 0; size <= length; size++) buf[size] = text[size];
  return buf;
}

/* One static buffer, as POSIX allows (and glibc does, per thread). */
char *inet_ntoa(struct in_addr addr) {
  static char text[INET_ADDRSTRLEN];
  return format_ipv4((const unsigned char *)&addr.s_addr, text);
}

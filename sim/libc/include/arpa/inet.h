/* Text ⇄ binary IPv4 addresses (IPv6 text forms are not supported yet: inet_pton and inet_ntop
   answer EAFNOSUPPORT for AF_INET6). */
#ifndef _ARPA_INET_H
#define _ARPA_INET_H

#include <netinet/in.h>

in_addr_t inet_addr(const char *text);
int inet_aton(const char *text, struct in_addr *addr);
char *inet_ntoa(struct in_addr addr);
int inet_pton(int family, const char *text, void *addr);
const char *inet_ntop(int family, const void *addr, char *buf, socklen_t size);

#endif

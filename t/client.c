/* SPDX-License-Identifier: ISC */
/* Client-side test helpers, independent of the library under test. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <sys/socket.h>
#include <sys/types.h>

#include "tap.h"
#include "testlib.h"

/*
 * Linux's bit 0x20 of tcpi_options, unnamed in musl's and old headers.
 * FreeBSD's TCP_INFO gives 0x20 another meaning (TCPI_OPT_TFO).
 */
#if defined(TCP_INFO) && !defined(TCPI_OPT_SYN_DATA) && \
    !defined(TCPI_OPT_TFO)
#define TCPI_OPT_SYN_DATA 32
#endif


int
test_sockaddr(const char *text, unsigned short port,
    struct sockaddr_storage *ss, socklen_t *len)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;
	char host[64];
	const char *pct = strchr(text, '%');

	memset(ss, 0, sizeof(*ss));
	if (inet_pton(AF_INET, text, &sin->sin_addr) == 1) {
		sin->sin_family = AF_INET;
		sin->sin_port = htons(port);
		*len = sizeof(*sin);
		return 0;
	}
	if (pct != NULL && (size_t)(pct - text) < sizeof(host)) {
		memcpy(host, text, (size_t)(pct - text));
		host[pct - text] = '\0';
		sin6->sin6_scope_id = if_nametoindex(pct + 1);
		if (sin6->sin6_scope_id == 0)
			return -1;
		text = host;
	}
	if (inet_pton(AF_INET6, text, &sin6->sin6_addr) != 1)
		return -1;
	sin6->sin6_family = AF_INET6;
	sin6->sin6_port = htons(port);
	*len = sizeof(*sin6);
	return 0;
}

void
test_pattern(char *buf, size_t len, unsigned int seed)
{
	unsigned int x = seed * 2654435761u + 1;
	size_t i;

	for (i = 0; i < len; i++) {
		x = x * 1103515245u + 12345u;
		buf[i] = (char)(x >> 16);
	}
}

void
test_put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

uint32_t
test_get32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

/*
 * The kernel's own record, by what the headers offer: Linux's TCP_INFO
 * SYN_DATA bit (client: SYN data acked; server: SYN data received), or
 * XNU's TCP_CONNECTION_INFO bits for the same two facts.  Elsewhere
 * (FreeBSD's TCP_INFO has only a "negotiated" bit) it cannot tell: 0.
 */
int
test_syn_data(int fd)
{
#if defined(TCP_INFO) && defined(TCPI_OPT_SYN_DATA)
	struct tcp_info info;
	socklen_t len = sizeof(info);

	if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &info, &len) == -1)
		return 0;
	return (info.tcpi_options & TCPI_OPT_SYN_DATA) != 0;
#elif defined(TCP_CONNECTION_INFO)
	struct tcp_connection_info info;
	socklen_t len = sizeof(info);

	memset(&info, 0, sizeof(info));
	if (getsockopt(fd, IPPROTO_TCP, TCP_CONNECTION_INFO, &info,
	    &len) == -1)
		return 0;
	return info.tcpi_tfo_syn_data_acked || info.tcpi_tfo_syn_data_rcv;
#else
	(void)fd;
	return 0;
#endif
}

int
test_finish_send(int fd, const char *buf, size_t len, size_t done,
    unsigned int timeout_s)
{
	struct pollfd pfd;
	int err = 0, r;
	socklen_t errlen = sizeof(err);
	ssize_t n;
	unsigned int rounds = 0;

	while (done < len || rounds == 0) {
		if (++rounds > 100000) {
			errno = ETIMEDOUT;
			return -1;
		}
		pfd.fd = fd;
		pfd.events = POLLOUT;
		r = poll(&pfd, 1, (int)timeout_s * 1000);
		if (r == -1 && errno == EINTR)
			continue;
		if (r <= 0) {
			errno = r == 0 ? ETIMEDOUT : errno;
			return -1;
		}
		if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &errlen) == -1)
			return -1;
		if (err != 0) {
			errno = err;
			return -1;
		}
		if (done == len)
			break;
		n = send(fd, buf + done, len - done, MSG_NOSIGNAL);
		if (n > 0)
			done += (size_t)n;
		else if (n == -1 && errno != EAGAIN && errno != EINTR)
			return -1;
	}
	return 0;
}

int
test_socket(int family, int nonblocking)
{
	int s = socket(family, SOCK_STREAM, 0);

	if (s == -1)
		bail("socket: %s", strerror(errno));
	if (nonblocking && fcntl(s, F_SETFL, fcntl(s, F_GETFL) | O_NONBLOCK)
	    == -1)
		bail("fcntl: %s", strerror(errno));
	return s;
}

/* SPDX-License-Identifier: ISC */
/* Creating and binding TCP sockets for the socket_* companions. */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>

#include "tfo_common.h"
#include "tfo_socket_new.h"

/*
 * A TCP socket of family; non-blocking like libowfat's socket_tcp4() when
 * asked.  IPv6 sockets accept IPv4 peers too (IPV6_V6ONLY off), and where
 * the system has no IPv6 an IPv4 socket is returned, as libowfat does.
 */
int
tfo_socket_new(int family, int nonblocking)
{
	int s, fl, zero = 0;

	s = socket(family, SOCK_STREAM, 0);
	if (s == -1 && family == AF_INET6 &&
	    (errno == EAFNOSUPPORT || errno == EINVAL))
		s = socket(AF_INET, SOCK_STREAM, 0);
	if (s == -1)
		return -1;
	if (family == AF_INET6)
		(void)setsockopt(s, IPPROTO_IPV6, IPV6_V6ONLY, &zero,
		    sizeof(zero));
	if (nonblocking &&
	    ((fl = fcntl(s, F_GETFL)) == -1 ||
	    fcntl(s, F_SETFL, fl | O_NONBLOCK) == -1)) {
		int saved = errno;

		close(s);
		errno = saved;
		return -1;
	}
	return s;
}

int
tfo_bind4(int s, const char *ip, uint16_t port, int reuse)
{
	struct sockaddr_in sin;
	int one = 1;

	if (reuse &&
	    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) == -1)
		return -1;
	tfo_sockaddr4(&sin, ip, port);	/* NULL ip: any address */
	return bind(s, (struct sockaddr *)&sin, sizeof(sin));
}

int
tfo_bind6(int s, const char *ip, uint16_t port, uint32_t scope_id, int reuse)
{
	static const char any[16];
	struct sockaddr_in6 sin6;
	int one = 1;

	if (ip == NULL)
		ip = any;
	/* An IPv4 socket from socket_tcp6() on a host without IPv6. */
	if (tfo_socket_family(s) == AF_INET &&
	    (tfo_ip6_is_v4mapped(ip) || memcmp(ip, any, 16) == 0))
		return tfo_bind4(s, memcmp(ip, any, 16) == 0 ? NULL : ip + 12,
		    port, reuse);
	if (reuse &&
	    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) == -1)
		return -1;
	tfo_sockaddr6(&sin6, ip, port, scope_id);
	return bind(s, (struct sockaddr *)&sin6, sizeof(sin6));
}

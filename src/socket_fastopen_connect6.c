/* SPDX-License-Identifier: ISC */
/* libowfat's socket_fastopen_connect6(), on the contract of tfo_connect(). */
#include "config.h"

#include <errno.h>
#include <netinet/in.h>

#include "tfo.h"
#include "tfo_socket.h"
#include "tfo_common.h"

ssize_t
socket_fastopen_connect6(int s, const char *ip, uint16 port, uint32 scope_id,
    const char *buf, size_t len)
{
	struct sockaddr_in6 sin6;
	struct sockaddr_in sin;

	if (ip == NULL) {
		errno = EINVAL;
		return -1;
	}
	/* Like libowfat: a v4-mapped address on an IPv4 socket goes as IPv4. */
	if (tfo_ip6_is_v4mapped(ip) && tfo_socket_family(s) == AF_INET) {
		tfo_sockaddr4(&sin, ip + 12, port);
		return tfo_connect(s, (struct sockaddr *)&sin, sizeof(sin),
		    buf, len, 0);
	}
	tfo_sockaddr6(&sin6, ip, port, scope_id);
	return tfo_connect(s, (struct sockaddr *)&sin6, sizeof(sin6), buf, len,
	    0);
}

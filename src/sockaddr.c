/* SPDX-License-Identifier: ISC */
/* Building socket addresses from libowfat's byte arrays, and back. */
#include "config.h"

#include <string.h>
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include "tfo_common.h"

void
tfo_sockaddr4(struct sockaddr_in *sin, const char ip[4], uint16_t port)
{
	memset(sin, 0, sizeof(*sin));
	sin->sin_family = AF_INET;
	sin->sin_port = htons(port);
	if (ip != NULL)
		memcpy(&sin->sin_addr, ip, 4);
}

void
tfo_sockaddr6(struct sockaddr_in6 *sin6, const char ip[16], uint16_t port,
    uint32_t scope_id)
{
	memset(sin6, 0, sizeof(*sin6));
	sin6->sin6_family = AF_INET6;
	sin6->sin6_port = htons(port);
	sin6->sin6_scope_id = scope_id;
	if (ip != NULL)
		memcpy(&sin6->sin6_addr, ip, 16);
}

/* The socket's address family, or -1 with errno (EBADF, ENOTSOCK). */
int
tfo_socket_family(int fd)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);

	memset(&ss, 0, sizeof(ss));
	if (getsockname(fd, (struct sockaddr *)&ss, &len) == -1)
		return -1;
	return ss.ss_family;
}

/* ::ffff:a.b.c.d, which libowfat sends over an IPv4 socket. */
int
tfo_ip6_is_v4mapped(const char ip[16])
{
	static const char prefix[12] =
	    { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (char)0xff, (char)0xff };

	return memcmp(ip, prefix, sizeof(prefix)) == 0;
}

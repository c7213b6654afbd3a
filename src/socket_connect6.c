/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <errno.h>
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>

#include "tfo_socket.h"
#include "tfo_common.h"

/* libowfat's socket_connect6(): connect(2) to [ip%scope_id]:port. */
int
socket_connect6(int s, const char *ip, uint16 port, uint32 scope_id)
{
	struct sockaddr_in6 sin6;

	if (ip == NULL) {
		errno = EINVAL;
		return -1;
	}
	if (tfo_ip6_is_v4mapped(ip) && tfo_socket_family(s) == AF_INET)
		return socket_connect4(s, ip + 12, port);
	tfo_sockaddr6(&sin6, ip, port, scope_id);
	return connect(s, (struct sockaddr *)&sin6, sizeof(sin6));
}

/* SPDX-License-Identifier: ISC */
/* libowfat's socket_fastopen_connect4(), on the contract of tfo_connect(). */
#include "config.h"

#include <errno.h>
#include <netinet/in.h>

#include "tfo.h"
#include "tfo_socket.h"
#include "tfo_common.h"

ssize_t
socket_fastopen_connect4(int s, const char *ip, uint16 port, const char *buf,
    size_t len)
{
	struct sockaddr_in sin;

	if (ip == NULL) {
		errno = EINVAL;
		return -1;
	}
	tfo_sockaddr4(&sin, ip, port);
	return tfo_connect(s, (struct sockaddr *)&sin, sizeof(sin), buf, len, 0);
}

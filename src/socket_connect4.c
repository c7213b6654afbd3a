/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <errno.h>
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>

#include "tfo_socket.h"
#include "tfo_common.h"

/* libowfat's socket_connect4(): connect(2) to ip:port. */
int
socket_connect4(int s, const char *ip, uint16 port)
{
	struct sockaddr_in sin;

	if (ip == NULL) {
		errno = EINVAL;
		return -1;
	}
	tfo_sockaddr4(&sin, ip, port);
	return connect(s, (struct sockaddr *)&sin, sizeof(sin));
}

/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <errno.h>
#include <sys/types.h>
#include <sys/socket.h>

#include "tfo_socket.h"

/*
 * libowfat's socket_connected(): 1 if s is connected, else 0 with errno
 * set to why (the connection's error, or ENOTCONN while it is under way).
 */
int
socket_connected(int s)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	int err = 0;
	socklen_t errlen = sizeof(err);

	if (getpeername(s, (struct sockaddr *)&ss, &len) == 0)
		return 1;
	if (errno == ENOTCONN &&
	    getsockopt(s, SOL_SOCKET, SO_ERROR, &err, &errlen) == 0 && err != 0)
		errno = err;
	return 0;
}

/* SPDX-License-Identifier: ISC */
/*
 * The client side where the kernel has no deferred connect that a
 * preload can reach: connect(2) is left untouched (tforun -c is a no-op).
 */
#include "config.h"

#include <errno.h>

#include "tforun.h"

int
tforun_client_arm(int fd)
{
	(void)fd;
	return 0;
}

int
tforun_client_disarm(int fd)
{
	(void)fd;
	return 1;
}

int
tforun_client_pending(int fd)
{
	(void)fd;
	return 0;
}

int
tforun_client_peername(int fd, struct sockaddr *addr, socklen_t *len)
{
	(void)fd;
	(void)addr;
	(void)len;
	errno = ENOTCONN;
	return -1;
}

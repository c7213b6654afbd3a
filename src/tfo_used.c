/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <errno.h>
#include <sys/types.h>
#include <sys/socket.h>

#include "tfo.h"
#include "tfo_impl.h"
#include "tfo_common.h"

/*
 * Did TFO carry data on this connection?  Each kernel's own answer, for a
 * TCP socket only: anything else gets the errno tfo_connect() gives it,
 * the same from every backend.
 */
int
tfo_used(int fd)
{
	int family, r, err = errno;

	if (tfo_check_stream(fd) == -1)
		return -1;	/* EBADF, ENOTSOCK, EPROTOTYPE */
	family = tfo_socket_family(fd);
	if (family == -1)
		return -1;
	if (family != AF_INET && family != AF_INET6) {
		errno = EAFNOSUPPORT;
		return -1;
	}
	/*
	 * An answer leaves errno as it was: backends probe with calls that
	 * may fail (getpeername()'s ENOTCONN before the SYN-ACK).
	 */
	if ((r = tfo_impl_used(fd)) != -1)
		errno = err;
	return r;
}

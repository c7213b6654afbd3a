/* SPDX-License-Identifier: ISC */
/*
 * No TFO on this system (or --with-backend=fallback): every call refuses,
 * and the common code connects plainly.  The answers say so honestly.
 */
#include "config.h"

#include <errno.h>
#include <sys/types.h>
#include <sys/socket.h>

#include "tfo.h"
#include "tfo_impl.h"

const char tfo_impl_name[] = "fallback";

/* an unknown kernel: assume the worst */
const int tfo_impl_send_dontwait = 0;

ssize_t
tfo_impl_connect_send(int fd, const struct sockaddr *addr, socklen_t addrlen,
    const void *buf, size_t len)
{
	(void)fd, (void)addr, (void)addrlen, (void)buf, (void)len;
	return TFO_IMPL_REFUSED;
}

int
tfo_impl_connect_deferred(int fd, const struct sockaddr *addr,
    socklen_t addrlen)
{
	(void)fd, (void)addr, (void)addrlen;
	return TFO_IMPL_REFUSED;
}

int
tfo_impl_server_enable(int fd, int qlen, enum tfo_impl_when when)
{
	(void)fd, (void)qlen;
	if (when == TFO_IMPL_LISTEN_HOOK)
		return 0;
	errno = ENOPROTOOPT;	/* what libowfat says without TCP_FASTOPEN */
	return -1;
}

int
tfo_impl_used(int fd)
{
	int type;
	socklen_t len = sizeof(type);

	/* Still tell a bad descriptor from a good one. */
	if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len) == -1)
		return -1;
	return TFO_NO;
}

int
tfo_impl_kernel_allows(int role)
{
	(void)role;
	return TFO_NO;
}

/* No state in one call: the common code asks getpeername(2). */
enum tfo_impl_state
tfo_impl_socket_state(int fd)
{
	(void)fd;
	return TFO_SOCK_UNTOLD;
}

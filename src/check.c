/* SPDX-License-Identifier: ISC */
/* Argument checks shared by every call that connects. */
#include "config.h"

#include <errno.h>
#include <stddef.h>
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>

#include "tfo.h"
#include "tfo_common.h"
#include "tfo_impl.h"

/*
 * The address must be IPv4 or IPv6 and long enough for its family; checked
 * before any system call so that a bad address never reaches the kernel.
 */
static int
check_address(const struct sockaddr *addr, socklen_t addrlen)
{
	socklen_t need;

	if (addr == NULL || addrlen < (socklen_t)sizeof(addr->sa_family)) {
		errno = EINVAL;
		return -1;
	}
	switch (addr->sa_family) {
	case AF_INET:
		need = sizeof(struct sockaddr_in);
		break;
	case AF_INET6:
		need = sizeof(struct sockaddr_in6);
		break;
	default:
		errno = EAFNOSUPPORT;
		return -1;
	}
	if (addrlen < need) {
		errno = EINVAL;
		return -1;
	}
	return 0;
}

/*
 * A TCP socket that has not begun to connect, in one system call where the
 * backend can tell; otherwise at least a stream socket, and the kernel
 * refuses the rest.
 */
static int
check_fresh(int fd)
{
	struct sockaddr_storage peer;
	socklen_t len = sizeof(peer);

	switch (tfo_impl_socket_state(fd)) {
	case TFO_SOCK_FRESH:
		return 0;
	case TFO_SOCK_CONNECTING:
		errno = EALREADY;
		return -1;
	case TFO_SOCK_CONNECTED:
	case TFO_SOCK_ENDED:
		errno = EISCONN;
		return -1;
	case TFO_SOCK_LISTENING:
		errno = EINVAL;
		return -1;
	case TFO_SOCK_UNTOLD:
		/*
		 * The type first (a connected UDP socket is EPROTOTYPE, as on
		 * Linux), then at least "connected", by getpeername(2): POSIX
		 * connect(2) says EISCONN then, but Linux's says 0 on a socket
		 * that a non-blocking connect(2) connected (the shims run
		 * there).
		 */
		if (tfo_check_stream(fd) == -1)
			return -1;
		if (getpeername(fd, (struct sockaddr *)&peer, &len) == 0) {
			errno = EISCONN;
			return -1;
		}
		return 0;
	default:	/* NOT_TCP: EBADF, ENOTSOCK, EPROTOTYPE */
		return tfo_check_stream(fd);
	}
}

/*
 * What every connecting call checks before a system call that could send:
 * flags the call knows (allowed), an address that fits its family, a TCP
 * socket not yet connecting.
 */
int
tfo_check_connect(int fd, const struct sockaddr *addr, socklen_t addrlen,
    int flags, int allowed)
{
	if ((flags & ~allowed) != 0) {
		errno = EINVAL;
		return -1;
	}
	if (check_address(addr, addrlen) == -1)
		return -1;
	return check_fresh(fd);
}

/*
 * Only TCP stream sockets: Linux ignores MSG_FASTOPEN on a UDP socket and
 * sends a datagram, so the type is checked before anything is sent.
 */
int
tfo_check_stream(int fd)
{
	int type = 0;
	socklen_t len = sizeof(type);

	if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len) == -1)
		return -1;	/* EBADF, ENOTSOCK */
	if (type != SOCK_STREAM) {
		errno = EPROTOTYPE;
		return -1;
	}
	return 0;
}

/* 1 if addr's family is the socket's, 0 if not, -1 with errno. */
int
tfo_address_fits_socket(int fd, const struct sockaddr *addr)
{
	int family = tfo_socket_family(fd);

	if (family == -1)
		return -1;
	return family == addr->sa_family;
}

/*
 * Kernels report a listening, a connected or a mismatched socket with
 * different errnos (EISCONN, EINVAL, EAFNOSUPPORT, EOPNOTSUPP); called on
 * a failure, this gives the same errno everywhere.  Costs system calls
 * only on the error path.
 */
void
tfo_explain_failure(int fd, const struct sockaddr *addr)
{
	int saved = errno, listening = 0, fits;
	socklen_t len = sizeof(listening);
	struct sockaddr_storage peer;
	socklen_t peerlen = sizeof(peer);

	switch (saved) {
	case EISCONN:
	case EINVAL:
	case EAFNOSUPPORT:
	case EOPNOTSUPP:
		break;
	default:
		return;
	}
	if (getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &len) == 0 &&
	    listening) {
		errno = EINVAL;
		return;
	}
	if (getpeername(fd, (struct sockaddr *)&peer, &peerlen) == 0) {
		errno = EISCONN;
		return;
	}
	fits = tfo_address_fits_socket(fd, addr);
	errno = fits == 0 ? EAFNOSUPPORT : saved;
}

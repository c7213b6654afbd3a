/* SPDX-License-Identifier: ISC */
/*
 * connect(2) to a port tforun -c named: the SYN waits for the first write.
 * getpeername(2) keeps working on such a socket; close(2) forgets it; a
 * second connect(2) says EISCONN, as on the connection the program
 * believes it has.
 */
#include "config.h"

#include <errno.h>
#include <unistd.h>
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>

#include "tforun.h"

static unsigned int
port_of(const struct sockaddr *addr, socklen_t len)
{
	if (addr == NULL)
		return 0;
	if (addr->sa_family == AF_INET && len >= sizeof(struct sockaddr_in))
		return ntohs(((const struct sockaddr_in *)addr)->sin_port);
	if (addr->sa_family == AF_INET6 && len >= sizeof(struct sockaddr_in6))
		return ntohs(((const struct sockaddr_in6 *)addr)->sin6_port);
	return 0;
}

int
connect(int fd, const struct sockaddr *addr, socklen_t len)
{
	TFORUN_REAL(int, (int, const struct sockaddr *, socklen_t),
	    "connect");
	enum tforun_mark m;
	unsigned int port;
	int r;

	if (real == NULL) {
		errno = ENOSYS;
		return -1;
	}
	m = tforun_mark_get(fd);
	if (m != TFORUN_NONE && (addr == NULL || addr->sa_family == AF_UNSPEC)) {
		/* Dissolved: the socket is the program's again, option too. */
		r = real(fd, addr, len);
		(void)tforun_client_disarm(fd);
		tforun_mark_set(fd, TFORUN_NONE);
		return r;
	}
	if (m != TFORUN_NONE) {
		if (m != TFORUN_ARMED && tforun_client_pending(fd)) {
			/* The program was told it is connected: so it is. */
			errno = EISCONN;
			return -1;
		}
		/* Still ours under way or up: the kernel's answer, kept. */
		if (!tforun_client_disarm(fd))
			return real(fd, addr, len);
		/* CLOSED again (a failed connect): a fresh start below. */
	}
	/* A new connection on this descriptor: whatever it was is gone. */
	tforun_mark_set(fd, TFORUN_NONE);
	port = port_of(addr, len);
	if (port == 0 || fd >= TFORUN_MAX_FD || !tforun_port_wanted(port) ||
	    !tforun_client_arm(fd))
		return real(fd, addr, len);
	r = real(fd, addr, len);
	if (r == 0 && tforun_client_pending(fd)) {
		tforun_mark_set(fd, TFORUN_PENDING);
		tforun_log(fd, "connect to port %u: the first write goes in the SYN", port);
	} else {
		tforun_mark_set(fd, TFORUN_ARMED);
		tforun_log(fd, "connect to port %u: no cookie yet, a plain handshake asks for one", port);
	}
	return r;
}

int
getpeername(int fd, struct sockaddr *addr, socklen_t *len)
{
	TFORUN_REAL(int, (int, struct sockaddr *, socklen_t *),
	    "getpeername");
	int saved_errno = errno, r;

	if (real == NULL) {
		errno = ENOSYS;
		return -1;
	}
	r = real(fd, addr, len);
	if (r == -1 && errno == ENOTCONN &&
	    tforun_mark_get(fd) != TFORUN_NONE &&
	    tforun_mark_get(fd) != TFORUN_ARMED) {
		/* The program saw connect() succeed: it is owed the peer. */
		if (tforun_client_peername(fd, addr, len) == 0) {
			errno = saved_errno;
			return 0;
		}
		errno = ENOTCONN;
	}
	return r;
}

int
close(int fd)
{
	TFORUN_REAL(int, (int), "close");

	if (real == NULL) {
		errno = ENOSYS;
		return -1;
	}
	tforun_mark_set(fd, TFORUN_NONE);
	return real(fd);
}

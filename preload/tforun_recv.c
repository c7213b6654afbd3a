/* SPDX-License-Identifier: ISC */
/*
 * Reading, or waiting to read, before the first write: on a deferred
 * socket nothing would ever arrive (no SYN has left), so the handshake is
 * started first, without data (tforun_kick()).  glibc's _FORTIFY_SOURCE
 * variants (__read_chk, ...) are what Debian's programs call.  epoll,
 * io_uring, recvmmsg and stdio's own reads are not covered: see
 * tforun(1), CAVEATS.
 */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <time.h>
#include <sys/types.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include "tforun.h"

/* Cheap for every descriptor: one byte read unless it is ours. */
#define KICK(fd) do { \
	if (tforun_mark_get(fd) == TFORUN_PENDING) \
		tforun_kick(fd); \
} while (0)

#define NEED(real) do { \
	if ((real) == NULL) { \
		errno = ENOSYS; \
		return -1; \
	} \
} while (0)

ssize_t
read(int fd, void *buf, size_t len)
{
	TFORUN_REAL(ssize_t, (int, void *, size_t), "read");

	NEED(real);
	KICK(fd);
	return real(fd, buf, len);
}

ssize_t
readv(int fd, const struct iovec *iov, int iovcnt)
{
	TFORUN_REAL(ssize_t, (int, const struct iovec *, int), "readv");

	NEED(real);
	KICK(fd);
	return real(fd, iov, iovcnt);
}

ssize_t
recv(int fd, void *buf, size_t len, int flags)
{
	TFORUN_REAL(ssize_t, (int, void *, size_t, int), "recv");

	NEED(real);
	KICK(fd);
	return real(fd, buf, len, flags);
}

ssize_t
recvfrom(int fd, void *buf, size_t len, int flags, struct sockaddr *from,
    socklen_t *fromlen)
{
	TFORUN_REAL(ssize_t, (int, void *, size_t, int, struct sockaddr *,
	    socklen_t *), "recvfrom");

	NEED(real);
	KICK(fd);
	return real(fd, buf, len, flags, from, fromlen);
}

ssize_t
recvmsg(int fd, struct msghdr *msg, int flags)
{
	TFORUN_REAL(ssize_t, (int, struct msghdr *, int), "recvmsg");

	NEED(real);
	KICK(fd);
	return real(fd, msg, flags);
}

/* Waiting for input only: a wait that includes POLLOUT ends at once. */
static void
kick_pollers(const struct pollfd *fds, nfds_t n)
{
	nfds_t i;

	for (i = 0; i < n; i++)
		if ((fds[i].events & POLLOUT) == 0)
			KICK(fds[i].fd);
}

int
poll(struct pollfd *fds, nfds_t n, int timeout)
{
	TFORUN_REAL(int, (struct pollfd *, nfds_t, int), "poll");

	NEED(real);
	kick_pollers(fds, n);
	return real(fds, n, timeout);
}

#ifdef HAVE_PPOLL
int
ppoll(struct pollfd *fds, nfds_t n, const struct timespec *timeout,
    const sigset_t *mask)
{
	TFORUN_REAL(int, (struct pollfd *, nfds_t, const struct timespec *,
	    const sigset_t *), "ppoll");

	NEED(real);
	kick_pollers(fds, n);
	return real(fds, n, timeout, mask);
}
#endif

static void
kick_selectors(int n, fd_set *r, fd_set *w)
{
	int fd;

	for (fd = 0; r != NULL && fd < n && fd < FD_SETSIZE; fd++)
		if (FD_ISSET(fd, r) && (w == NULL || !FD_ISSET(fd, w)))
			KICK(fd);
}

int
select(int n, fd_set *r, fd_set *w, fd_set *e, struct timeval *t)
{
	TFORUN_REAL(int, (int, fd_set *, fd_set *, fd_set *,
	    struct timeval *), "select");

	NEED(real);
	kick_selectors(n, r, w);
	return real(n, r, w, e, t);
}

int
pselect(int n, fd_set *r, fd_set *w, fd_set *e, const struct timespec *t,
    const sigset_t *mask)
{
	TFORUN_REAL(int, (int, fd_set *, fd_set *, fd_set *,
	    const struct timespec *, const sigset_t *), "pselect");

	NEED(real);
	kick_selectors(n, r, w);
	return real(n, r, w, e, t, mask);
}

#ifdef __GLIBC__
/* Declared here: glibc's headers show them only under _FORTIFY_SOURCE. */
ssize_t __read_chk(int, void *, size_t, size_t);
ssize_t __recv_chk(int, void *, size_t, size_t, int);
ssize_t __recvfrom_chk(int, void *, size_t, size_t, int, struct sockaddr *,
    socklen_t *);
int __poll_chk(struct pollfd *, nfds_t, int, size_t);
int __ppoll_chk(struct pollfd *, nfds_t, const struct timespec *,
    const sigset_t *, size_t);

ssize_t
__read_chk(int fd, void *buf, size_t len, size_t buflen)
{
	TFORUN_REAL(ssize_t, (int, void *, size_t, size_t), "__read_chk");

	NEED(real);
	KICK(fd);
	return real(fd, buf, len, buflen);
}

ssize_t
__recv_chk(int fd, void *buf, size_t len, size_t buflen, int flags)
{
	TFORUN_REAL(ssize_t, (int, void *, size_t, size_t, int),
	    "__recv_chk");

	NEED(real);
	KICK(fd);
	return real(fd, buf, len, buflen, flags);
}

ssize_t
__recvfrom_chk(int fd, void *buf, size_t len, size_t buflen, int flags,
    struct sockaddr *from, socklen_t *fromlen)
{
	TFORUN_REAL(ssize_t, (int, void *, size_t, size_t, int,
	    struct sockaddr *, socklen_t *), "__recvfrom_chk");

	NEED(real);
	KICK(fd);
	return real(fd, buf, len, buflen, flags, from, fromlen);
}

int
__poll_chk(struct pollfd *fds, nfds_t n, int timeout, size_t fdslen)
{
	TFORUN_REAL(int, (struct pollfd *, nfds_t, int, size_t),
	    "__poll_chk");

	NEED(real);
	kick_pollers(fds, n);
	return real(fds, n, timeout, fdslen);
}

int
__ppoll_chk(struct pollfd *fds, nfds_t n, const struct timespec *timeout,
    const sigset_t *mask, size_t fdslen)
{
	TFORUN_REAL(int, (struct pollfd *, nfds_t, const struct timespec *,
	    const sigset_t *, size_t), "__ppoll_chk");

	NEED(real);
	kick_pollers(fds, n);
	return real(fds, n, timeout, mask, fdslen);
}
#endif

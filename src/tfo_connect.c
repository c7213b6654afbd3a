/* SPDX-License-Identifier: ISC */
/*
 * tfo_connect(): the contract, written once for every backend.
 *   >= 0  bytes the kernel accepted (blocking socket: all of them);
 *   -1/EINPROGRESS  non-blocking, under way, nothing queued;
 *   -1/other  failed, nothing queued.
 * A kernel that refuses TFO gets a plain connect on the same call.
 * TFO_DONTWAIT gives every socket the non-blocking answers, and spares the
 * fast path the call that asks the socket's mode.
 */
#include "config.h"

#include <errno.h>
#include <stddef.h>
#include <sys/types.h>
#include <sys/socket.h>

#include "tfo.h"
#include "tfo_impl.h"
#include "tfo_common.h"

/*
 * The backend accepted done bytes, or none with EINPROGRESS (done -1).  A
 * non-blocking caller gets that answer; a blocking one gets what a
 * blocking connect(2) and write(2) give: the handshake is over, and the
 * rest is sent.  Even with every byte in the SYN the call waits: a
 * close(2) while the SYN is still unanswered (a lost SYN, a full listen
 * queue) would silently discard the data.
 */
static ssize_t
complete_if_blocking(int fd, const char *buf, size_t len, ssize_t done,
    int blocking)
{
	tfo_deadline deadline;
	int r;

	if (!blocking) {
		if (done == -1)
			errno = EINPROGRESS;
		return done;
	}
	if (done >= 0 && (size_t)done == len && tfo_established(fd))
		return done;	/* the usual case: the SYN-ACK came at once */
	deadline = tfo_send_deadline(fd);
	r = tfo_finish_connect(fd, deadline);
	if (r != 0) {
		/*
		 * Bytes rode in the SYN: once the kernel took them, only a
		 * count says so; -1 would say nothing was queued, and a
		 * retry would send them twice.  So the count, whenever the
		 * wait ended early (SO_SNDTIMEO, a failed poll) or a TFO
		 * server that read them reset the connection (ENOTCONN: it
		 * is gone, its error taken already).  A refusal or no
		 * answer at all is the connection's failure: say so.
		 */
		if (done > 0 && (r == TFO_WAIT_FAILED || errno == ECONNRESET ||
		    errno == EPIPE || errno == ENOTCONN))
			return done;
		return -1;
	}
	return tfo_send_rest(fd, buf, len, done == -1 ? 0 : (size_t)done,
	    deadline);
}

/* The backend's answer to a caller who will not wait. */
static ssize_t
without_waiting(ssize_t done)
{
	if (done == -1)
		errno = EINPROGRESS;
	return done;
}

static ssize_t
plain(int fd, const struct sockaddr *addr, socklen_t addrlen,
    const char *buf, size_t len, int flags)
{
	if (flags & TFO_DONTWAIT)
		return tfo_plain_connect_send_nowait(fd, addr, addrlen, buf,
		    len);
	return tfo_plain_connect_send(fd, addr, addrlen, buf, len);
}

/* The kernel refused TFO: fall back, or say so when the caller asked. */
static ssize_t
refused(int fd, const struct sockaddr *addr, socklen_t addrlen,
    const char *buf, size_t len, int flags)
{
	if (flags & TFO_NO_FALLBACK) {
		errno = EOPNOTSUPP;
		return -1;
	}
	return plain(fd, addr, addrlen, buf, len, flags);
}

ssize_t
tfo_connect(int fd, const struct sockaddr *addr, socklen_t addrlen,
    const void *buf, size_t len, int flags)
{
	int saved_errno = errno;
	ssize_t n;
	int blocking = 0;

	if (buf == NULL && len > 0) {
		errno = EINVAL;
		return -1;
	}
	if (tfo_check_connect(fd, addr, addrlen, flags,
	    TFO_NO_FALLBACK | TFO_DONTWAIT) == -1)
		return -1;

	if (len == 0)	/* nothing to carry: a connect is all there is */
		n = plain(fd, addr, addrlen, buf, 0, flags);
	else if (tfo_verdict_refused())
		n = refused(fd, addr, addrlen, buf, len, flags);
	else if (!(flags & TFO_DONTWAIT) &&
	    (blocking = tfo_is_blocking(fd)) == -1)
		n = -1;	/* asked first: after the send, -1 could hide bytes */
	else {
		n = tfo_impl_connect_send(fd, addr, addrlen, buf, len);
		if (n == TFO_IMPL_REFUSED) {
			if (tfo_verdict_take_refusal(fd, addr) == -1)
				return -1;
			n = refused(fd, addr, addrlen, buf, len, flags);
		} else if (n == TFO_IMPL_NOT_HERE)
			n = refused(fd, addr, addrlen, buf, len, flags);
		else if (n >= 0 || errno == EINPROGRESS)
			n = flags & TFO_DONTWAIT ? without_waiting(n) :
			    complete_if_blocking(fd, buf, len, n, blocking);
	}
	if (n == -1) {
		tfo_explain_failure(fd, addr);
		return -1;
	}
	errno = saved_errno;
	return n;
}

/* SPDX-License-Identifier: ISC */
/*
 * The plain path: connect(2), then send(2).  Where TFO is refused, by the
 * kernel at run time or by the build, every call lands here, so it must
 * keep the same contract as the TFO path.
 */
#include "config.h"

#include <errno.h>
#include <stddef.h>
#include <sys/types.h>
#include <sys/socket.h>

#include "tfo_common.h"
#include "tfo_impl.h"

/*
 * connect(2), except that a blocking connect interrupted by a signal is
 * waited for instead of failing with EINTR: the kernel goes on connecting
 * in the background, and a caller's retry would only get EALREADY.
 */
int
tfo_plain_connect(int fd, const struct sockaddr *addr, socklen_t addrlen)
{
	if (connect(fd, addr, addrlen) == 0)
		return 0;
	if (errno != EINTR)
		return -1;
	return tfo_finish_connect(fd, tfo_send_deadline(fd)) == 0 ? 0 : -1;
}

ssize_t
tfo_plain_connect_send(int fd, const struct sockaddr *addr,
    socklen_t addrlen, const char *buf, size_t len)
{
	ssize_t n;
	int blocking, nosigpipe;

	/* Asked before connecting: a failure after it would hide the state. */
	blocking = tfo_is_blocking(fd);
	if (blocking == -1)
		return -1;
	if (tfo_plain_connect(fd, addr, addrlen) == -1)
		return -1;	/* EINPROGRESS on a non-blocking socket */
	if (len == 0)
		return 0;
	if (blocking)
		return tfo_send_rest(fd, buf, len, 0, tfo_send_deadline(fd));
	nosigpipe = tfo_nosigpipe_begin(fd);
	n = send(fd, buf, len, TFO_SEND_FLAGS);
	tfo_nosigpipe_end(fd, nosigpipe);
	if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK))
		return 0;	/* connected, nothing accepted yet */
	return n;
}

/*
 * TFO_DONTWAIT: connect(2) has no per-call MSG_DONTWAIT, so a blocking
 * socket is made non-blocking for the length of the call and put back.
 * Another thread using the same socket meanwhile would see O_NONBLOCK; only
 * this slow path (TFO refused, or nothing to send) pays for it.
 */
ssize_t
tfo_plain_connect_send_nowait(int fd, const struct sockaddr *addr,
    socklen_t addrlen, const char *buf, size_t len)
{
	int fl = tfo_nonblock_begin(fd);
	ssize_t n;

	if (fl == -1)
		return -1;
	n = tfo_plain_connect_send(fd, addr, addrlen, buf, len);
	tfo_nonblock_end(fd, fl);
	return n;
}

/* SPDX-License-Identifier: ISC */
/*
 * Waiting on a blocking socket.  The library never blocks inside a send: it
 * sends with MSG_DONTWAIT and waits here with poll(2), so a signal can
 * interrupt only the wait, never a send, and no byte is sent twice.
 */
#include "config.h"

#include <errno.h>
#include <stddef.h>
#include <fcntl.h>
#include <poll.h>
#include <time.h>
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/time.h>

#include "tfo_common.h"
#include "tfo_impl.h"

/* 1 if fd blocks, 0 if O_NONBLOCK is set, -1 with errno. */
int
tfo_is_blocking(int fd)
{
	int fl = fcntl(fd, F_GETFL);

	if (fl == -1)
		return -1;
	return (fl & O_NONBLOCK) == 0;
}

int
tfo_nonblock_begin(int fd)
{
	int fl = fcntl(fd, F_GETFL);

	if (fl == -1)
		return -1;
	if ((fl & O_NONBLOCK) == 0 && fcntl(fd, F_SETFL, fl | O_NONBLOCK) == -1)
		return -1;
	return fl;
}

void
tfo_nonblock_end(int fd, int flags)
{
	int saved_errno = errno;

	if ((flags & O_NONBLOCK) == 0)
		(void)fcntl(fd, F_SETFL, flags);
	errno = saved_errno;
}

static int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * A blocking send honours SO_SNDTIMEO; so do the library's waits.  No
 * timeout set (or an unreadable one) means wait for ever.
 */
tfo_deadline
tfo_send_deadline(int fd)
{
	struct timeval tv;
	socklen_t len = sizeof(tv);
	int64_t ms;

	if (getsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, &len) == -1 ||
	    (tv.tv_sec == 0 && tv.tv_usec == 0))
		return -1;
	ms = (int64_t)tv.tv_sec * 1000 + (tv.tv_usec + 999) / 1000;
	return now_ms() + ms;
}

/*
 * Wait until fd is writable or has an error.  0 when it is, -1 with
 * EAGAIN when the deadline passed, -1 with errno from poll(2).  EINTR is
 * absorbed: the wait simply resumes with the time that is left.
 */
int
tfo_wait_writable(int fd, tfo_deadline deadline)
{
	struct pollfd pfd;
	int timeout, r;
	int64_t left;

	for (;;) {
		timeout = -1;
		if (deadline != -1) {
			left = deadline - now_ms();
			if (left <= 0) {
				errno = EAGAIN;
				return -1;
			}
			timeout = left > 0x7fffffff ? 0x7fffffff : (int)left;
		}
		pfd.fd = fd;
		pfd.events = POLLOUT;
		pfd.revents = 0;
		r = poll(&pfd, 1, timeout);
		if (r > 0)
			return 0;
		if (r == -1 && errno != EINTR)
			return -1;
	}
}

/*
 * 1 if the connection is up and writable right now, without waiting: the
 * common case after a SYN on loopback or a fast path.  0 otherwise.
 */
int
tfo_established(int fd)
{
	struct pollfd pfd;

	pfd.fd = fd;
	pfd.events = POLLOUT;
	pfd.revents = 0;
	return poll(&pfd, 1, 0) == 1 && pfd.revents == POLLOUT;
}

/*
 * Wait for a connection under way to finish.  0 when connected; -1 with
 * the connection's error, or with EINPROGRESS when the deadline passed
 * first (what a blocking connect(2) says when SO_SNDTIMEO expires).
 */
int
tfo_finish_connect(int fd, tfo_deadline deadline)
{
	int err = 0;
	socklen_t len = sizeof(err);

	if (tfo_wait_writable(fd, deadline) == -1) {
		if (errno == EAGAIN)
			errno = EINPROGRESS;
		return -1;
	}
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) == -1)
		return -1;
	if (err != 0) {
		errno = err;
		return -1;
	}
	return 0;
}

/*
 * Some kernels (macOS, FreeBSD) say ENOTCONN for a moment after a connect
 * that queued data, while poll(2) already says writable.  Give such a
 * socket a bounded while: 0 to try again, -1 with errno to give up.
 */
static int
settle_notconn(int fd, unsigned int *tries)
{
	struct timespec pause = { 0, 1000000 };	/* 1 ms */
	int err = 0;
	socklen_t len = sizeof(err);

	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) == 0 && err != 0) {
		errno = err;
		return -1;
	}
	if (++*tries > 2000) {	/* 2 s */
		errno = ENOTCONN;
		return -1;
	}
	nanosleep(&pause, NULL);
	return 0;
}

/*
 * Send buf[done..len) on a connected blocking socket, as write(2) would:
 * returns len; or, when SO_SNDTIMEO expires or the connection fails, the
 * bytes accepted so far if there are any (the peer may hold them: -1
 * would say nothing was queued), else -1 with errno.
 */
ssize_t
tfo_send_rest(int fd, const char *buf, size_t len, size_t done,
    tfo_deadline deadline)
{
	unsigned int notconn_tries = 0;
	ssize_t n;

	while (done < len) {
		n = send(fd, buf + done, len - done, TFO_SEND_FLAGS);
		if (n > 0) {
			done += (size_t)n;
			continue;
		}
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && errno == ENOTCONN &&
		    settle_notconn(fd, &notconn_tries) == 0)
			continue;
		if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			if (tfo_wait_writable(fd, deadline) == 0)
				continue;
		}
		return done > 0 ? (ssize_t)done : -1;
	}
	return (ssize_t)done;
}

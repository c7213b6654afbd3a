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
 * A system call that failed for want of memory or buffers (ENOMEM,
 * ENOBUFS, EAGAIN from poll(2)) may succeed a moment later: pause 1 ms
 * and say whether to try again, at most TRANSIENT_TRIES times a wait.
 */
#define TRANSIENT_TRIES 1000

static int
transient(int err)
{
	return err == ENOMEM || err == ENOBUFS || err == EAGAIN;
}

static int
pause_for_retry(unsigned int *tries)
{
	struct timespec pause = { 0, 1000000 };	/* 1 ms */

	if (++*tries > TRANSIENT_TRIES)
		return 0;
	nanosleep(&pause, NULL);
	return 1;
}

/*
 * Wait until fd is writable or has an error: its poll(2) revents (> 0),
 * -1 with EAGAIN when the deadline passed, or -1 with poll's errno once
 * retrying it did not help.  EINTR is absorbed: the wait resumes with the
 * time that is left.
 */
static int
wait_writable(int fd, tfo_deadline deadline, unsigned int *tries)
{
	struct pollfd pfd;
	int timeout, r, e;
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
		if (r > 0 && pfd.revents != 0)
			return pfd.revents;
		if (r == -1 && errno != EINTR) {
			e = errno;
			if (!transient(e) || !pause_for_retry(tries)) {
				errno = e == EAGAIN ? ENOMEM : e;
				return -1;
			}
		}
	}
}

int
tfo_wait_writable(int fd, tfo_deadline deadline)
{
	unsigned int tries = 0;

	return wait_writable(fd, deadline, &tries) == -1 ? -1 : 0;
}

/*
 * Whether the handshake on fd is over, asked of the kernel rather than
 * inferred from one wake-up (poll(2) may report readiness that is not
 * there, as select(2) documents): 1 connected, 0 still connecting, -1
 * with the connection's error.  revents: what poll said, 0 for none.
 */
static int
handshake_over(int fd, int revents)
{
	int err = 0;
	socklen_t len = sizeof(err);
	struct sockaddr_storage peer;
	socklen_t plen = sizeof(peer);

	switch (tfo_impl_socket_state(fd)) {
	case TFO_SOCK_CONNECTED:
		return 1;
	case TFO_SOCK_CONNECTING:
		return 0;
	default:
		break;
	}
	/* Closed, or a kernel that cannot say: the error, then the peer. */
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) == 0 && err != 0) {
		errno = err;
		return -1;
	}
	if (getpeername(fd, (struct sockaddr *)&peer, &plen) == 0)
		return 1;
	if (errno != ENOTCONN)
		return -1;
	if (revents & (POLLHUP | POLLERR)) {
		errno = ENOTCONN;	/* gone, its error already taken */
		return -1;
	}
	return 0;
}

/* Never reads SO_ERROR: that would take the error from the caller. */
int
tfo_established(int fd)
{
	struct pollfd pfd;
	struct sockaddr_storage peer;
	socklen_t plen = sizeof(peer);

	switch (tfo_impl_socket_state(fd)) {
	case TFO_SOCK_CONNECTED:
		return 1;
	case TFO_SOCK_UNTOLD:
	case TFO_SOCK_NOT_TCP:
		break;
	default:
		return 0;
	}
	pfd.fd = fd;
	pfd.events = POLLOUT;
	pfd.revents = 0;
	return poll(&pfd, 1, 0) == 1 && pfd.revents == POLLOUT &&
	    getpeername(fd, (struct sockaddr *)&peer, &plen) == 0;
}

int
tfo_finish_connect(int fd, tfo_deadline deadline)
{
	struct timespec pause = { 0, 1000000 };	/* 1 ms */
	unsigned int tries = 0;
	int revents, r;

	for (;;) {
		revents = wait_writable(fd, deadline, &tries);
		if (revents == -1) {
			if (errno == EAGAIN)
				errno = EINPROGRESS;
			return TFO_WAIT_FAILED;
		}
		r = handshake_over(fd, revents);
		if (r == 1)
			return 0;
		if (r == -1)
			return -1;
		/* Woken while still connecting: look again shortly. */
		nanosleep(&pause, NULL);
	}
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
 * A send that cannot say MSG_NOSIGNAL (macOS before 11) needs SO_NOSIGPIPE
 * on the socket: set for the one call and put back, so that the caller's
 * socket options stay the caller's.  Returns what to restore, -1: none.
 */
int
tfo_nosigpipe_begin(int fd)
{
#ifdef TFO_NEED_NOSIGPIPE
	int old = 0, one = 1, err = errno;
	socklen_t len = sizeof(old);

	if (getsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &old, &len) == -1 ||
	    old != 0 || setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &one,
	    sizeof(one)) == -1) {
		errno = err;
		return -1;
	}
	errno = err;
	return old;
#else
	(void)fd;
	return -1;
#endif
}

void
tfo_nosigpipe_end(int fd, int old)
{
#ifdef TFO_NEED_NOSIGPIPE
	int err = errno;

	if (old != -1)
		(void)setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &old,
		    sizeof(old));
	errno = err;
#else
	(void)fd, (void)old;
#endif
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
	unsigned int notconn_tries = 0, tries = 0;
	int nosigpipe = tfo_nosigpipe_begin(fd), fl = -1;
	ssize_t n;

	/* Where MSG_DONTWAIT may still sleep, O_NONBLOCK for the sends. */
	if (!tfo_impl_send_dontwait && (fl = tfo_nonblock_begin(fd)) == -1) {
		tfo_nosigpipe_end(fd, nosigpipe);
		return done > 0 ? (ssize_t)done : -1;
	}

	while (done < len) {
		n = send(fd, buf + done, len - done, TFO_SEND_FLAGS);
		if (n > 0) {
			done += (size_t)n;
			continue;
		}
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && (errno == ENOBUFS || errno == ENOMEM) &&
		    pause_for_retry(&tries))
			continue;
		if (n == -1 && errno == ENOTCONN &&
		    settle_notconn(fd, &notconn_tries) == 0)
			continue;
		if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			if (tfo_wait_writable(fd, deadline) == 0)
				continue;
		}
		break;
	}
	if (fl != -1)
		tfo_nonblock_end(fd, fl);
	tfo_nosigpipe_end(fd, nosigpipe);
	if (done < len && done == 0)
		return -1;
	return (ssize_t)done;
}

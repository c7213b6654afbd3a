/* SPDX-License-Identifier: ISC */
/*
 * Copying between stdin/stdout and a connected socket, each direction to
 * its own end: the peer's FIN ends only the reading, stdin's end is passed
 * on with shutdown(SHUT_WR), and the relay is over when both have ended.
 * The socket is made non-blocking so that a peer that stops reading
 * cannot stop the other direction; stdin and stdout keep their modes
 * (O_NONBLOCK would change them for every process sharing them).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>

#include "tfo.h"
#include "tfocat.h"

#define RELAY_BUF 16384

struct relay {
	int sock, in, out;
	const char *up;		/* bytes from in not yet sent */
	size_t up_len;
	char up_buf[RELAY_BUF];
	size_t down_off, down_len;	/* bytes from sock not yet written out */
	char down_buf[RELAY_BUF];
	int in_open;		/* in may give more */
	int shut;		/* shutdown(SHUT_WR) done */
	int sock_readable;	/* no FIN from the peer yet */
	int sock_hup;		/* POLLHUP seen: nothing more to poll for */
};

ssize_t
tfocat_read_full(int fd, char *buf, size_t len)
{
	size_t done = 0;
	ssize_t n;

	while (done < len) {
		n = read(fd, buf + done, len - done);
		if (n == 0)
			break;
		if (n == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		done += (size_t)n;
	}
	return (ssize_t)done;
}

long long
tfocat_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int
fail(const struct relay *r, const char *what)
{
	int e = errno;

	if (r->up_len > 0 || r->in_open)
		fprintf(stderr, "tfocat: %s: %s (%zu bytes of input not sent%s)"
		    "\n", what, strerror(e), r->up_len, r->in_open ?
		    ", and the rest of input not read" : "");
	else
		fprintf(stderr, "tfocat: %s: %s\n", what, strerror(e));
	errno = e;
	return -1;
}

/* One step of each direction that poll() found ready; -1 on failure. */
static int
move(struct relay *r, const struct pollfd *pfd)
{
	ssize_t n;
	int err = 0;
	socklen_t len = sizeof(err);

	if (pfd[0].revents & POLLERR) {
		/* An error nobody asked for (a reset while only stdin was polled). */
		if (getsockopt(r->sock, SOL_SOCKET, SO_ERROR, &err, &len) == 0 &&
		    err != 0) {
			errno = err;
			return fail(r, "connection");
		}
	}
	if (pfd[0].revents & POLLHUP)
		r->sock_hup = 1;
	if (r->sock_readable && r->down_len == 0 &&
	    (pfd[0].revents & (POLLIN | POLLHUP | POLLERR))) {
		n = read(r->sock, r->down_buf, sizeof(r->down_buf));
		if (n == 0)
			r->sock_readable = 0;
		else if (n > 0)
			r->down_off = 0, r->down_len = (size_t)n;
		else if (errno != EINTR && errno != EAGAIN)
			return fail(r, "receive");
	}
	if (r->up_len > 0 && (pfd[0].revents & (POLLOUT | POLLHUP | POLLERR))) {
		n = write(r->sock, r->up, r->up_len);
		if (n > 0)
			r->up += n, r->up_len -= (size_t)n;
		else if (n == -1 && errno != EINTR && errno != EAGAIN)
			return fail(r, "send");
	}
	if (r->down_len > 0 && (pfd[2].revents & (POLLOUT | POLLERR | POLLHUP))) {
		n = write(r->out, r->down_buf + r->down_off, r->down_len);
		if (n > 0)
			r->down_off += (size_t)n, r->down_len -= (size_t)n;
		else if (n == -1 && errno != EINTR && errno != EAGAIN)
			return fail(r, "standard output");
	}
	if (r->in_open && r->up_len == 0 &&
	    (pfd[1].revents & (POLLIN | POLLHUP | POLLERR))) {
		n = read(r->in, r->up_buf, sizeof(r->up_buf));
		if (n == 0)
			r->in_open = 0;
		else if (n > 0)
			r->up = r->up_buf, r->up_len = (size_t)n;
		else if (errno != EINTR && errno != EAGAIN)
			return fail(r, "standard input");
	}
	return 0;
}

int
tfocat_relay(int sock, int in, int out, const char *first, size_t first_len,
    long idle_s, long quit_s)
{
	struct relay r;
	struct pollfd pfd[3];
	long long quit_at = -1, now;
	int flags, timeout, ready;

	memset(&r, 0, sizeof(r));
	r.sock = sock, r.in = in, r.out = out;
	r.up = first, r.up_len = first_len;
	r.in_open = in != -1;
	r.sock_readable = 1;
	flags = fcntl(sock, F_GETFL);
	if (flags == -1 || fcntl(sock, F_SETFL, flags | O_NONBLOCK) == -1)
		return fail(&r, "socket");
	for (;;) {
		if (!r.in_open && r.up_len == 0 && !r.shut) {
			/* As nc -N: the peer learns that input has ended. */
			if (shutdown(sock, SHUT_WR) == -1 && errno != ENOTCONN)
				return fail(&r, "shutdown");
			r.shut = 1;
			if (quit_s >= 0)
				quit_at = tfocat_now_ms() + quit_s * 1000;
		}
		if (r.shut && !r.sock_readable && r.down_len == 0)
			return 0;
		now = tfocat_now_ms();
		if (quit_at >= 0 && now >= quit_at)
			return 0;	/* -q: everything of ours was sent */
		pfd[0].fd = sock;
		pfd[0].events = (r.up_len > 0 ? POLLOUT : 0) |
		    (r.sock_readable && r.down_len == 0 ? POLLIN : 0);
		if (pfd[0].events == 0 && r.sock_hup)
			pfd[0].fd = -1;	/* else POLLHUP wakes us for ever */
		pfd[1].fd = r.in_open && r.up_len == 0 ? in : -1;
		pfd[1].events = POLLIN;
		pfd[2].fd = r.down_len > 0 ? out : -1;
		pfd[2].events = POLLOUT;
		timeout = idle_s >= 0 ? (int)(idle_s * 1000) : -1;
		if (quit_at >= 0 && (timeout < 0 || quit_at - now < timeout))
			timeout = (int)(quit_at - now);
		ready = poll(pfd, 3, timeout);
		if (ready == -1) {
			if (errno == EINTR)
				continue;
			return fail(&r, "poll");
		}
		if (ready == 0) {
			if (quit_at >= 0 && tfocat_now_ms() >= quit_at)
				return 0;
			/* -w: idle for the whole timeout. */
			errno = ETIMEDOUT;
			if (r.down_len > 0)
				return fail(&r, "standard output");
			if (r.up_len > 0)
				return fail(&r, "send");
			return 0;
		}
		if (move(&r, pfd) == -1)
			return -1;
	}
}

const char *
tfocat_used_text(int answer)
{
	switch (answer) {
	case TFO_YES:
		return "yes";
	case TFO_NO:
		return "no";
	case TFO_NEGOTIATED:
		return "negotiated (data in SYN not known)";
	default:
		return "unknown";
	}
}

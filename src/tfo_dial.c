/* SPDX-License-Identifier: ISC */
/*
 * tfo_dial(): a host name to a connected socket, racing its addresses as
 * RFC 8305 (Happy Eyeballs v2) says, each attempt with the first bytes in
 * its SYN through tfo_connect()'s contract.  One thread, one poll(2)
 * loop, non-blocking sockets; the winner is handed back blocking.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>

#include "tfo.h"
#include "tfo_common.h"

#define DEFAULT_ATTEMPT_DELAY_MS 250	/* RFC 8305 section 5 */
#define MIN_ATTEMPT_DELAY_MS 10		/* its lower bound, a MUST */
#define MAX_ATTEMPTS 64			/* addresses tried, at most */

struct attempt {
	int fd;			/* -1: not started, or over */
	size_t accepted;	/* bytes the kernel took with the connect */
};

struct race {
	struct addrinfo *addr[MAX_ATTEMPTS];	/* in RFC 8305 order */
	struct attempt at[MAX_ATTEMPTS];
	int n, started, pending;
	int last_error;
	const char *buf;
	size_t len;
	int flags;
};

static int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* getaddrinfo()'s answer as an errno; its own code stays in opts. */
static int
resolver_errno(int gai)
{
	switch (gai) {
	case EAI_AGAIN: return EAGAIN;
	case EAI_MEMORY: return ENOMEM;
	case EAI_FAMILY: return EAFNOSUPPORT;
	case EAI_SYSTEM: return errno != 0 ? errno : EIO;
	case EAI_NONAME: case EAI_SERVICE: return ENOENT;
	default: return gai == EAI_FAIL ? EIO : ENOENT;	/* EAI_NODATA */
	}
}

/*
 * RFC 8305 section 4: alternate the families, starting with the family of
 * the address getaddrinfo() (RFC 6724) put first.
 */
static void
order(struct race *r, struct addrinfo *res)
{
	struct addrinfo *ai, *first[MAX_ATTEMPTS], *other[MAX_ATTEMPTS];
	int nf = 0, no = 0, i = 0, j = 0;

	for (ai = res; ai != NULL; ai = ai->ai_next) {
		if (ai->ai_family == res->ai_family && nf < MAX_ATTEMPTS)
			first[nf++] = ai;
		else if (ai->ai_family != res->ai_family && no < MAX_ATTEMPTS)
			other[no++] = ai;
	}
	r->n = 0;
	while ((i < nf || j < no) && r->n < MAX_ATTEMPTS) {
		if (i < nf)
			r->addr[r->n++] = first[i++];
		if (j < no && r->n < MAX_ATTEMPTS)
			r->addr[r->n++] = other[j++];
	}
}

static void
end_attempt(struct race *r, int k, int err)
{
	close(r->at[k].fd);
	r->at[k].fd = -1;
	r->pending--;
	if (err != 0)
		r->last_error = err;
}

/* Start attempt k; a failure at once is recorded, not returned. */
static void
start(struct race *r, int k)
{
	const struct addrinfo *ai = r->addr[k];
	ssize_t n;
	int fd, fl;

	r->started++;
	r->at[k].fd = -1;
	r->at[k].accepted = 0;
	fd = socket(ai->ai_family, SOCK_STREAM, IPPROTO_TCP);
	if (fd == -1) {
		r->last_error = errno;
		return;
	}
	if ((fl = fcntl(fd, F_GETFL)) == -1 ||
	    fcntl(fd, F_SETFL, fl | O_NONBLOCK) == -1) {
		r->last_error = errno;
		close(fd);
		return;
	}
	r->at[k].fd = fd;
	r->pending++;
	if (r->flags & TFO_DIAL_ONE_SERVER)
		n = connect(fd, ai->ai_addr, ai->ai_addrlen) == 0 ? 0 : -1;
	else
		n = tfo_connect(fd, ai->ai_addr, ai->ai_addrlen, r->buf,
		    r->len, TFO_DONTWAIT | (r->flags & TFO_NO_FALLBACK));
	if (n >= 0)
		r->at[k].accepted = (size_t)n;
	else if (errno != EINPROGRESS)
		end_attempt(r, k, errno);
}

/* 1: attempt k's handshake is over; 0: not yet; -1: it failed (ended). */
static int
check(struct race *r, int k, short revents)
{
	struct sockaddr_storage peer;
	socklen_t plen = sizeof(peer);
	int err = 0;
	socklen_t len = sizeof(err);

	if (getsockopt(r->at[k].fd, SOL_SOCKET, SO_ERROR, &err, &len) == -1)
		err = errno;
	if (err == 0 && getpeername(r->at[k].fd, (struct sockaddr *)&peer,
	    &plen) == 0)
		return 1;
	if (err == 0 && !(revents & (POLLERR | POLLHUP)))
		return 0;	/* readiness that is not there */
	end_attempt(r, k, err != 0 ? err : ECONNREFUSED);
	return -1;
}

/* Wait for a winner: its index, or -1 with errno. */
static int
race(struct race *r, int64_t deadline, int delay_ms)
{
	struct pollfd pfd[MAX_ATTEMPTS];
	int idx[MAX_ATTEMPTS];
	int64_t next_start = now_ms(), now;
	int np, k, timeout, ready;

	for (;;) {
		now = now_ms();
		/* The next attempt: its time came, or nothing is pending. */
		if (r->started < r->n && (now >= next_start || r->pending == 0)) {
			start(r, r->started);
			next_start = now + delay_ms;
			continue;
		}
		if (r->pending == 0) {
			errno = r->last_error != 0 ? r->last_error :
			    ECONNREFUSED;
			return -1;
		}
		if (deadline != -1 && now >= deadline) {
			errno = ETIMEDOUT;
			return -1;
		}
		np = 0;
		for (k = 0; k < r->started; k++)
			if (r->at[k].fd != -1) {
				pfd[np].fd = r->at[k].fd;
				pfd[np].events = POLLOUT;
				pfd[np].revents = 0;
				idx[np++] = k;
			}
		timeout = -1;
		if (r->started < r->n)
			timeout = (int)(next_start - now);
		if (deadline != -1 && (timeout == -1 || deadline - now < timeout))
			timeout = (int)(deadline - now);
		ready = poll(pfd, (nfds_t)np, timeout);
		if (ready == -1 && errno != EINTR && errno != ENOMEM &&
		    errno != EAGAIN)
			return -1;
		if (ready <= 0)
			continue;
		for (k = 0; k < np; k++) {
			if (pfd[k].revents == 0)
				continue;
			if (check(r, idx[k], pfd[k].revents) == 1)
				return idx[k];
			/* A failure starts the next attempt at once (sec. 5). */
			if (r->at[idx[k]].fd == -1)
				next_start = now_ms();
		}
	}
}

static void
close_all(struct race *r, int except)
{
	int k;

	for (k = 0; k < r->started; k++)
		if (k != except && r->at[k].fd != -1)
			close(r->at[k].fd);
}

int
tfo_dial(const char *host, const char *service, const void *buf, size_t len,
    int flags, struct tfo_dial_opts *opts)
{
	struct addrinfo hints, *res = NULL;
	struct race *r;
	int64_t deadline = -1;
	int delay_ms = DEFAULT_ATTEMPT_DELAY_MS, family = AF_UNSPEC;
	int gai, win, fd, fl, e;
	ssize_t sent;

	if (host == NULL || service == NULL || (buf == NULL && len > 0) ||
	    (flags & ~(TFO_NO_FALLBACK | TFO_DIAL_ONE_SERVER)) != 0 ||
	    (opts != NULL && (opts->timeout_ms < 0 ||
	    opts->attempt_delay_ms < 0))) {
		errno = EINVAL;
		return -1;
	}
	if (opts != NULL) {
		opts->gai_error = 0;
		family = opts->family;
		if (opts->timeout_ms > 0)
			deadline = now_ms() + opts->timeout_ms;
		if (opts->attempt_delay_ms > 0)
			delay_ms = opts->attempt_delay_ms;
	}
	if (family != AF_UNSPEC && family != AF_INET && family != AF_INET6) {
		errno = EAFNOSUPPORT;
		return -1;
	}
	if (delay_ms < MIN_ATTEMPT_DELAY_MS)
		delay_ms = MIN_ATTEMPT_DELAY_MS;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = family;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_protocol = IPPROTO_TCP;
	hints.ai_flags = AI_ADDRCONFIG;
	errno = 0;
	gai = getaddrinfo(host, service, &hints, &res);
	if (gai != 0) {
		e = resolver_errno(gai);
		if (opts != NULL)
			opts->gai_error = gai;
		errno = e;
		return -1;
	}
	r = calloc(1, sizeof(*r));
	if (r == NULL) {
		freeaddrinfo(res);
		errno = ENOMEM;
		return -1;
	}
	r->buf = buf;
	r->len = len;
	r->flags = flags;
	order(r, res);

	win = race(r, deadline, delay_ms);
	e = errno;
	close_all(r, win);
	freeaddrinfo(res);
	if (win == -1) {
		free(r);
		errno = e;
		return -1;
	}
	fd = r->at[win].fd;
	sent = (ssize_t)r->at[win].accepted;
	free(r);

	/* The caller gets a blocking socket, as from socket(2). */
	if ((fl = fcntl(fd, F_GETFL)) == -1 ||
	    fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) == -1)
		goto fail;
	if ((size_t)sent < len) {
		sent = tfo_send_rest(fd, buf, len, (size_t)sent, deadline);
		if (sent < 0 || (size_t)sent < len) {
			if (sent >= 0 || errno == EAGAIN)
				errno = ETIMEDOUT;
			goto fail;
		}
	}
	return fd;
fail:
	e = errno;
	close(fd);
	errno = e;
	return -1;
}

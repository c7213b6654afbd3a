/* SPDX-License-Identifier: ISC */
/*
 * tfocat HOST PORT: connect at once, with what stdin has ready within a
 * short wait riding in the SYN, then relay.  The socket is non-blocking
 * from the start so that -w bounds the connect, and a refused address
 * costs no more than its refusal.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/types.h>

#include "tfo.h"
#include "tfocat.h"

struct first_chunk {
	char data[TFOCAT_FIRST_CHUNK];
	size_t len;
	int in;		/* 0, or -1 once stdin has ended (or is closed) */
};

/* What stdin has within wait_ms: one read, never more than one chunk. */
static int
read_first_chunk(struct first_chunk *f, long wait_ms)
{
	struct pollfd pfd = { 0, POLLIN, 0 };
	ssize_t n;
	int r;

	f->len = 0;
	f->in = 0;
	do
		r = poll(&pfd, 1, (int)wait_ms);
	while (r == -1 && errno == EINTR);
	if (r == -1 || (pfd.revents & POLLNVAL)) {
		f->in = -1;	/* stdin closed: nothing to send */
		return 0;
	}
	if (r == 0)
		return 0;
	do
		n = read(0, f->data, sizeof(f->data));
	while (n == -1 && errno == EINTR);
	if (n == -1) {
		perror("tfocat: standard input");
		return -1;
	}
	if (n == 0)
		f->in = -1;
	f->len = (size_t)n;
	return 0;
}

/* -s and -p: the local end, in the family of the address to reach. */
static int
bind_source(int fd, const struct addrinfo *target, const struct tfocat_opts *o)
{
	struct addrinfo hints, *res;
	int one = 1, r;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = target->ai_family;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV |
	    (o->numeric ? AI_NUMERICHOST : 0);
	r = getaddrinfo(o->source, o->source_port != NULL ? o->source_port :
	    "0", &hints, &res);
	if (r != 0) {
		fprintf(stderr, "tfocat: source %s: %s\n", o->source != NULL ?
		    o->source : "address", gai_strerror(r));
		return -1;
	}
	(void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	r = bind(fd, res->ai_addr, res->ai_addrlen);
	if (r == -1) {
		char text[NI_MAXHOST + 16];

		fprintf(stderr, "tfocat: bind %s: %s\n", tfocat_addr_text(
		    res->ai_addr, res->ai_addrlen, text, sizeof(text)),
		    strerror(errno));
	}
	freeaddrinfo(res);
	return r;
}

/* Wait for the handshake of a non-blocking connect; 0 or -1 with errno. */
static int
wait_connected(int fd, long timeout_s)
{
	struct pollfd pfd;
	long long end = timeout_s >= 0 ?
	    tfocat_now_ms() + timeout_s * 1000 : -1, left;
	int r, err = 0;
	socklen_t len = sizeof(err);

	for (;;) {
		pfd.fd = fd;
		pfd.events = POLLOUT;
		left = end < 0 ? -1 : end - tfocat_now_ms();
		r = poll(&pfd, 1, end < 0 ? -1 : (int)(left > 0 ? left : 0));
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1)
			return -1;
		if (r == 0) {
			errno = ETIMEDOUT;
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
}

/*
 * Connect to one address; the socket, or -1 with errno.  *accepted: bytes
 * of the first chunk the kernel took with the connect.
 */
static int
try_address(const struct addrinfo *ai, const struct first_chunk *f,
    const struct tfocat_opts *o, ssize_t *accepted)
{
	int fd, e;

	fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
	if (fd == -1)
		return -1;
	if ((o->source != NULL || o->source_port != NULL) &&
	    bind_source(fd, ai, o) == -1) {
		e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) == -1)
		goto failed;
	*accepted = tfo_connect(fd, ai->ai_addr, ai->ai_addrlen, f->data,
	    f->len, 0);
	if (*accepted == -1) {
		if (errno != EINPROGRESS)
			goto failed;
		*accepted = 0;
	}
	/* Refused or timed out: the server kept none of the bytes. */
	if (wait_connected(fd, o->timeout_s) == -1)
		goto failed;
	return fd;
failed:
	e = errno;
	close(fd);
	errno = e;
	return -1;
}

static void
report(int fd, const char *host, const struct first_chunk *f,
    ssize_t accepted)
{
	struct sockaddr_storage peer, local;
	socklen_t plen = sizeof(peer), llen = sizeof(local);
	char ptext[NI_MAXHOST + 16], ltext[NI_MAXHOST + 16];

	if (getpeername(fd, (struct sockaddr *)&peer, &plen) == -1 ||
	    getsockname(fd, (struct sockaddr *)&local, &llen) == -1)
		return;
	fprintf(stderr, "tfocat: connected to %s (%s) from %s, %zd of %zu "
	    "first bytes sent with the connect, data in SYN: %s (backend "
	    "%s)\n", host, tfocat_addr_text((struct sockaddr *)&peer, plen,
	    ptext, sizeof(ptext)), tfocat_addr_text((struct sockaddr *)&local,
	    llen, ltext, sizeof(ltext)), accepted, f->len,
	    tfocat_used_text(tfo_used(fd)), tfo_backend());
}

/* tfo_dial(): every address of host raced, the first bytes in the SYN. */
static int
dial(const char *host, const char *port, struct first_chunk *f,
    const struct tfocat_opts *o)
{
	struct tfo_dial_opts d;
	int fd, r;

	if (!o->zero_io && read_first_chunk(f, o->first_wait_ms) == -1)
		return -1;
	memset(&d, 0, sizeof(d));
	d.family = o->family;
	if (o->timeout_s > 0)
		d.timeout_ms = (int)(o->timeout_s * 1000);
	fd = tfo_dial(host, port, f->data, f->len, 0, &d);
	if (fd == -1) {
		if (d.gai_error != 0)
			fprintf(stderr, "tfocat: %s: %s\n", host,
			    gai_strerror(d.gai_error));
		else
			fprintf(stderr, "tfocat: connect to %s port %s: %s\n",
			    host, port, strerror(errno));
		return -1;
	}
	if (o->verbose)
		report(fd, host, f, (ssize_t)f->len);
	if (o->zero_io) {
		close(fd);
		return 0;
	}
	r = tfocat_relay(fd, f->in, 1, NULL, 0, o->timeout_s, o->quit_s);
	close(fd);
	return r;
}

int
tfocat_client(const char *host, const char *port_text,
    const struct tfocat_opts *o)
{
	static struct first_chunk f;
	struct addrinfo hints, *res, *ai;
	char port[8], text[NI_MAXHOST + 16];
	ssize_t accepted = 0;
	int fd = -1, r, err = 0;

	if (tfocat_port(port_text, 0, port, sizeof(port)) == -1) {
		fprintf(stderr, "tfocat: port %s: not a port number (1-65535) "
		    "or a TCP service name\n", port_text);
		return -1;
	}
	/* A name, with nothing to bind: race its addresses (RFC 8305). */
	if (!o->numeric && o->source == NULL && o->source_port == NULL)
		return dial(host, port, &f, o);
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = o->family;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICSERV | (o->numeric ? AI_NUMERICHOST : 0);
	r = getaddrinfo(host, port, &hints, &res);
	if (r != 0) {
		fprintf(stderr, "tfocat: %s: %s\n", host, gai_strerror(r));
		return -1;
	}
	if (!o->zero_io && read_first_chunk(&f, o->first_wait_ms) == -1) {
		freeaddrinfo(res);
		return -1;
	}
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		fd = try_address(ai, &f, o, &accepted);
		if (fd != -1)
			break;
		err = errno;
		fprintf(stderr, "tfocat: connect to %s: %s\n", tfocat_addr_text(
		    ai->ai_addr, ai->ai_addrlen, text, sizeof(text)),
		    strerror(err));
	}
	freeaddrinfo(res);
	if (fd == -1)
		return -1;
	if (o->verbose)
		report(fd, host, &f, accepted);
	if (o->zero_io) {
		close(fd);
		return 0;
	}
	r = tfocat_relay(fd, f.in, 1, f.data + accepted,
	    f.len - (size_t)accepted, o->timeout_s, o->quit_s);
	close(fd);
	return r;
}

/* SPDX-License-Identifier: ISC */
/*
 * The fuzz target: the argument checking of tfo_connect(),
 * tfo_connect_deferred(), socket_fastopen_connect4() and
 * socket_fastopen_connect6().  The input picks the call, the kind of fd,
 * the address family, length and bytes, the flags, the buffer and its
 * length, and the namespace's tcp_fastopen.  Destinations are forced into
 * 127.0.0.0/8 or ::1, inside a private network namespace, so no fuzz input
 * can send a packet anywhere else.  A broken invariant aborts.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/un.h>

#include "tfo.h"
#include "tfo_socket.h"
#include "tfo_common.h"	/* tfo_verdict_refused(): static builds only */
#include "netns.h"
#include "fuzz.h"

#define MAX_LEN 70000	/* fits a loopback socket buffer: no long blocking */

enum fd_kind {
	FD_TCP4, FD_TCP6, FD_TCP4_NB, FD_TCP6_NB, FD_CLOSED, FD_MINUS1,
	FD_PIPE, FD_UDP4, FD_UDP6, FD_LISTENING, FD_CONNECTED, FD_UNIX_STREAM,
	FD_UNIX_DGRAM, FD_DEVNULL, FD_SHUT, FD_REFUSED, FD_V6ONLY, FD_KINDS
};

static int listener4 = -1, listener6 = -1, closed4 = -1, closed6 = -1;
static uint16_t port4, port6, closedport4, closedport6;
static int current_mode = -1;
static int linux_backend;	/* the one backend that sees this kernel */
static int trace;		/* TFO_FUZZ_TRACE set: one line per call */

static const char *const api_names[] = { "tfo_connect",
    "tfo_connect_deferred", "socket_fastopen_connect4",
    "socket_fastopen_connect6" };
static const char *const kind_names[] = { "tcp4", "tcp6", "tcp4-nonblock",
    "tcp6-nonblock", "closed-fd", "fd-1", "pipe", "udp4", "udp6",
    "listening", "connected", "unix-stream", "unix-dgram", "/dev/null",
    "tcp4-shut-wr", "tcp4-refused-before", "tcp6-v6only" };

/* Reads the input a field at a time; zeros once it runs out. */
struct input {
	const uint8_t *p;
	size_t left;
};

static uint32_t
take(struct input *in, int bytes)
{
	uint32_t v = 0;

	while (bytes-- > 0) {
		v <<= 8;
		if (in->left > 0) {
			v |= *in->p++;
			in->left--;
		}
	}
	return v;
}

static void
fail(const char *what, long got, int err)
{
	/* stdout too: it is the replay's TAP log. */
	printf("# fuzz invariant broken: %s (got %ld, errno %d %s)\n", what,
	    got, err, strerror(err));
	fflush(stdout);
	fprintf(stderr, "fuzz invariant broken: %s (got %ld, errno %d %s)\n",
	    what, got, err, strerror(err));
	abort();
}

/* Server-side TFO where the headers have it; else none (as t/server.c). */
static int
listen_tfo(int fd, int qlen)
{
#ifdef TCP_FASTOPEN
	return setsockopt(fd, IPPROTO_TCP, TCP_FASTOPEN, &qlen, sizeof(qlen));
#else
	(void)fd, (void)qlen;
	return 0;
#endif
}

static int
bound_socket(int family, int type, uint16_t *port, int do_listen)
{
	struct sockaddr_storage ss;
	struct sockaddr_in *sin = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;
	socklen_t len;
	int s = socket(family, type, 0);

	if (s == -1)
		return -1;
	memset(&ss, 0, sizeof(ss));
	if (family == AF_INET) {
		sin->sin_family = AF_INET;
		sin->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		len = sizeof(*sin);
	} else {
		sin6->sin6_family = AF_INET6;
		sin6->sin6_addr = in6addr_loopback;
		len = sizeof(*sin6);
	}
	if (bind(s, (struct sockaddr *)&ss, len) == -1 ||
	    (do_listen && (listen(s, 128) == -1 || listen_tfo(s, 64) == -1 ||
	    fcntl(s, F_SETFL, O_NONBLOCK) == -1)) ||
	    getsockname(s, (struct sockaddr *)&ss, &len) == -1) {
		close(s);
		return -1;
	}
	*port = ntohs(family == AF_INET ? sin->sin_port : sin6->sin6_port);
	return s;
}

int
fuzz_setup(char *why, size_t whylen)
{
	if (netns_enter(3, why, whylen) != 0)
		return -1;
	current_mode = 3;
	linux_backend = strcmp(tfo_backend(), "linux") == 0;
	trace = getenv("TFO_FUZZ_TRACE") != NULL;
	listener4 = bound_socket(AF_INET, SOCK_STREAM, &port4, 1);
	listener6 = bound_socket(AF_INET6, SOCK_STREAM, &port6, 1);
	/* Bound, never listening: connections to these are refused. */
	closed4 = bound_socket(AF_INET, SOCK_STREAM, &closedport4, 0);
	closed6 = bound_socket(AF_INET6, SOCK_STREAM, &closedport6, 0);
	if (listener4 == -1 || listener6 == -1 || closed4 == -1 ||
	    closed6 == -1) {
		snprintf(why, whylen, "loopback sockets: %s", strerror(errno));
		return -1;
	}
	return 0;
}

static void
set_mode(int mode)
{
	char text[16];

	if (mode == current_mode)
		return;
	snprintf(text, sizeof(text), "%d", mode);
	if (netns_write_file("/proc/sys/net/ipv4/tcp_fastopen", text) == -1)
		fail("writing the namespace's tcp_fastopen", mode, errno);
	current_mode = mode;
}

/* Accept and close what the calls left in the listeners' queues. */
static void
drain(void)
{
	int fd;

	while ((fd = accept(listener4, NULL, NULL)) != -1)
		close(fd);
	while ((fd = accept(listener6, NULL, NULL)) != -1)
		close(fd);
}

static int
tcp_socket(int family, int nonblocking)
{
	/* A bound on every blocking wait the library makes (SO_SNDTIMEO). */
	struct timeval tv = { 0, 200000 };
	int s = socket(family, SOCK_STREAM, 0);

	if (s == -1)
		fail("socket", -1, errno);
	(void)setsockopt(s, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	if (nonblocking && fcntl(s, F_SETFL, O_NONBLOCK) == -1)
		fail("fcntl", -1, errno);
	return s;
}

/* The fd of the given kind; *extra gets a second fd to close, or -1. */
static int
make_fd(enum fd_kind kind, int *extra)
{
	struct sockaddr_in sin;
	int fds[2], s;

	*extra = -1;
	switch (kind) {
	case FD_TCP4:
		return tcp_socket(AF_INET, 0);
	case FD_TCP6:
		return tcp_socket(AF_INET6, 0);
	case FD_TCP4_NB:
		return tcp_socket(AF_INET, 1);
	case FD_TCP6_NB:
		return tcp_socket(AF_INET6, 1);
	case FD_CLOSED:
		s = dup(0);
		if (s == -1)
			s = 1000;
		else
			close(s);
		return s;
	case FD_MINUS1:
		return -1;
	case FD_PIPE:
		if (pipe(fds) == -1)
			fail("pipe", -1, errno);
		*extra = fds[0];
		return fds[1];
	case FD_UDP4:
		return socket(AF_INET, SOCK_DGRAM, 0);
	case FD_UDP6:
		return socket(AF_INET6, SOCK_DGRAM, 0);
	case FD_LISTENING:
		return bound_socket(AF_INET, SOCK_STREAM, &sin.sin_port, 1);
	case FD_CONNECTED:
		s = tcp_socket(AF_INET, 0);
		memset(&sin, 0, sizeof(sin));
		sin.sin_family = AF_INET;
		sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		sin.sin_port = htons(port4);
		if (connect(s, (struct sockaddr *)&sin, sizeof(sin)) == -1)
			fail("connecting the connected fd", -1, errno);
		return s;
	case FD_UNIX_STREAM:
		if (socketpair(AF_UNIX, SOCK_STREAM, 0, fds) == -1)
			fail("socketpair", -1, errno);
		*extra = fds[1];
		return fds[0];
	case FD_UNIX_DGRAM:
		return socket(AF_UNIX, SOCK_DGRAM, 0);
	case FD_SHUT:	/* unconnected, yet SHUT_WR is recorded (Linux) */
		s = tcp_socket(AF_INET, 0);
		(void)shutdown(s, SHUT_WR);
		return s;
	case FD_REFUSED:	/* a connect was refused: may connect again */
		s = tcp_socket(AF_INET, 0);
		memset(&sin, 0, sizeof(sin));
		sin.sin_family = AF_INET;
		sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		sin.sin_port = htons(closedport4);
		if (connect(s, (struct sockaddr *)&sin, sizeof(sin)) == 0)
			fail("connecting to the closed port", 0, 0);
		return s;
	case FD_V6ONLY:	/* v4-mapped destinations are refused */
		s = tcp_socket(AF_INET6, 0);
		fds[0] = 1;
		(void)setsockopt(s, IPPROTO_IPV6, IPV6_V6ONLY, &fds[0],
		    sizeof(fds[0]));
		return s;
	case FD_DEVNULL:
	default:
		return open("/dev/null", O_RDWR);
	}
}

/* Build a destination from the input; always loopback. */
static void
make_address(struct input *in, struct sockaddr_storage *ss, int family,
    uint16_t port)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;
	uint32_t low = take(in, 3);

	/* Random bytes first, so fields the checks ignore vary too. */
	for (size_t i = 0; i < sizeof(*ss); i++)
		((uint8_t *)ss)[i] = (uint8_t)take(in, 1);
	ss->ss_family = (sa_family_t)family;
	if (family == AF_INET) {
		sin->sin_port = htons(port);
		sin->sin_addr.s_addr = htonl(0x7f000000u | low);
	} else if (family == AF_INET6) {
		sin6->sin6_port = htons(port);
		if (low & 1) {	/* ::ffff:127.x.y.z */
			memset(&sin6->sin6_addr, 0, 10);
			memset((char *)&sin6->sin6_addr + 10, 0xff, 2);
			low = htonl(0x7f000000u | (low >> 1));
			memcpy((char *)&sin6->sin6_addr + 12, &low, 4);
		} else
			sin6->sin6_addr = in6addr_loopback;
	}
}

static int
is_fresh_tcp(enum fd_kind kind)
{
	return kind == FD_TCP4 || kind == FD_TCP6 || kind == FD_TCP4_NB ||
	    kind == FD_TCP6_NB || kind == FD_V6ONLY;
}

/* TCP sockets in odd states that the kernel still lets connect. */
static int
may_connect(enum fd_kind kind)
{
	return is_fresh_tcp(kind) || kind == FD_SHUT || kind == FD_REFUSED;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* An exhausted input reads zeros: let those mean TFO on. */
	static const int modes[4] = { 3, 1, 0x207, 0 };
	struct input in = { data, size };
	struct sockaddr_storage ss;
	enum fd_kind kind;
	uint32_t api, familybyte, addrlen, flags, len, nulls, portsel;
	uint16_t port;
	int fd, extra, family, nonblocking, e;
	char *buf = NULL;
	long r;
	int refused_before, known, dontwait;

	api = take(&in, 1) % 4;
	kind = (enum fd_kind)(take(&in, 1) % FD_KINDS);
	set_mode(modes[take(&in, 1) % 4]);
	familybyte = take(&in, 1);
	family = familybyte < 110 ? AF_INET : familybyte < 220 ? AF_INET6 :
	    (int)(familybyte - 220);	/* AF_UNSPEC, AF_UNIX, others */
	addrlen = take(&in, 1);
	addrlen = addrlen < 200 ? (family == AF_INET6 ?
	    sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in)) :
	    (addrlen - 200) % (sizeof(ss) + 1);
	flags = take(&in, 1);
	flags = (flags & 0x80) ? take(&in, 4) : (flags & 3);
	len = take(&in, 3) % (MAX_LEN + 1);
	nulls = take(&in, 1);	/* bit 0: buf NULL, bit 1: addr/ip NULL */
	portsel = take(&in, 2);
	port = (portsel & 3) == 0 ? (uint16_t)(portsel >> 2) :
	    (portsel & 3) == 1 ? (family == AF_INET6 ? closedport6 :
	    closedport4) : (family == AF_INET6 ? port6 : port4);
	make_address(&in, &ss, family, port);

	if (!(nulls & 1) && (buf = malloc(len ? len : 1)) != NULL)
		for (size_t i = 0; i < len; i++)	/* the rest of the input */
			buf[i] = in.left ? (char)in.p[i % in.left] : 'x';
	fd = make_fd(kind, &extra);
	nonblocking = kind == FD_TCP4_NB || kind == FD_TCP6_NB;
	/* TFO_DONTWAIT is tfo_connect()'s alone. */
	known = api == 0 ? TFO_NO_FALLBACK | TFO_DONTWAIT : TFO_NO_FALLBACK;
	dontwait = api == 0 && (flags & TFO_DONTWAIT) && !(flags & ~known);

	refused_before = tfo_verdict_refused();
	errno = 0;
	switch (api) {
	case 0:
		r = tfo_connect(fd, (nulls & 2) ? NULL : (struct sockaddr *)&ss,
		    addrlen, buf, len, (int)flags);
		break;
	case 1:
		r = tfo_connect_deferred(fd, (nulls & 2) ? NULL :
		    (struct sockaddr *)&ss, addrlen, (int)flags);
		break;
	case 2:
		r = socket_fastopen_connect4(fd, (nulls & 2) ? NULL :
		    (char *)&((struct sockaddr_in *)&ss)->sin_addr, port, buf,
		    len);
		break;
	default:
		r = socket_fastopen_connect6(fd, (nulls & 2) ? NULL :
		    (char *)&((struct sockaddr_in6 *)&ss)->sin6_addr, port,
		    ((struct sockaddr_in6 *)&ss)->sin6_scope_id, buf, len);
		break;
	}
	e = errno;

	if (trace)	/* a census of outcomes: sort | uniq -c */
		printf("# trace: %s fd=%s -> %s\n", api_names[api],
		    kind_names[kind], r >= 0 ? "success" : strerror(e));

	/* The invariants: what argument checking promises. */
	if (r < -1)
		fail("return below -1", r, e);
	if (r == -1 && e == 0)
		fail("-1 without errno", r, e);
	if (r >= 0 && !may_connect(kind))
		fail("success on an fd that is no unconnected TCP socket", r, e);
	/*
	 * With the sysctl's client bit set Linux never refuses TFO:
	 * a refusal remembered now came from a caller's error, and would
	 * turn TFO off for everyone for TFO_RETRY_SECONDS.
	 */
	if (!refused_before && (current_mode & 1) && linux_backend &&
	    tfo_verdict_refused())
		fail("a caller's error was cached as the kernel refusing TFO",
		    r, e);
	if (r >= 0 && (api == 0 || api == 1) && (flags & ~known))
		fail("success with unknown flags", r, e);
	if (r >= 0 && api != 1 && buf == NULL && len > 0)
		fail("success with a NULL buffer", r, e);
	if (r >= 0 && api == 1 && r != 0)
		fail("tfo_connect_deferred returned neither 0 nor -1", r, e);
	if (r >= 0 && api != 1 && (size_t)r > len)
		fail("more bytes accepted than given", r, e);
	if (r >= 0 && api != 1 && !nonblocking && !dontwait &&
	    is_fresh_tcp(kind) && (size_t)r != len)
		fail("blocking call accepted only part", r, e);
	if (r == -1 && api == 0 && (flags & ~known) && e != EINVAL)
		fail("unknown flags not refused with EINVAL", r, e);

	if (fd != -1)
		close(fd);
	if (extra != -1)
		close(extra);
	free(buf);
	drain();
	return 0;
}

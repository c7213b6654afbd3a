/* SPDX-License-Identifier: ISC */
/*
 * Bad input to every call that connects: each gets -1 with a clear errno,
 * no crash, no signal, and nothing is sent.  "Nothing sent" is proved by
 * the server: after each bad call a marker connection must be the next
 * thing it sees, and a UDP socket on the same port must have received no
 * datagram (Linux ignores MSG_FASTOPEN on UDP and would send one).
 * SIGPIPE keeps its default action, so a stray one kills the test.  Runs
 * with TFO off (0: the run-time fallback) and on (3: the TFO path).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "tfo.h"
#include "tfo_socket.h"
#include "tap.h"
#include "testlib.h"

#define SPARE_FD 900	/* made sure to be closed: "a closed fd" */

/* Where bad calls are aimed: a recording server, and UDP on its port. */
struct target {
	const char *name;
	int family;
	struct test_server *srv;
	struct sockaddr_storage addr;
	socklen_t len;
	char ip[16];		/* the server's address, for seed calls */
	unsigned short port;
	int udp;		/* bound to the server's address and port */
	int sink;		/* a listener nobody accepts from */
};

enum call { CALL_CONNECT, CALL_DEFERRED, CALL_SEED };
static const char *const call_names[] = { "tfo_connect",
    "tfo_connect_deferred", "socket_fastopen_connect" };

enum kind { K_MINUS1, K_CLOSED, K_PIPE, K_UDP, K_LISTEN, K_CONNECTED,
    K_BG_CONNECTED, K_RESET, K_UNIX, K_OTHERFAM, K_COUNT };
static const struct {
	const char *name;
	int want;
} kinds[K_COUNT] = {
	{ "fd -1", EBADF },
	{ "a closed fd", EBADF },
	{ "a pipe whose reader is gone", ENOTSOCK },
	{ "a UDP socket", EPROTOTYPE },
	{ "a listening socket", EINVAL },
	{ "a connected socket", EISCONN },
	/* Linux's sendto() would send the data on it: no second connect(2)
	 * has told the socket layer it is connected. */
	{ "a socket a non-blocking connect connected", EISCONN },
	{ "a connected socket reset by its peer", EISCONN },
	{ "an AF_UNIX stream socket", EAFNOSUPPORT },
	{ "a TCP socket of the other family", EAFNOSUPPORT },
};

static const char payload[] = "hello";
#define PAYLOAD_LEN 5

static int
xsocket(int family, int type)
{
	int s = socket(family, type, 0);

	if (s == -1)
		bail("socket: %s", strerror(errno));
	return s;
}

/* A loopback address of family with port 0, for binding. */
static void
loopback(int family, struct sockaddr_storage *ss, socklen_t *len)
{
	if (test_sockaddr(family == AF_INET ? "127.0.0.1" : "::1", 0, ss,
	    len) == -1)
		bail("loopback address");
}

static void
target_init(struct target *t, int family)
{
	struct sockaddr_storage ss;
	socklen_t len;
	const struct sockaddr *a;

	memset(t, 0, sizeof(*t));
	t->family = family;
	t->name = family == AF_INET ? "IPv4" : "IPv6";
	loopback(family, &ss, &len);
	t->srv = test_server_start((struct sockaddr *)&ss, len, 16, NULL);
	if (t->srv == NULL)
		bail("cannot start the %s server", t->name);
	a = test_server_addr(t->srv, &t->len);
	memcpy(&t->addr, a, t->len);
	if (family == AF_INET) {
		const struct sockaddr_in *sin = (const void *)a;

		memcpy(t->ip, &sin->sin_addr, 4);
		t->port = ntohs(sin->sin_port);
	} else {
		const struct sockaddr_in6 *sin6 = (const void *)a;

		memcpy(t->ip, &sin6->sin6_addr, 16);
		t->port = ntohs(sin6->sin6_port);
	}
	t->udp = xsocket(family, SOCK_DGRAM);
	if (bind(t->udp, (struct sockaddr *)&t->addr, t->len) == -1)
		bail("UDP bind: %s", strerror(errno));
	t->sink = xsocket(family, SOCK_STREAM);
	if (bind(t->sink, (struct sockaddr *)&ss, len) == -1 ||
	    listen(t->sink, 64) == -1)
		bail("sink listener: %s", strerror(errno));
}

static void
target_fini(struct target *t)
{
	test_server_stop(t->srv);
	close(t->udp);
	close(t->sink);
}

/* 1 if no byte reached the TCP server and no datagram the UDP socket. */
static int
nothing_sent(struct target *t)
{
	struct pollfd pfd;
	char dgram[64];
	int quiet = test_server_quiet(t->srv);

	/* Loopback delivers a datagram at once; 50 ms is ample. */
	pfd.fd = t->udp;
	pfd.events = POLLIN;
	if (poll(&pfd, 1, 50) > 0 &&
	    recv(t->udp, dgram, sizeof(dgram), MSG_DONTWAIT) >= 0) {
		diag("a datagram reached UDP port %u", t->port);
		return 0;
	}
	return quiet;
}

static int
connected_socket(struct target *t)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	int s = xsocket(t->family, SOCK_STREAM);

	if (getsockname(t->sink, (struct sockaddr *)&ss, &len) == -1 ||
	    connect(s, (struct sockaddr *)&ss, len) == -1)
		bail("connect to the sink: %s", strerror(errno));
	return s;
}

/* Connected in the background: a non-blocking connect(2), then poll(2). */
static int
bg_connected_socket(struct target *t)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	struct pollfd pfd;
	int s = xsocket(t->family, SOCK_STREAM);

	if (fcntl(s, F_SETFL, fcntl(s, F_GETFL) | O_NONBLOCK) == -1 ||
	    getsockname(t->sink, (struct sockaddr *)&ss, &len) == -1 ||
	    (connect(s, (struct sockaddr *)&ss, len) == -1 &&
	    errno != EINPROGRESS))
		bail("non-blocking connect to the sink: %s", strerror(errno));
	pfd.fd = s;
	pfd.events = POLLOUT;
	if (poll(&pfd, 1, 5000) != 1 ||
	    getpeername(s, (struct sockaddr *)&ss, &len) == -1)
		bail("the background connect did not finish");
	return s;
}

/* A client socket whose peer answered with RST; SIGPIPE bait. */
static int
reset_socket(struct target *t)
{
	struct sockaddr_storage ss;
	socklen_t len;
	struct linger lg = { 1, 0 };
	struct pollfd pfd;
	int l, s, a;

	loopback(t->family, &ss, &len);
	l = xsocket(t->family, SOCK_STREAM);
	if (bind(l, (struct sockaddr *)&ss, len) == -1 || listen(l, 1) == -1 ||
	    getsockname(l, (struct sockaddr *)&ss, &len) == -1)
		bail("reset listener: %s", strerror(errno));
	s = xsocket(t->family, SOCK_STREAM);
	if (connect(s, (struct sockaddr *)&ss, len) == -1 ||
	    (a = accept(l, NULL, NULL)) == -1)
		bail("reset connection: %s", strerror(errno));
	(void)setsockopt(a, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
	close(a);
	close(l);
	pfd.fd = s;
	pfd.events = POLLIN;
	if (poll(&pfd, 1, 5000) != 1)
		bail("the RST did not arrive");
	return s;
}

static int
make_fd(enum kind k, struct target *t)
{
	struct sockaddr_storage ss;
	socklen_t len;
	int s, p[2];

	switch (k) {
	case K_MINUS1:
		return -1;
	case K_CLOSED:
		if (fcntl(SPARE_FD, F_GETFD) != -1)
			bail("fd %d is unexpectedly open", SPARE_FD);
		s = xsocket(t->family, SOCK_STREAM);
		if (dup2(s, SPARE_FD) == -1)
			bail("dup2: %s", strerror(errno));
		close(s);
		close(SPARE_FD);
		return SPARE_FD;
	case K_PIPE:
		if (pipe(p) == -1)
			bail("pipe: %s", strerror(errno));
		close(p[0]);
		return p[1];
	case K_UDP:
		return xsocket(t->family, SOCK_DGRAM);
	case K_LISTEN:
		loopback(t->family, &ss, &len);
		s = xsocket(t->family, SOCK_STREAM);
		if (bind(s, (struct sockaddr *)&ss, len) == -1 ||
		    listen(s, 1) == -1)
			bail("listener: %s", strerror(errno));
		return s;
	case K_CONNECTED:
		return connected_socket(t);
	case K_BG_CONNECTED:
		return bg_connected_socket(t);
	case K_RESET:
		return reset_socket(t);
	case K_UNIX:
		return xsocket(AF_UNIX, SOCK_STREAM);
	case K_OTHERFAM:
		return xsocket(t->family == AF_INET ? AF_INET6 : AF_INET,
		    SOCK_STREAM);
	default:
		bail("unknown kind");
	}
}

static ssize_t
call(enum call c, int fd, struct target *t, const struct sockaddr *addr,
    socklen_t len, const char *buf, int flags)
{
	switch (c) {
	case CALL_CONNECT:
		return tfo_connect(fd, addr, len, buf, PAYLOAD_LEN, flags);
	case CALL_DEFERRED:
		return tfo_connect_deferred(fd, addr, len, flags);
	default:
		if (t->family == AF_INET)
			return socket_fastopen_connect4(fd, t->ip, t->port,
			    buf, PAYLOAD_LEN);
		return socket_fastopen_connect6(fd, t->ip, t->port, 0, buf,
		    PAYLOAD_LEN);
	}
}

/* Assert -1/want and that nothing reached the server. */
static void
expect_refused(const char *what, ssize_t r, int e, int want, struct target *t)
{
	ok(r == -1 && e == want, "%s: -1 %s (got %zd, %s)", what,
	    strerror(want), r, r == -1 ? strerror(e) : "no error");
	ok(nothing_sent(t), "%s: nothing reached the server", what);
}

/*
 * A good connect-and-send on fd; the server must get the payload exactly
 * once, and errno must survive the successful call untouched.
 */
static void
expect_works(const char *what, int fd, struct target *t)
{
	struct test_conn conn;
	ssize_t r;

	errno = 12345;
	r = tfo_connect(fd, (struct sockaddr *)&t->addr, t->len, payload,
	    PAYLOAD_LEN, 0);
	ok(r == PAYLOAD_LEN && errno == 12345, "%s: a good call then "
	    "returns %d, errno untouched (got %zd, errno %d)", what,
	    PAYLOAD_LEN, r, errno);
	shutdown(fd, SHUT_WR);
	if (test_server_next(t->srv, &conn, 10) == -1) {
		ok(0, "%s: the server saw the good call", what);
		return;
	}
	ok(conn.error == 0 && conn.len == PAYLOAD_LEN &&
	    memcmp(conn.data, payload, PAYLOAD_LEN) == 0,
	    "%s: the server got exactly the %d bytes once (got %zu)", what,
	    PAYLOAD_LEN, conn.len);
	test_conn_free(&conn);
}

/* Every unusable descriptor, through every call that connects. */
static void
bad_descriptors(int mode, struct target *t)
{
	char what[200];
	enum call c;
	int k, fd, e;
	ssize_t r;

	for (c = CALL_CONNECT; c <= CALL_SEED; c++)
		for (k = 0; k < K_COUNT; k++) {
			snprintf(what, sizeof(what), "0x%x %s %s%s on %s",
			    mode, t->name, call_names[c],
			    c == CALL_SEED ? (t->family == AF_INET ? "4" :
			    "6") : "", kinds[k].name);
			fd = make_fd((enum kind)k, t);
			errno = 0;
			r = call(c, fd, t, (struct sockaddr *)&t->addr, t->len,
			    payload, 0);
			e = errno;
			expect_refused(what, r, e, kinds[k].want, t);
			if (fd >= 0 && k != K_CLOSED)
				close(fd);
		}
}

/*
 * Bad addresses, buffers and flags on a good socket: refused before any
 * system call, so the same socket must still connect afterwards.
 */
static void
bad_arguments(int mode, struct target *t)
{
	struct sockaddr_storage bad;
	struct sockaddr_un sun;
	char what[200];
	socklen_t short_len;
	enum call c;
	int i, fd, e, unknown;
	ssize_t r;
	static const char *const cases[] = {
		"a NULL address", "a short address length",
		"a non-IP (AF_UNIX) address", "an AF_UNSPEC address",
		"a flag it does not take", "flags -1",
		"a NULL buffer with len 5",
		"a NULL ip",
	};

	/* v4: one byte short; v6: the length of a sockaddr_in. */
	short_len = t->family == AF_INET ?
	    (socklen_t)sizeof(struct sockaddr_in) - 1 :
	    (socklen_t)sizeof(struct sockaddr_in);
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	strcpy(sun.sun_path, "/nonexistent");

	for (c = CALL_CONNECT; c <= CALL_SEED; c++)
		for (i = 0; i < 8; i++) {
			/* Which calls take which argument at all. */
			if (i <= 5 ? c == CALL_SEED : i == 6 ?
			    c == CALL_DEFERRED : c != CALL_SEED)
				continue;
			/* TFO_DONTWAIT is tfo_connect()'s alone. */
			unknown = c == CALL_DEFERRED ? TFO_DONTWAIT : 0x4;
			snprintf(what, sizeof(what), "0x%x %s %s%s with %s%s",
			    mode, t->name, call_names[c],
			    c == CALL_SEED ? (t->family == AF_INET ? "4" :
			    "6") : "", cases[i], i != 4 ? "" :
			    unknown == 0x4 ? " (0x4)" : " (TFO_DONTWAIT)");
			fd = test_socket(t->family, 0);
			memcpy(&bad, &t->addr, t->len);
			errno = 0;
			switch (i) {
			case 0:
				r = call(c, fd, t, NULL, t->len, payload, 0);
				break;
			case 1:
				r = call(c, fd, t, (struct sockaddr *)&bad,
				    short_len, payload, 0);
				break;
			case 2:
				r = call(c, fd, t, (struct sockaddr *)&sun,
				    sizeof(sun), payload, 0);
				break;
			case 3:
				bad.ss_family = AF_UNSPEC;
				r = call(c, fd, t, (struct sockaddr *)&bad,
				    t->len, payload, 0);
				break;
			case 4:
			case 5:
				r = call(c, fd, t, (struct sockaddr *)&t->addr,
				    t->len, payload, i == 4 ? unknown : -1);
				break;
			case 6:
				r = call(c, fd, t, (struct sockaddr *)&t->addr,
				    t->len, NULL, 0);
				break;
			default:
				r = t->family == AF_INET ?
				    socket_fastopen_connect4(fd, NULL, t->port,
				    payload, PAYLOAD_LEN) :
				    socket_fastopen_connect6(fd, NULL, t->port,
				    0, payload, PAYLOAD_LEN);
				break;
			}
			e = errno;
			expect_refused(what, r, e, i == 2 || i == 3 ?
			    EAFNOSUPPORT : EINVAL, t);
			expect_works(what, fd, t);
			close(fd);
		}
}

/* The calls that take no address, and errno across successful calls. */
static void
other_calls(int mode, struct target *t)
{
	static const int roles[] = { 0, 3, -1 };
	struct test_conn conn;
	char what[200];
	int i, fd, p[2], r;
	ssize_t n;

	for (i = 0; i < 3; i++) {
		errno = 0;
		r = tfo_kernel_allows(roles[i]);
		ok(r == -1 && errno == EINVAL, "0x%x tfo_kernel_allows(%d): "
		    "-1 EINVAL (got %d, %s)", mode, roles[i], r,
		    strerror(errno));
	}
	errno = 12345;
	r = tfo_kernel_allows(TFO_CLIENT);
	ok(r == test_expect_allows(mode, TFO_CLIENT) && errno == 12345,
	    "0x%x tfo_kernel_allows(TFO_CLIENT) = %d, errno untouched "
	    "(got %d, errno %d)", mode, test_expect_allows(mode, TFO_CLIENT),
	    r, errno);

	errno = 0;
	r = tfo_used(-1);
	ok(r == -1 && errno == EBADF, "0x%x tfo_used(-1): -1 EBADF "
	    "(got %d, %s)", mode, r, strerror(errno));
	fd = make_fd(K_CLOSED, t);
	errno = 0;
	r = tfo_used(fd);
	ok(r == -1 && errno == EBADF, "0x%x tfo_used(closed fd): -1 EBADF "
	    "(got %d, %s)", mode, r, strerror(errno));
	if (pipe(p) == -1)
		bail("pipe: %s", strerror(errno));
	errno = 0;
	r = tfo_used(p[0]);
	ok(r == -1 && errno == ENOTSOCK, "0x%x tfo_used(pipe): -1 ENOTSOCK "
	    "(got %d, %s)", mode, r, strerror(errno));
	close(p[0]);
	close(p[1]);
	/* Not TCP: the errno tfo_connect() gives, whatever the backend. */
	fd = make_fd(K_UDP, t);
	errno = 0;
	r = tfo_used(fd);
	ok(r == -1 && errno == EPROTOTYPE, "0x%x tfo_used(UDP socket): -1 "
	    "EPROTOTYPE (got %d, %s)", mode, r, strerror(errno));
	close(fd);
	fd = make_fd(K_UNIX, t);
	errno = 0;
	r = tfo_used(fd);
	ok(r == -1 && errno == EAFNOSUPPORT, "0x%x tfo_used(AF_UNIX socket): "
	    "-1 EAFNOSUPPORT (got %d, %s)", mode, r, strerror(errno));
	close(fd);

	/* The seed call and deferred connect succeed with errno untouched. */
	snprintf(what, sizeof(what), "0x%x %s socket_fastopen_connect",
	    mode, t->name);
	fd = test_socket(t->family, 0);
	errno = 12345;
	n = call(CALL_SEED, fd, t, NULL, 0, payload, 0);
	ok(n == PAYLOAD_LEN && errno == 12345, "%s: returns %d, errno "
	    "untouched (got %zd, errno %d)", what, PAYLOAD_LEN, n, errno);
	errno = 12345;
	r = tfo_used(fd);
	ok((test_expect_used_ok(1, r) || test_expect_used_ok(0, r)) &&
	    errno == 12345, "%s: tfo_used() "
	    "answers, errno untouched (got %d, errno %d)", what, r, errno);
	shutdown(fd, SHUT_WR);
	r = test_server_next(t->srv, &conn, 10);
	ok(r == 0 && conn.len == PAYLOAD_LEN &&
	    memcmp(conn.data, payload, PAYLOAD_LEN) == 0, "%s: the server got "
	    "exactly the %d bytes once (got %zu)", what, PAYLOAD_LEN,
	    r == 0 ? conn.len : 0);
	if (r == 0)
		test_conn_free(&conn);
	close(fd);

	snprintf(what, sizeof(what), "0x%x %s tfo_connect_deferred", mode,
	    t->name);
	fd = test_socket(t->family, 0);
	errno = 12345;
	r = tfo_connect_deferred(fd, (struct sockaddr *)&t->addr, t->len, 0);
	ok(r == 0 && errno == 12345, "%s: returns 0, errno untouched "
	    "(got %d, errno %d)", what, r, errno);
	/* Before the first write: macOS says TFO_UNKNOWN, errno still kept. */
	errno = 12345;
	r = tfo_used(fd);
	ok(r != -1 && errno == 12345, "%s: tfo_used() before the first write "
	    "answers, errno untouched (got %d, errno %d)", what, r, errno);
	n = send(fd, payload, PAYLOAD_LEN, MSG_NOSIGNAL);
	shutdown(fd, SHUT_WR);
	r = test_server_next(t->srv, &conn, 10);
	ok(n == PAYLOAD_LEN && r == 0 && conn.len == PAYLOAD_LEN &&
	    memcmp(conn.data, payload, PAYLOAD_LEN) == 0, "%s: the first "
	    "write's bytes reached the server exactly once (sent %zd, got %zu)",
	    what, n, r == 0 ? conn.len : 0);
	if (r == 0)
		test_conn_free(&conn);
	close(fd);
}

static void
run_mode(int mode, void *arg)
{
	struct target t;
	int f;

	(void)arg;
	if (test_lo_add_ipv6("::1", 128) == -1)
		bail("::1 on lo: %s", strerror(errno));
	for (f = 0; f < 2; f++) {
		target_init(&t, f == 0 ? AF_INET : AF_INET6);
		bad_descriptors(mode, &t);
		bad_arguments(mode, &t);
		other_calls(mode, &t);
		target_fini(&t);
	}
}

int
main(void)
{
	static const int modes[] = { TEST_MODE_OFF, TEST_MODE_BOTH };

	(void)test_expect();
	/* A SIGPIPE must kill the test: that is the assertion. */
	signal(SIGPIPE, SIG_DFL);
	test_in_modes(modes, 2, run_mode, NULL, 60);
	return done_testing();
}

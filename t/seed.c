/* SPDX-License-Identifier: ISC */
/*
 * The seed's API, as libowfat's manual pages describe it: socket_tcp4/6
 * are non-blocking and socket_tcp4b/6b blocking; socket_bind*;
 * socket_fastopen before socket_listen (libowfat's order) and after;
 * socket_fastopen_connect4/6 over IPv4, IPv6, a v4-mapped address on an
 * IPv6 and on an IPv4 socket, and a link-local address with a scope id;
 * socket_connect4/6 and socket_connected.  Under every sysctl mode, 0
 * included, where libowfat 0.32 fails with EOPNOTSUPP: each call connects
 * and delivers every byte.  Last, the manual page's own example runs
 * against a server.
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
#include <net/if.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include "tfo.h"
#include "tfo_socket.h"
#include "tap.h"
#include "testlib.h"

#define LEN 1000

static char payload[LEN];

/* The family, blocking mode and type of a socket_tcp*() socket. */
static void
socket_is(int s, const char *name, int family, int nonblocking)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	int type = 0, v6only = 1, fl;
	socklen_t tlen = sizeof(type), vlen = sizeof(v6only);

	memset(&ss, 0, sizeof(ss));
	if (s == -1) {
		ok(0, "%s(): a socket (%s)", name, strerror(errno));
		return;
	}
	fl = fcntl(s, F_GETFL);
	ok(getsockopt(s, SOL_SOCKET, SO_TYPE, &type, &tlen) == 0 &&
	    type == SOCK_STREAM && getsockname(s, (struct sockaddr *)&ss,
	    &len) == 0 && ss.ss_family == family, "%s(): a TCP socket of "
	    "family %d", name, family);
	ok(fl != -1 && !!(fl & O_NONBLOCK) == nonblocking, "%s(): %s", name,
	    nonblocking ? "non-blocking" : "blocking");
	if (family == AF_INET6)
		ok(getsockopt(s, IPPROTO_IPV6, IPV6_V6ONLY, &v6only, &vlen) ==
		    0 && v6only == 0, "%s(): takes IPv4 peers too "
		    "(IPV6_V6ONLY off)", name);
	close(s);
}

/* socket_bind4/4_reuse/6: bound where asked, SO_REUSEADDR only on _reuse. */
static void
binds(void)
{
	static const char ip4[4] = { 127, 0, 9, 1 };
	char ip6[16] = { 0 };
	struct sockaddr_storage ss;
	struct sockaddr_in *sin = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;
	socklen_t len;
	int s, r, reuse, i;
	socklen_t rlen;

	for (i = 0; i < 2; i++) {
		s = socket_tcp4b();
		errno = 12345;
		r = i ? socket_bind4_reuse(s, ip4, 0) : socket_bind4(s, ip4, 0);
		len = sizeof(ss);
		reuse = -1;
		rlen = sizeof(reuse);
		ok(r == 0 && errno == 12345 &&
		    getsockname(s, (struct sockaddr *)&ss, &len) == 0 &&
		    memcmp(&sin->sin_addr, ip4, 4) == 0 && sin->sin_port != 0,
		    "socket_bind4%s: bound to 127.0.9.1, errno untouched",
		    i ? "_reuse" : "");
		ok(getsockopt(s, SOL_SOCKET, SO_REUSEADDR, &reuse, &rlen) ==
		    0 && !!reuse == i, "socket_bind4%s: SO_REUSEADDR %s",
		    i ? "_reuse" : "", i ? "on" : "off");
		close(s);
	}
	/* fe80::9 on lo, with lo's index as scope id. */
	ip6[0] = (char)0xfe;
	ip6[1] = (char)0x80;
	ip6[15] = 9;
	if (test_lo_add_ipv6("fe80::9", 64) == -1)
		bail("fe80::9 on lo: %s", strerror(errno));
	s = socket_tcp6b();
	r = socket_bind6(s, ip6, 0, if_nametoindex("lo"));
	len = sizeof(ss);
	ok(r == 0 && getsockname(s, (struct sockaddr *)&ss, &len) == 0 &&
	    memcmp(&sin6->sin6_addr, ip6, 16) == 0 &&
	    sin6->sin6_scope_id == if_nametoindex("lo"),
	    "socket_bind6: bound to fe80::9%%lo (got %d, %s)", r,
	    r ? strerror(errno) : "-");
	close(s);
}

/*
 * A server made with the seed's calls, socket_fastopen() before or after
 * socket_listen(); clients get data into its SYN where the mode allows.
 */
static void
seed_server(int mode, int before)
{
	int xe = test_expect_server_errno(mode, !before);
	char ip[4] = { 127, 0, 1, 1 }, got[LEN + 1], what[128];
	struct sockaddr_storage ss;
	struct sockaddr_in *sin = (struct sockaddr_in *)&ss;
	socklen_t len = sizeof(ss);
	int l, c, r, e, syn, second;
	const char *order = before ? "before socket_listen" :
	    "after socket_listen";
	ssize_t n;

	ip[2] = (char)(1 + before);	/* each order its own cookie */
	l = socket_tcp4b();
	if (socket_bind4_reuse(l, ip, 0) == -1 ||
	    getsockname(l, (struct sockaddr *)&ss, &len) == -1)
		bail("seed server: %s", strerror(errno));
	errno = 0;
	if (before)
		r = socket_fastopen(l);
	ok(socket_listen(l, 16) == 0, "0x%x socket_listen", mode);
	if (!before)
		r = socket_fastopen(l);
	e = errno;
	if (xe == 0)
		ok(r == 0, "0x%x socket_fastopen %s: 0 (got %d, %s)", mode,
		    order, r, r ? strerror(e) : "-");
	else
		ok(r == -1 && e == xe, "0x%x socket_fastopen %s: -1 %s (got "
		    "%d, %s)", mode, order, strerror(xe), r, strerror(e));
	for (second = 0; second < 2; second++) {
		snprintf(what, sizeof(what), "0x%x socket_fastopen %s, %s",
		    mode, order, second ? "cookie" : "first");
		c = socket_tcp4b();
		n = socket_fastopen_connect4(c, ip, ntohs(sin->sin_port),
		    payload, LEN);
		is_int(n, LEN, "%s: socket_fastopen_connect4 returns %d", what,
		    LEN);
		shutdown(c, SHUT_WR);
		n = test_accept_read(l, got, sizeof(got), &syn, 10);
		ok(n == LEN && memcmp(got, payload, LEN) == 0, "%s: the "
		    "server got exactly the %d bytes (got %zd)", what, LEN, n);
		ok(syn == test_expect_syn_data(mode, second, LEN), "%s: data "
		    "%s in the SYN", what, test_expect_syn_data(mode, second,
		    LEN) ? "rode" : "did not ride");
		close(c);
	}
	close(l);
}

/* The address a socket_fastopen_connect4/6 case aims at. */
struct dest {
	const char *name;
	const char *server;	/* where the test server listens */
	int family;		/* of the client socket */
	int call6;		/* socket_fastopen_connect6, not ...4 */
	int scoped;		/* link-local: pass lo's index */
};

/* An IPv4 server is reached by connect6 as ::ffff:a.b.c.d. */
static const struct dest dests[] = {
	{ "IPv4", "127.0.3.1", AF_INET, 0, 0 },
	{ "IPv6", "fd00::3", AF_INET6, 1, 0 },
	{ "v4-mapped on an IPv6 socket", "127.0.4.1", AF_INET6, 1, 0 },
	/* libowfat sends a v4-mapped address over an IPv4 socket as IPv4. */
	{ "v4-mapped on an IPv4 socket", "127.0.5.1", AF_INET, 1, 0 },
	{ "IPv6 link-local with scope id", "fe80::3", AF_INET6, 1, 1 },
};

static void
fastopen_connect(int mode, const struct dest *d, int nonblocking, int second,
    struct test_server *srv)
{
	const struct sockaddr *a;
	socklen_t alen;
	struct test_conn conn;
	char ip[16], what[160];
	unsigned short port;
	int s, e, want_syn = test_expect_syn_data(mode, second, LEN);
	int accepts = test_expect_accepts(mode, second, LEN);
	ssize_t n;

	a = test_server_addr(srv, &alen);
	if (a->sa_family == AF_INET) {
		const struct sockaddr_in *sin = (const void *)a;

		memset(ip, 0, 10);
		ip[10] = ip[11] = (char)0xff;
		memcpy(ip + 12, &sin->sin_addr, 4);
		port = ntohs(sin->sin_port);
	} else {
		const struct sockaddr_in6 *sin6 = (const void *)a;

		memcpy(ip, &sin6->sin6_addr, 16);
		port = ntohs(sin6->sin6_port);
	}
	snprintf(what, sizeof(what), "0x%x socket_fastopen_connect%c %s %s "
	    "%s", mode, d->call6 ? '6' : '4', d->name,
	    nonblocking ? "non-blocking" : "blocking",
	    second ? "cookie" : "first");
	if (d->family == AF_INET)
		s = nonblocking ? socket_tcp4() : socket_tcp4b();
	else
		s = nonblocking ? socket_tcp6() : socket_tcp6b();
	errno = 0;
	if (!d->call6)
		n = socket_fastopen_connect4(s, ip + 12, port, payload, LEN);
	else
		n = socket_fastopen_connect6(s, ip, port,
		    d->scoped ? if_nametoindex("lo") : 0, payload, LEN);
	e = errno;
	if (!nonblocking)
		is_int(n, LEN, "%s: returns all %d bytes", what, LEN);
	else if (accepts)	/* in the SYN, or queued (FreeBSD, macOS) */
		is_int(n, LEN, "%s: returns the %d bytes accepted", what,
		    LEN);
	else
		ok(n == -1 && e == EINPROGRESS, "%s: -1 EINPROGRESS, nothing "
		    "queued (got %zd, %s)", what, n, strerror(e));
	ok(test_finish_send(s, payload, LEN, n > 0 ? (size_t)n : 0, 10) == 0,
	    "%s: the connection completes", what);
	ok(test_syn_data(s) == want_syn, "%s: the client says data %s in the "
	    "SYN", what, want_syn ? "rode" : "did not ride");
	shutdown(s, SHUT_WR);
	if (test_server_next(srv, &conn, 10) == -1) {
		ok(0, "%s: the server saw the connection", what);
		close(s);
		return;
	}
	ok(conn.error == 0 && conn.len == LEN &&
	    memcmp(conn.data, payload, LEN) == 0, "%s: the server received "
	    "exactly the %d bytes, once (got %zu)", what, LEN, conn.len);
	is_int(conn.syn_data, want_syn, "%s: the server agrees on the SYN",
	    what);
	test_conn_free(&conn);
	close(s);
}

static struct test_server *
server(const char *text, int scoped)
{
	struct sockaddr_storage ss;
	socklen_t len;
	char full[64];
	struct test_server *srv;

	if (strchr(text, ':') != NULL &&
	    test_lo_add_ipv6(text, scoped ? 64 : 128) == -1)
		bail("%s on lo: %s", text, strerror(errno));
	snprintf(full, sizeof(full), "%s%s", text, scoped ? "%lo" : "");
	if (test_sockaddr(full, 0, &ss, &len) == -1 ||
	    (srv = test_server_start((struct sockaddr *)&ss, len, 16,
	    NULL)) == NULL)
		bail("server at %s", full);
	return srv;
}

static void
fastopen_connects(int mode)
{
	struct test_server *srv;
	size_t d;
	int nb, second;

	for (d = 0; d < sizeof(dests) / sizeof(dests[0]); d++)
		for (nb = 0; nb < 2; nb++) {
			/* A fresh address per case: cookies are per address. */
			char text[32];

			snprintf(text, sizeof(text), "%s", dests[d].server);
			text[strlen(text) - 1] = (char)('1' + nb * 4);
			srv = server(text, dests[d].scoped);
			for (second = 0; second < 2; second++)
				fastopen_connect(mode, &dests[d], nb, second,
				    srv);
			test_server_stop(srv);
		}
}

static int
wait_writable(int s)
{
	struct pollfd pfd;

	pfd.fd = s;
	pfd.events = POLLOUT;
	return poll(&pfd, 1, 10000) == 1 ? 0 : -1;
}

/*
 * socket_connect4/6 and socket_connected: 1 once connected; 0 with
 * ENOTCONN while the handshake is under way (a listener whose queue is
 * full drops the SYN, so it stays under way); 0 with ECONNREFUSED after a
 * refusal.
 */
static void
connects(int mode)
{
	static const char ip4[4] = { 127, 0, 8, 1 };
	char ip6[16] = { 0 };
	struct sockaddr_storage ss;
	struct sockaddr_in *sin = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;
	socklen_t len = sizeof(ss);
	int l, l6, c, c2, closed, r, e;
	unsigned short port, port6, closed_port;

	ip6[15] = 8;
	ip6[0] = (char)0xfd;
	if (test_lo_add_ipv6("fd00::8", 128) == -1)
		bail("fd00::8: %s", strerror(errno));
	/* Backlog 0: one connection fills the queue. */
	l = socket_tcp4b();
	if (socket_bind4(l, ip4, 0) == -1 || socket_listen(l, 0) == -1 ||
	    getsockname(l, (struct sockaddr *)&ss, &len) == -1)
		bail("listener: %s", strerror(errno));
	port = ntohs(sin->sin_port);
	l6 = socket_tcp6b();
	len = sizeof(ss);
	if (socket_bind6(l6, ip6, 0, 0) == -1 || socket_listen(l6, 4) == -1 ||
	    getsockname(l6, (struct sockaddr *)&ss, &len) == -1)
		bail("listener: %s", strerror(errno));
	port6 = ntohs(sin6->sin6_port);

	c = socket_tcp4();
	errno = 0;
	r = socket_connect4(c, ip4, port);
	e = errno;
	ok(r == -1 && e == EINPROGRESS, "0x%x socket_connect4 on socket_tcp4: "
	    "-1 EINPROGRESS (got %d, %s)", mode, r, strerror(e));
	r = wait_writable(c) == 0 ? socket_connected(c) : -1;
	is_int(r, 1, "0x%x socket_connected after the handshake", mode);

	c2 = socket_tcp4();
	r = socket_connect4(c2, ip4, port);
	e = errno;
	ok(r == -1 && e == EINPROGRESS, "0x%x socket_connect4 to a full "
	    "listener: -1 EINPROGRESS (got %d, %s)", mode, r, strerror(e));
	errno = 0;
	r = socket_connected(c2);
	e = errno;
	ok(r == 0 && e == ENOTCONN, "0x%x socket_connected while under way: "
	    "0 ENOTCONN (got %d, %s)", mode, r, strerror(e));
	close(c2);
	close(c);

	/* A bound socket that does not listen: the port is closed. */
	closed = socket_tcp4b();
	len = sizeof(ss);
	if (socket_bind4(closed, ip4, 0) == -1 ||
	    getsockname(closed, (struct sockaddr *)&ss, &len) == -1)
		bail("closed port: %s", strerror(errno));
	closed_port = ntohs(sin->sin_port);
	c = socket_tcp4();
	r = socket_connect4(c, ip4, closed_port);
	e = errno;
	ok(r == -1 && e == EINPROGRESS, "0x%x socket_connect4 to a closed "
	    "port: -1 EINPROGRESS (got %d, %s)", mode, r, strerror(e));
	errno = 0;
	r = wait_writable(c) == 0 ? socket_connected(c) : -1;
	e = errno;
	ok(r == 0 && e == ECONNREFUSED, "0x%x socket_connected after a "
	    "refusal: 0 ECONNREFUSED (got %d, %s)", mode, r, strerror(e));
	close(c);
	close(closed);

	c = socket_tcp6b();
	errno = 12345;
	r = socket_connect6(c, ip6, port6, 0);
	ok(r == 0 && errno == 12345 && socket_connected(c) == 1, "0x%x "
	    "socket_connect6 on socket_tcp6b: 0, connected", mode);
	close(c);
	c = socket_tcp6();
	r = socket_connect6(c, ip6, port6, 0);
	e = errno;
	ok(r == -1 && e == EINPROGRESS && wait_writable(c) == 0 &&
	    socket_connected(c) == 1, "0x%x socket_connect6 on socket_tcp6: "
	    "EINPROGRESS, then connected", mode);
	close(c);
	close(l);
	close(l6);
}

/* Run t/seed-example with the server's port; 0 if it exited 0. */
static int
run_example(unsigned short port)
{
	const char *top = getenv("top_builddir");
	char path[512], arg[16];
	int status;
	pid_t pid;

	snprintf(path, sizeof(path), "%s/t/seed-example", top ? top : ".");
	snprintf(arg, sizeof(arg), "%u", port);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		alarm(10);	/* survives exec: a hung example dies */
		execl(path, path, arg, (char *)NULL);
		_exit(127);
	}
	if (pid == -1 || waitpid(pid, &status, 0) != pid)
		return -1;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		diag("%s exited with status 0x%x", path, status);
		return -1;
	}
	return 0;
}

/*
 * The manual page's example: a non-blocking socket_tcp4() and one
 * socket_fastopen_connect4(s, ip, p, "hello", 5), then exit.  Where the
 * data rides in the SYN the server gets "hello"; so it does where the
 * kernel queues data on a connecting socket (FreeBSD, macOS: semantics.md
 * 2.2, 3.2), after the handshake; elsewhere the call says EINPROGRESS
 * with nothing queued (the page: "-1, setting errno to
 * error_inprogress"), so the server gets no byte.  Its socket_bind4(s,
 * ip, p) to the server's own port fails, as written, and is ignored.
 */
static void
example(int mode)
{
	struct test_server *srv = server("127.0.0.1", 0);
	const struct sockaddr_in *sin;
	struct test_conn conn;
	socklen_t len;
	int second, want_syn, fd;
	int r;

	sin = (const struct sockaddr_in *)test_server_addr(srv, &len);
	for (second = 0; second < 2; second++) {
		want_syn = test_expect_syn_data(mode, second, 5);
		ok(run_example(ntohs(sin->sin_port)) == 0, "0x%x the seed's "
		    "example runs (%s)", mode, second ? "cookie" : "first");
		if (test_expect_accepts(mode, second, 5)) {
			r = test_server_next(srv, &conn, 10);
			ok(r == 0 && conn.len == 5 && memcmp(conn.data, "hello",
			    5) == 0 && conn.syn_data == want_syn, "0x%x the "
			    "server got \"hello\" once, %s the SYN", mode,
			    want_syn ? "in" : "not in");
			if (r == 0)
				test_conn_free(&conn);
		} else {
			/* A connection may come, empty, or none at all. */
			memset(&conn, 0, sizeof(conn));
			while (test_server_next(srv, &conn, 1) == 0) {
				if (conn.len != 0)
					break;
				test_conn_free(&conn);
			}
			ok(conn.len == 0, "0x%x without SYN data the server "
			    "got no byte (got %zu)", mode, conn.len);
			test_conn_free(&conn);
		}
		/* Fetch the cookie, as a second run of the example would. */
		if (!second) {
			fd = test_socket(AF_INET, 0);
			if (tfo_connect(fd, (const struct sockaddr *)sin, len,
			    "x", 1, 0) != 1)
				bail("cookie connection: %s", strerror(errno));
			shutdown(fd, SHUT_WR);
			if (test_server_next(srv, &conn, 10) == 0)
				test_conn_free(&conn);
			close(fd);
		}
	}
	test_server_stop(srv);
}

static void
run_mode(int mode, void *arg)
{
	(void)arg;
	binds();
	seed_server(mode, 1);
	seed_server(mode, 0);
	fastopen_connects(mode);
	connects(mode);
	example(mode);
}

int
main(void)
{
	static const int modes[] = { TEST_MODE_OFF, TEST_MODE_CLIENT,
	    TEST_MODE_BOTH, TEST_MODE_NOCOOKIE };
	int run[4], n;

	(void)test_expect();
	signal(SIGPIPE, SIG_DFL);	/* a SIGPIPE fails the test */
	test_pattern(payload, LEN, 11);
	socket_is(socket_tcp4(), "socket_tcp4", AF_INET, 1);
	socket_is(socket_tcp4b(), "socket_tcp4b", AF_INET, 0);
	socket_is(socket_tcp6(), "socket_tcp6", AF_INET6, 1);
	socket_is(socket_tcp6b(), "socket_tcp6b", AF_INET6, 0);
	n = test_expect_modes(modes, 4, run);
	test_in_modes(run, n, run_mode, NULL, 60);
	return done_testing();
}

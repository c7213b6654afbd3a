/* SPDX-License-Identifier: ISC */
/*
 * The sockaddr API beyond tfo_connect()'s matrix: TFO_NO_FALLBACK, the
 * cached run-time verdict and its expiry, tfo_connect_deferred(),
 * tfo_listen(), tfo_used(), tfo_kernel_allows(), tfo_backend(), and a
 * connection refused by a closed port.  Every sysctl mode; every case
 * checks the return, errno and what the server received.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include "tfo.h"
#include "tfo_common.h"	/* TFO_RETRY_SECONDS */
#include "tap.h"
#include "testlib.h"

#ifndef EXPECTED_BACKEND
#error "t/local.mk passes the configured backend as EXPECTED_BACKEND"
#endif

#define LEN 100

static char payload[LEN];

/* Cookies are per address: each section talks to its own 127.0.x.1. */
static struct test_server *
server_at(int section, const struct sockaddr **addr, socklen_t *len)
{
	struct sockaddr_storage ss;
	socklen_t sslen;
	struct test_server *srv;
	char text[32];

	snprintf(text, sizeof(text), "127.0.%d.1", section);
	if (test_sockaddr(text, 0, &ss, &sslen) == -1 ||
	    (srv = test_server_start((struct sockaddr *)&ss, sslen, 16,
	    NULL)) == NULL)
		bail("server at %s", text);
	*addr = test_server_addr(srv, len);
	return srv;
}

/*
 * Close our side for writing and assert what the server got: exactly
 * payload, once, in the SYN or not as expected.  Returns its syn flag.
 */
static int
server_got(struct test_server *srv, int fd, const char *what, int want_syn)
{
	struct test_conn conn;
	int syn;

	shutdown(fd, SHUT_WR);
	if (test_server_next(srv, &conn, 10) == -1) {
		ok(0, "%s: the server saw the connection", what);
		return -1;
	}
	ok(conn.error == 0 && conn.len == LEN &&
	    memcmp(conn.data, payload, LEN) == 0, "%s: the server received "
	    "exactly the %d bytes, once (got %zu)", what, LEN, conn.len);
	ok(conn.syn_data == want_syn, "%s: data %s in the SYN (server says "
	    "%d)", what, want_syn ? "rode" : "did not ride", conn.syn_data);
	syn = conn.syn_data;
	test_conn_free(&conn);
	return syn;
}

/* tfo_used() agrees with TCP_INFO on an established connection. */
static void
used_agrees(int fd, const char *what)
{
	int syn = test_syn_data(fd), used;

	errno = 12345;
	used = tfo_used(fd);
	ok(test_expect_used_ok(syn, used) && errno == 12345, "%s: "
	    "tfo_used() = %d, TCP_INFO says %d, errno untouched", what, used,
	    syn);
}

static void
kernel_allows(int mode)
{
	static const int roles[] = { TFO_CLIENT, TFO_SERVER };
	int i, r, want;

	for (i = 0; i < 2; i++) {
		want = test_expect_allows(mode, roles[i]);
		errno = 12345;
		r = tfo_kernel_allows(roles[i]);
		ok(r == want && errno == 12345, "0x%x tfo_kernel_allows(%s) = "
		    "%d (got %d, errno %d)", mode, i == 0 ? "TFO_CLIENT" :
		    "TFO_SERVER", want, r, errno);
	}
}

/*
 * TFO_NO_FALLBACK: where TFO is refused, -1/EOPNOTSUPP with nothing sent
 * and the socket left fit for a plain connect; elsewhere it just works.
 * Twice, because the second refusal comes from the cached verdict.
 */
static void
no_fallback(int mode)
{
	const struct sockaddr *addr;
	socklen_t len;
	struct test_server *srv = server_at(1, &addr, &len);
	int refused = test_expect_refused(mode);
	char what[128];
	int i, fd, r, e;
	ssize_t n;

	for (i = 0; i < 2; i++) {
		snprintf(what, sizeof(what), "0x%x TFO_NO_FALLBACK %s", mode,
		    i == 0 ? "first" : "again");
		fd = test_socket(AF_INET, 0);
		errno = 0;
		n = tfo_connect(fd, addr, len, payload, LEN, TFO_NO_FALLBACK);
		e = errno;
		if (refused) {
			ok(n == -1 && e == EOPNOTSUPP, "%s: -1 EOPNOTSUPP "
			    "(got %zd, %s)", what, n, strerror(e));
			ok(test_server_quiet(srv), "%s: nothing reached the "
			    "server", what);
			r = connect(fd, addr, len);
			ok(r == 0 && send(fd, payload, LEN, MSG_NOSIGNAL) ==
			    LEN, "%s: the socket still connects plainly", what);
		} else
			is_int(n, LEN, "%s: returns %d", what, LEN);
		server_got(srv, fd, what, test_expect_syn_data(mode, i, LEN));
		close(fd);
	}
	/* tfo_connect_deferred() takes the flag too. */
	snprintf(what, sizeof(what), "0x%x TFO_NO_FALLBACK deferred", mode);
	fd = test_socket(AF_INET, 0);
	errno = 0;
	r = tfo_connect_deferred(fd, addr, len, TFO_NO_FALLBACK);
	e = errno;
	if (test_expect_deferred_refused_blocking(mode)) {
		ok(r == -1 && e == EOPNOTSUPP, "%s: -1 EOPNOTSUPP (got %d, %s)",
		    what, r, strerror(e));
		ok(test_server_quiet(srv), "%s: nothing reached the server",
		    what);
		r = connect(fd, addr, len);
	} else
		is_int(r, 0, "%s: returns 0", what);
	ok(r == 0 && send(fd, payload, LEN, MSG_NOSIGNAL) == LEN,
	    "%s: the socket connects and takes the data", what);
	server_got(srv, fd, what, test_expect_deferred_syn(mode, 2, LEN, 0));
	close(fd);

	/* Non-blocking: where TFO is on, the flag changes nothing. */
	snprintf(what, sizeof(what), "0x%x TFO_NO_FALLBACK deferred, "
	    "non-blocking", mode);
	fd = test_socket(AF_INET, 1);
	errno = 0;
	r = tfo_connect_deferred(fd, addr, len, TFO_NO_FALLBACK);
	e = errno;
	if (refused) {
		ok(r == -1 && e == EOPNOTSUPP, "%s: -1 EOPNOTSUPP (got %d, %s)",
		    what, r, strerror(e));
		r = connect(fd, addr, len);
		if (r == -1 && errno == EINPROGRESS)
			r = 0;
	} else
		ok(r == 0 || (r == -1 && e == EINPROGRESS), "%s: 0 or -1 "
		    "EINPROGRESS (got %d, %s)", what, r, strerror(e));
	ok(test_finish_send(fd, payload, LEN, 0, 10) == 0, "%s: the first "
	    "write takes all %d bytes", what, LEN);
	server_got(srv, fd, what, test_expect_deferred_syn(mode, 2, LEN, 1));
	close(fd);
	test_server_stop(srv);
}

/*
 * tfo_connect_deferred(): where the backend defers (Linux: with a cookie,
 * on a non-blocking socket; macOS: while client TFO is on, blocking or
 * not), connect() returns 0 at once, and where data will ride in the SYN
 * nothing leaves until the first write; elsewhere it is a plain connect
 * (blocking 0, non-blocking EINPROGRESS).  Either way the first write's bytes arrive exactly once.
 * Under the XNU shim a cookie request leaves at once (t/shim/xnu.c
 * preconnect), so "nothing left" is asserted only with a cookie.
 */
static void
deferred(int mode)
{
	const struct sockaddr *addr;
	socklen_t len;
	struct test_server *srv;
	char what[128];
	int nb, second, fd, r, e, want_syn, at_once;
	ssize_t n;

	for (nb = 0; nb < 2; nb++) {
		srv = server_at(2 + nb, &addr, &len);
		for (second = 0; second < 2; second++) {
			snprintf(what, sizeof(what), "0x%x deferred %s %s",
			    mode, nb ? "non-blocking" : "blocking",
			    second ? "cookie" : "first");
			want_syn = test_expect_deferred_syn(mode, second,
			    LEN, nb);
			at_once = test_expect_deferred_at_once(mode, second,
			    nb);
			fd = test_socket(AF_INET, nb);
			errno = 0;
			r = tfo_connect_deferred(fd, addr, len, 0);
			e = errno;
			if (at_once || !nb)
				ok(r == 0, "%s: returns 0 (got %d, %s)", what,
				    r, r ? strerror(e) : "-");
			else
				ok(r == -1 && e == EINPROGRESS, "%s: -1 "
				    "EINPROGRESS (got %d, %s)", what, r,
				    strerror(e));
			if (at_once && want_syn)
				ok(test_server_quiet(srv), "%s: nothing left "
				    "before the first write", what);
			if (nb)
				r = test_finish_send(fd, payload, LEN, 0, 10);
			else {
				n = send(fd, payload, LEN, MSG_NOSIGNAL);
				r = n == LEN ? 0 : -1;
			}
			ok(r == 0, "%s: the first write takes all %d bytes",
			    what, LEN);
			/* Wait for the handshake: TCP_INFO is final then. */
			(void)test_finish_send(fd, payload, LEN, LEN, 10);
			ok(test_syn_data(fd) == want_syn, "%s: the client says "
			    "data %s in the SYN", what, want_syn ? "rode" :
			    "did not ride");
			used_agrees(fd, what);
			server_got(srv, fd, what, want_syn);
			close(fd);
		}
		test_server_stop(srv);
	}
}

/*
 * tfo_listen() listens in every case and says whether the listener takes
 * TFO: TFO_YES where the sysctl's server bit is on, TFO_NO elsewhere.  A
 * TFO_YES listener must then really take SYN data.
 */
static void
listen_and_accept(int mode)
{
	struct sockaddr_storage ss;
	socklen_t len;
	int want = test_expect_allows(mode, TFO_SERVER);
	int l, c, r, acc = 0, second, syn;
	socklen_t alen = sizeof(acc);
	char what[128], got[LEN + 1];
	ssize_t n;

	if (test_sockaddr("127.0.4.1", 0, &ss, &len) == -1)
		bail("address");
	l = test_socket(AF_INET, 0);
	if (bind(l, (struct sockaddr *)&ss, len) == -1 ||
	    getsockname(l, (struct sockaddr *)&ss, &len) == -1)
		bail("bind: %s", strerror(errno));
	errno = 12345;
	r = tfo_listen(l, 16);
	ok(r == want && errno == 12345, "0x%x tfo_listen() = %d, errno "
	    "untouched (got %d, errno %d)", mode, want, r, errno);
	ok(getsockopt(l, SOL_SOCKET, SO_ACCEPTCONN, &acc, &alen) == 0 &&
	    acc == 1, "0x%x tfo_listen(): the socket listens", mode);
	for (second = 0; second < 2; second++) {
		snprintf(what, sizeof(what), "0x%x tfo_listen() listener, %s",
		    mode, second ? "cookie" : "first");
		c = test_socket(AF_INET, 0);
		n = tfo_connect(c, (struct sockaddr *)&ss, len, payload, LEN,
		    0);
		is_int(n, LEN, "%s: tfo_connect() returns %d", what, LEN);
		shutdown(c, SHUT_WR);
		n = test_accept_read(l, got, sizeof(got), &syn, 10);
		ok(n == LEN && memcmp(got, payload, LEN) == 0, "%s: accepted, "
		    "exactly the %d bytes (got %zd)", what, LEN, n);
		ok(syn == test_expect_syn_data(mode, second, LEN),
		    "%s: data %s in the SYN", what, test_expect_syn_data(mode,
		    second, LEN) ? "rode" : "did not ride");
		close(c);
	}
	close(l);
}

/*
 * A TFO listener at ip whose accept queue (backlog 0) is full: *filler's
 * connection holds the one place, so a new SYN is dropped until it is
 * accepted.  Returns the listener; ss gets its address.
 */
static int
full_listener(const char *ip, struct sockaddr_storage *ss, socklen_t *len,
    int *filler)
{
	int l;

	if (test_sockaddr(ip, 0, ss, len) == -1)
		bail("address %s", ip);
	l = test_socket(AF_INET, 0);
	if (bind(l, (struct sockaddr *)ss, *len) == -1 ||
	    getsockname(l, (struct sockaddr *)ss, len) == -1 ||
	    tfo_listen(l, 0) == -1)
		bail("listener: %s", strerror(errno));
	*filler = test_socket(AF_INET, 0);
	if (tfo_connect(*filler, (struct sockaddr *)ss, *len, payload, LEN,
	    0) != LEN)
		bail("filling the queue: %s", strerror(errno));
	return l;
}

/*
 * TFO_DONTWAIT on a blocking socket answers as a non-blocking socket
 * would, while the handshake is still under way where the same call
 * without the flag waits: the listener's queue is full (backlog 0, one
 * connection in it), so the kernel drops the SYN and the client stays in
 * SYN-SENT (getpeername: ENOTCONN).  The socket stays blocking.  Once the
 * queue has room the retransmitted SYN gets through and the bytes arrive
 * exactly once.  The first connection, which fills the queue, brings the
 * cookie.  Under a kernel shim a BSD kernel's queueing before the handshake
 * cannot be emulated here (the shim queues after it): that count is skipped.
 */
static void
dontwait(int mode)
{
	struct sockaddr_storage ss, peer;
	socklen_t len, plen = sizeof(peer);
	int accepts = test_expect_accepts(mode, 1, LEN);
	int l, filler, c, syn, e, gp;
	char what[128], got[LEN + 1];
	size_t done;
	ssize_t n;

	snprintf(what, sizeof(what), "0x%x blocking TFO_DONTWAIT, full "
	    "listener", mode);
	l = full_listener("127.0.9.1", &ss, &len, &filler);

	c = test_socket(AF_INET, 0);
	errno = 0;
	n = tfo_connect(c, (struct sockaddr *)&ss, len, payload, LEN,
	    TFO_DONTWAIT);
	e = errno;
	if (accepts && test_expect()->shim != NULL &&
	    !test_expect_syn_data(mode, 1, LEN))
		skip("%s: returns bytes queued before the handshake: %s can "
		    "queue only after a handshake, which a full listener never "
		    "finishes", what, test_expect()->shim);
	else if (accepts)
		ok(n >= 1 && n <= LEN, "%s: returns the 1..%d bytes the kernel "
		    "accepted (got %zd, %s)", what, LEN, n, n == -1 ?
		    strerror(e) : "-");
	else
		ok(n == -1 && e == EINPROGRESS, "%s: -1 EINPROGRESS, nothing "
		    "queued (got %zd, %s)", what, n, strerror(e));
	done = n > 0 ? (size_t)n : 0;
	gp = getpeername(c, (struct sockaddr *)&peer, &plen);
	e = errno;
	ok(gp == -1 && e == ENOTCONN, "%s: returned while the handshake was "
	    "under way (getpeername: %s)", what, gp == 0 ? "connected" :
	    strerror(e));
	ok((fcntl(c, F_GETFL) & O_NONBLOCK) == 0, "%s: the socket is still "
	    "blocking", what);

	shutdown(filler, SHUT_WR);
	n = test_accept_read(l, got, sizeof(got), &syn, 10);
	ok(n == LEN, "%s: the first connection got its %d bytes (got %zd)",
	    what, LEN, n);
	if (test_finish_send(c, payload, LEN, done, 10) == -1)
		diag("%s: finishing the connection: %s", what,
		    strerror(errno));
	shutdown(c, SHUT_WR);
	n = test_accept_read(l, got, sizeof(got), &syn, 10);
	ok(n == LEN && memcmp(got, payload, LEN) == 0, "%s: after the queue "
	    "freed, exactly the %d bytes arrived, once (got %zd)", what, LEN,
	    n);
	close(c);
	close(filler);
	close(l);
}

/*
 * A second tfo_connect() on a socket whose first is still under way (a
 * full listen queue holds it) is the caller's mistake: it fails, and must
 * not turn TFO off for the process -- FreeBSD says EINVAL for it, as for
 * a kernel without client TFO.  A fresh socket then still gets TFO with
 * TFO_NO_FALLBACK.
 */
static void
second_call(int mode)
{
	const struct sockaddr *addr;
	struct sockaddr_storage ss;
	socklen_t len, sslen;
	struct test_server *srv;
	char what[128];
	int l, filler, c, fd, e;
	ssize_t n;

	snprintf(what, sizeof(what), "0x%x second tfo_connect() while the "
	    "first is under way", mode);
	l = full_listener("127.0.11.1", &ss, &sslen, &filler);
	c = test_socket(AF_INET, 1);
	n = tfo_connect(c, (struct sockaddr *)&ss, sslen, payload, LEN, 0);
	if (n == -1 && errno != EINPROGRESS)
		bail("first call: %s", strerror(errno));
	errno = 0;
	n = tfo_connect(c, (struct sockaddr *)&ss, sslen, payload, LEN,
	    TFO_NO_FALLBACK);
	e = errno;
	ok(n == -1 && e == EALREADY, "%s: -1 EALREADY (got %zd, %s)", what,
	    n, strerror(e));

	srv = server_at(10, &addr, &len);
	fd = test_socket(AF_INET, 0);
	errno = 0;
	n = tfo_connect(fd, addr, len, payload, LEN, TFO_NO_FALLBACK);
	e = errno;
	ok(n == LEN, "%s: then a fresh socket still gets TFO with "
	    "TFO_NO_FALLBACK (got %zd, %s)", what, n, n == -1 ? strerror(e) :
	    "-");
	server_got(srv, fd, what, test_expect_syn_data(mode, 0, LEN));
	close(fd);
	test_server_stop(srv);
	close(c);
	close(filler);
	close(l);
}

/*
 * A closed port.  No data in the SYN: blocking -1/ECONNREFUSED,
 * non-blocking -1/EINPROGRESS and then ECONNREFUSED from SO_ERROR.  With
 * data in the SYN (a cookie for that IP: cookies are per address, not per
 * port; or 0x207), Linux accepts the bytes before any answer comes, and
 * the contract counts accepted bytes: both return LEN, and the refusal
 * comes back with the next step (poll + SO_ERROR), as after write(2).
 * FreeBSD's sendto() and XNU's connectx() queue the data whether or not
 * it rides in the SYN (semantics.md 2.2, 3.2): LEN there too, then the
 * refusal.
 * Never a SIGPIPE: it keeps its default action in this test.
 */
static void
refused(int mode)
{
	const struct sockaddr *srvaddr;
	struct sockaddr_storage ss;
	socklen_t srvlen, len;
	struct test_server *srv = server_at(5, &srvaddr, &srvlen);
	char what[128];
	int closed, fd, nb, second, e, accepts, r;
	ssize_t n;

	/* A bound socket that does not listen keeps the port closed. */
	closed = test_socket(AF_INET, 0);
	if (test_sockaddr("127.0.5.1", 0, &ss, &len) == -1 ||
	    bind(closed, (struct sockaddr *)&ss, len) == -1 ||
	    getsockname(closed, (struct sockaddr *)&ss, &len) == -1)
		bail("closed port: %s", strerror(errno));
	for (second = 0; second < 2; second++) {
		if (second) {	/* fetch a cookie for 127.0.5.1 */
			fd = test_socket(AF_INET, 0);
			n = tfo_connect(fd, srvaddr, srvlen, payload, LEN, 0);
			is_int(n, LEN, "0x%x refused: the cookie connection",
			    mode);
			snprintf(what, sizeof(what), "0x%x refused: the "
			    "cookie connection", mode);
			server_got(srv, fd, what,
			    test_expect_syn_data(mode, 0, LEN));
			close(fd);
		}
		for (nb = 0; nb < 2; nb++) {
			snprintf(what, sizeof(what), "0x%x closed port %s %s",
			    mode, nb ? "non-blocking" : "blocking",
			    second ? "cookie" : "first");
			accepts = test_expect_accepts(mode, second, LEN);
			fd = test_socket(AF_INET, nb);
			errno = 0;
			n = tfo_connect(fd, (struct sockaddr *)&ss, len,
			    payload, LEN, 0);
			e = errno;
			/*
			 * A blocking call waits for the handshake, as
			 * connect(2) does, so the refusal is its answer.
			 */
			if (accepts && nb)
				ok(n == LEN, "%s: returns the %d bytes accepted "
				    "(got %zd, %s)", what, LEN, n,
				    n == -1 ? strerror(e) : "-");
			else if (nb)
				ok(n == -1 && e == EINPROGRESS, "%s: -1 "
				    "EINPROGRESS (got %zd, %s)", what, n,
				    strerror(e));
			else
				ok(n == -1 && e == ECONNREFUSED, "%s: -1 "
				    "ECONNREFUSED (got %zd, %s)", what, n,
				    strerror(e));
			if (nb) {
				errno = 0;
				r = test_finish_send(fd, payload, LEN, LEN, 10);
				e = errno;
				ok(r == -1 && e == ECONNREFUSED, "%s: then "
				    "ECONNREFUSED (got %d, %s)", what, r,
				    strerror(e));
			}
			close(fd);
		}
	}
	ok(test_server_quiet(srv), "0x%x closed port: no stray connection",
	    mode);
	close(closed);
	test_server_stop(srv);
}

/*
 * The peer resets the connection while a blocking call is still sending
 * (16 MiB; a child process reads a little, then closes with RST).  Bytes
 * were queued, some delivered, before the reset, so -1 ("nothing
 * queued") would invite a duplicate retry: like write(2), the call
 * returns the count accepted, and the next write reports the reset.  No
 * SIGPIPE either way (it keeps its default action here).
 */
static void
peer_reset(int mode)
{
	struct sockaddr_storage ss;
	socklen_t len;
	struct linger lg = { 1, 0 };
	size_t big = 16u << 20;
	char *buf, what[64];
	int l, c, a, status, e;
	pid_t pid;
	ssize_t n;

	snprintf(what, sizeof(what), "0x%x peer reset mid-send", mode);
	if (test_sockaddr("127.0.8.1", 0, &ss, &len) == -1)
		bail("address");
	l = test_socket(AF_INET, 0);
	if (bind(l, (struct sockaddr *)&ss, len) == -1 || listen(l, 1) == -1 ||
	    getsockname(l, (struct sockaddr *)&ss, &len) == -1)
		bail("listener: %s", strerror(errno));
	fflush(stdout);
	pid = fork();
	if (pid == -1)
		bail("fork: %s", strerror(errno));
	if (pid == 0) {
		char some[1000];

		alarm(10);
		a = accept(l, NULL, NULL);
		if (a == -1 || read(a, some, sizeof(some)) <= 0)
			_exit(1);
		(void)setsockopt(a, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
		close(a);
		_exit(0);
	}
	close(l);
	if ((buf = calloc(1, big)) == NULL)
		bail("out of memory");
	c = test_socket(AF_INET, 0);
	errno = 0;
	n = tfo_connect(c, (struct sockaddr *)&ss, len, buf, big, 0);
	e = errno;
	ok(n > 0 && (size_t)n < big && e == 0, "%s: the bytes accepted "
	    "before the reset, errno untouched (got %zd, %s)", what, n,
	    strerror(e));
	n = send(c, buf, 1, MSG_NOSIGNAL);
	e = errno;
	ok(n == -1 && (e == ECONNRESET || e == EPIPE), "%s: the next write "
	    "reports the reset, no SIGPIPE (got %zd, %s)", what, n,
	    strerror(e));
	ok(waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	    WEXITSTATUS(status) == 0, "%s: the peer read and reset", what);
	close(c);
	free(buf);
}

/*
 * Addresses as getaddrinfo() hands them out (ai_addr, ai_addrlen), and
 * the common habit of passing sizeof(struct sockaddr_storage) instead:
 * both connect and deliver, IPv4 and IPv6.
 */
static void
getaddrinfo_friendly(int mode)
{
	static const char *const hosts[] = { "127.0.7.1", "fd00::7" };
	struct addrinfo hints, *ai;
	struct sockaddr_storage ss;
	const struct sockaddr *a;
	struct test_server *srv;
	socklen_t len;
	char what[128], port[8];
	int h, big, fd;
	ssize_t n;

	if (test_lo_add_ipv6("fd00::7", 128) == -1)
		bail("fd00::7: %s", strerror(errno));
	for (h = 0; h < 2; h++) {
		if (test_sockaddr(hosts[h], 0, &ss, &len) == -1 ||
		    (srv = test_server_start((struct sockaddr *)&ss, len, 16,
		    NULL)) == NULL)
			bail("server at %s", hosts[h]);
		a = test_server_addr(srv, &len);
		snprintf(port, sizeof(port), "%u", ntohs(a->sa_family ==
		    AF_INET ? ((const struct sockaddr_in *)a)->sin_port :
		    ((const struct sockaddr_in6 *)a)->sin6_port));
		memset(&hints, 0, sizeof(hints));
		hints.ai_socktype = SOCK_STREAM;
		hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
		if (getaddrinfo(hosts[h], port, &hints, &ai) != 0)
			bail("getaddrinfo %s", hosts[h]);
		for (big = 0; big < 2; big++) {
			snprintf(what, sizeof(what), "0x%x getaddrinfo %s, "
			    "addrlen %s", mode, hosts[h], big ?
			    "sizeof(struct sockaddr_storage)" : "ai_addrlen");
			memset(&ss, 0, sizeof(ss));
			memcpy(&ss, ai->ai_addr, ai->ai_addrlen);
			fd = socket(ai->ai_family, ai->ai_socktype,
			    ai->ai_protocol);
			if (fd == -1)
				bail("socket: %s", strerror(errno));
			errno = 0;
			n = tfo_connect(fd, (struct sockaddr *)&ss, big ?
			    (socklen_t)sizeof(ss) : ai->ai_addrlen, payload,
			    LEN, 0);
			ok(n == LEN, "%s: returns %d (got %zd, %s)", what, LEN,
			    n, n == -1 ? strerror(errno) : "-");
			server_got(srv, fd, what,
			    test_expect_syn_data(mode, big, LEN));
			close(fd);
		}
		freeaddrinfo(ai);
		test_server_stop(srv);
	}
}

/* One blocking call; asserts it and the server; returns the SYN flag. */
static int
one_call(struct test_server *srv, const struct sockaddr *addr,
    socklen_t len, const char *what, int want_syn)
{
	int fd = test_socket(AF_INET, 0), syn;
	ssize_t n = tfo_connect(fd, addr, len, payload, LEN, 0);

	is_int(n, LEN, "%s: returns %d", what, LEN);
	syn = server_got(srv, fd, what, want_syn);
	close(fd);
	return syn;
}

/*
 * The run-time verdict.  With a cookie in hand, the kernel is made to
 * refuse TFO (sysctl 0; for macOS, whose connectx() is never refused for
 * its sysctl, a kernel without connectx(): ENOSYS, semantics.md 3.1,
 * through the shim's switch): the call falls back and the refusal is
 * remembered.
 * Switched back on, the next call still goes plainly (the cached verdict),
 * and TFO resumes after TFO_RETRY_SECONDS, within a second of that.
 */
static void
verdict(int mode)
{
	const struct sockaddr *addr;
	socklen_t len;
	struct test_server *srv = server_at(6, &addr, &len);
	char what[128];
	double refused_at, t;
	int syn = 0, calls = 0, bad = 0;
	struct test_conn conn;
	ssize_t n;
	int fd;

	one_call(srv, addr, len, "verdict: fetch a cookie",
	    test_expect_syn_data(mode, 0, LEN));
	one_call(srv, addr, len, "verdict: the cookie works",
	    test_expect_syn_data(mode, 1, LEN));
	if (test_expect_refuse(1, mode) == -1)
		bail("refusing TFO: %s", strerror(errno));
	refused_at = test_now();
	one_call(srv, addr, len, "verdict: TFO refused, the call falls back",
	    0);
	if (test_expect_refuse(0, mode) == -1)
		bail("taking TFO back: %s", strerror(errno));
	one_call(srv, addr, len, "verdict: TFO back on, the cached "
	    "refusal still holds", 0);
	if (!test_expect()->tfo) {
		skip("backend %s has no TFO to resume", tfo_backend());
		test_server_stop(srv);
		return;
	}
	/*
	 * FreeBSD disabled the path to this server when its SYN data was
	 * accepted (t/expect.c): watch for TFO on another port of the same
	 * address, where the cookie still counts.
	 */
	if (!test_expect_syn_again()) {
		test_server_stop(srv);
		srv = server_at(6, &addr, &len);
	}
	/* Quietly poll every 100 ms; each call must still deliver. */
	while (!syn && (t = test_now() - refused_at) < TFO_RETRY_SECONDS + 1) {
		struct timespec pause = { 0, 100000000 };

		nanosleep(&pause, NULL);
		fd = test_socket(AF_INET, 0);
		n = tfo_connect(fd, addr, len, payload, LEN, 0);
		shutdown(fd, SHUT_WR);
		if (test_server_next(srv, &conn, 10) == -1)
			bail("verdict: the server lost a connection");
		if (n != LEN || conn.len != LEN ||
		    memcmp(conn.data, payload, LEN) != 0)
			++bad;
		syn = conn.syn_data;
		test_conn_free(&conn);
		close(fd);
		++calls;
	}
	t = test_now() - refused_at;
	snprintf(what, sizeof(what), "0x%x verdict", mode);
	is_int(bad, 0, "%s: all %d calls while waiting delivered exactly "
	    "their bytes", what, calls);
	ok(syn && t >= TFO_RETRY_SECONDS - 1 && t < TFO_RETRY_SECONDS + 1,
	    "%s: TFO resumed %.1f s after the refusal (expected %d..%d s)",
	    what, t, TFO_RETRY_SECONDS - 1, TFO_RETRY_SECONDS + 1);
	test_server_stop(srv);
}

static void
run_mode(int mode, void *arg)
{
	int r;

	(void)arg;
	/* First, while no verdict is cached in this process. */
	no_fallback(mode);
	kernel_allows(mode);
	errno = 0;
	r = tfo_used(-1);
	ok(r == -1 && errno == EBADF, "0x%x tfo_used(-1): -1 EBADF", mode);
	deferred(mode);
	listen_and_accept(mode);
	dontwait(mode);
	if (!test_expect_refused(mode))	/* else there is no TFO to lose */
		second_call(mode);
	refused(mode);
	getaddrinfo_friendly(mode);
	peer_reset(mode);
	if (mode == TEST_MODE_BOTH)
		verdict(mode);	/* last: it switches the sysctl */
}

int
main(void)
{
	static const int modes[] = { TEST_MODE_OFF, TEST_MODE_CLIENT,
	    TEST_MODE_BOTH, TEST_MODE_NOCOOKIE };
	int run[4], n;

	(void)test_expect();
	signal(SIGPIPE, SIG_DFL);	/* a SIGPIPE fails the test */
	ok(strcmp(tfo_backend(), EXPECTED_BACKEND) == 0, "tfo_backend() is "
	    "\"%s\", as configured (got \"%s\")", EXPECTED_BACKEND,
	    tfo_backend());
	test_pattern(payload, LEN, 7);
	n = test_expect_modes(modes, 4, run);
	test_in_modes(run, n, run_mode, NULL, 60);
	return done_testing();
}

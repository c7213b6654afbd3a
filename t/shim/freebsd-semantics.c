/* SPDX-License-Identifier: ISC */
/*
 * The freebsd backend, run on Linux through the FreeBSD shim
 * (t/shim/freebsd.c): the public API must keep its one contract on top of
 * setsockopt(TCP_FASTOPEN) and sendto()'s implied connect, and every
 * server must see the exact bytes, exactly once.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include "tfo.h"
#include "tfo_socket.h"
#include "harness.h"

static int
t_backend(int n)
{
	(void)n;
	if (strcmp(tfo_backend(), "freebsd") != 0)
		return fail("backend %s", tfo_backend());
	return CASE_PASS;
}

static int
t_kernel_allows(int n)
{
	static const struct {
		const char *rfc7413, *client, *server;
		int want_client, want_server;
	} want[] = {
		{ "1", "1", "0", TFO_YES, TFO_NO },	/* FreeBSD's defaults */
		{ "1", "1", "1", TFO_YES, TFO_YES },
		{ "1", "0", "1", TFO_NO, TFO_YES },
		{ "0", "1", "1", TFO_NO, TFO_NO },	/* no TFO compiled in */
	};
	size_t i;
	int c, s;

	(void)n;
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		setenv("TFO_SHIM_RFC7413", want[i].rfc7413, 1);
		setenv("TFO_SHIM_CLIENT_ENABLE", want[i].client, 1);
		setenv("TFO_SHIM_SERVER_ENABLE", want[i].server, 1);
		c = tfo_kernel_allows(TFO_CLIENT);
		s = tfo_kernel_allows(TFO_SERVER);
		if (c != want[i].want_client || s != want[i].want_server)
			return fail("case %zu: client %d server %d", i, c, s);
	}
	return CASE_PASS;
}

/* Unset, client_enable and server_enable follow the Linux switch. */
static int
t_follows_namespace(int n)
{
	int c1, s1, c2, s2;

	(void)n;
	unsetenv("TFO_SHIM_CLIENT_ENABLE");
	unsetenv("TFO_SHIM_SERVER_ENABLE");
	if (test_set_mode(1) == -1)
		return fail("harness failed");
	c1 = tfo_kernel_allows(TFO_CLIENT);
	s1 = tfo_kernel_allows(TFO_SERVER);
	(void)test_set_mode(2);
	c2 = tfo_kernel_allows(TFO_CLIENT);
	s2 = tfo_kernel_allows(TFO_SERVER);
	if (test_set_mode(3) == -1)
		return fail("could not restore the namespace's sysctl");
	if (c1 != TFO_YES || s1 != TFO_NO || c2 != TFO_NO || s2 != TFO_YES)
		return fail("Linux 1: %d %d, Linux 2: %d %d", c1, s1, c2, s2);
	return CASE_PASS;
}

/*
 * sendto() queues everything and returns the count, never EINPROGRESS.
 * tfo_used(): against this Linux server a cookie request keeps the TFO
 * flag (the SYN-ACK brings a cookie: NEGOTIATED); a SYN whose data was
 * accepted loses it (the SYN-ACK has no TFO option, tcp_input.c:
 * tcp_do_segment calls tcp_fastopen_disable_path): UNKNOWN.
 */
static int
check(int n, int cookie, int nonblock, size_t len, int want_syn,
    int want_used)
{
	struct result r;

	if (exchange(n, cookie, nonblock, len, &r) == -1)
		return fail("harness failed");
	if (r.ret != (ssize_t)len)
		return fail("tfo_connect: %zd (%s), want %zu", r.ret,
		    strerror(r.err), len);
	if (exact(&r, len) != 0)
		return CASE_FAIL;
	if (r.seen.syn_data != want_syn)
		return fail("server SYN data %d, want %d", r.seen.syn_data,
		    want_syn);
	if (r.used != want_used)
		return fail("tfo_used %d, want %d", r.used, want_used);
	return CASE_PASS;
}

static int t_nb_nocookie(int n) { return check(n, 0, 1, 100, 0, TFO_NEGOTIATED); }
static int t_nb_cookie(int n) { return check(n, 1, 1, 100, 1, TFO_UNKNOWN); }
static int t_b_nocookie(int n) { return check(n, 0, 0, 100, 0, TFO_NEGOTIATED); }
static int t_b_cookie(int n) { return check(n, 1, 0, 100, 1, TFO_UNKNOWN); }

/* Without TFO compiled in: ENOPROTOOPT, a plain connect on the same call. */
static int
t_enoprotoopt(int n)
{
	setenv("TFO_SHIM_RFC7413", "0", 1);
	return check(n, 1, 0, 100, 0, TFO_NO);
}

/*
 * Both sysctls off: EPERM, a plain connect.  Non-blocking, that is the
 * plain path's EINPROGRESS with nothing queued: the caller sends it all.
 */
static int
t_eperm(int n)
{
	setenv("TFO_SHIM_CLIENT_ENABLE", "0", 1);
	setenv("TFO_SHIM_SERVER_ENABLE", "0", 1);
	return plain_nonblocking(n);
}

/*
 * 10.3-11.x had server TFO only: TCP_FASTOPEN is taken on any socket and
 * never says EINVAL (10.4 tcp_usrreq.c:tcp_ctloutput), sendto() then
 * makes a plain connection.  No client_enable sysctl: the backend
 * refuses at once, so TFO_NO_FALLBACK says so and nothing is sent.
 */
static int
t_release_11(int n)
{
	setenv("TFO_SHIM_RELEASE", "11.4", 1);
	if (tfo_kernel_allows(TFO_CLIENT) != TFO_NO)
		return fail("tfo_kernel_allows(TFO_CLIENT) %d",
		    tfo_kernel_allows(TFO_CLIENT));
	if (refused_nofallback(n) != CASE_PASS)
		return CASE_FAIL;
	return check(n + 128, 1, 0, 100, 0, TFO_NO);
}

/*
 * client_enable 0, server_enable 1: the option is taken and the kernel
 * connects, asking for a cookie it cannot keep (tcp_fastopen.c: disabled
 * cache): never TFO.  TFO_NO_FALLBACK must refuse; without it, a plain
 * connect.
 */
static int
t_client_off(int n)
{
	setenv("TFO_SHIM_CLIENT_ENABLE", "0", 1);
	setenv("TFO_SHIM_SERVER_ENABLE", "1", 1);
	if (refused_nofallback(n) != CASE_PASS)
		return CASE_FAIL;
	return check(n + 128, 1, 0, 100, 0, TFO_NO);
}

/*
 * The path rule: data accepted in the SYN by a Linux server, whose
 * SYN-ACK then has no TFO option, disables TFO to that server for
 * net.inet.tcp.fastopen.path_disable_time (900 s): the next connection
 * carries no data and asks for no cookie (tcp_fastopen_connect).
 */
static int
t_path_disabled(int n)
{
	struct test_server *ts;
	struct test_conn conn;
	struct sockaddr_in sin;
	const struct sockaddr *sa;
	socklen_t len;
	char ip[16], buf[100];
	int i, fd, used[3], syn[3];

	case_ip(n, ip);
	test_pattern(buf, sizeof(buf), SHIM_SEED);
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	inet_pton(AF_INET, ip, &sin.sin_addr);
	if ((ts = test_server_start((struct sockaddr *)&sin, sizeof(sin), 16,
	    NULL)) == NULL)
		return fail("harness failed");
	sa = test_server_addr(ts, &len);
	for (i = 0; i < 3; i++) {
		fd = test_socket(AF_INET, 0);
		if (tfo_connect(fd, sa, len, buf, sizeof(buf), 0) !=
		    (ssize_t)sizeof(buf))
			return fail("tfo_connect %d: %s", i, strerror(errno));
		used[i] = tfo_used(fd);
		shutdown(fd, SHUT_WR);
		if (test_server_next(ts, &conn, CASE_SECONDS) == -1 ||
		    conn.len != sizeof(buf))
			return fail("server, connection %d", i);
		syn[i] = conn.syn_data;
		test_conn_free(&conn);
		close(fd);
	}
	test_server_stop(ts);
	if (syn[0] || !syn[1] || syn[2])
		return fail("SYN data %d %d %d, want 0 1 0", syn[0], syn[1],
		    syn[2]);
	if (used[0] != TFO_NEGOTIATED || used[1] != TFO_UNKNOWN ||
	    used[2] != TFO_UNKNOWN)
		return fail("tfo_used %d %d %d", used[0], used[1], used[2]);
	return CASE_PASS;
}

/* Each refusal with TFO_NO_FALLBACK: EOPNOTSUPP, the socket untouched. */
static int
t_nofallback(int n)
{
	struct server s;
	struct seen seen;
	char ip[16], buf[100];
	ssize_t r;
	int fd;

	setenv("TFO_SHIM_RFC7413", "0", 1);
	case_ip(n, ip);
	test_pattern(buf, sizeof(buf), SHIM_SEED);
	if (server_start(&s, ip, 1) == -1)
		return fail("harness failed");
	fd = test_socket(AF_INET, 0);
	r = tfo_connect(fd, (struct sockaddr *)&s.addr, sizeof(s.addr), buf,
	    sizeof(buf), TFO_NO_FALLBACK);
	if (r != -1 || errno != EOPNOTSUPP)
		return fail("tfo_connect: %zd (%s)", r, strerror(errno));
	if (connect(fd, (struct sockaddr *)&s.addr, sizeof(s.addr)) == -1)
		return fail("connect after refusal: %s", strerror(errno));
	if (finish(fd, buf, sizeof(buf), 0) == -1)
		return fail("write failed");
	close(fd);
	if (server_wait(&s, &seen) == -1 || seen.bytes != sizeof(buf) ||
	    !seen.pattern_ok)
		return fail("server: %lld bytes", seen.bytes);
	return CASE_PASS;
}

/*
 * No room for a byte: EAGAIN before the implied connect.  Non-blocking:
 * EINPROGRESS with nothing queued, the caller sends it all.
 */
static int
t_nb_sndbuf_full(int n)
{
	struct result r;

	setenv("TFO_SHIM_SNDBUF_FULL", "1", 1);
	if (exchange(n, 1, 1, 100, &r) == -1)
		return fail("harness failed");
	if (r.ret != -1 || r.err != EINPROGRESS)
		return fail("tfo_connect: %zd (%s), want EINPROGRESS", r.ret,
		    strerror(r.err));
	return exact(&r, 100);
}

/* The same on a blocking socket: the common code sends it all. */
static int
t_b_sndbuf_full(int n)
{
	struct result r;

	setenv("TFO_SHIM_SNDBUF_FULL", "1", 1);
	if (exchange(n, 1, 0, 100, &r) == -1)
		return fail("harness failed");
	if (r.ret != 100)
		return fail("tfo_connect: %zd (%s)", r.ret, strerror(r.err));
	return exact(&r, 100);
}

static int
t_nb_partial(int n)
{
	size_t len = 4 << 20;
	struct result r;

	client_sndbuf = 4096;
	if (exchange(n, 1, 1, len, &r) == -1)
		return fail("harness failed");
	if (r.ret <= 0 || (size_t)r.ret >= len)
		return fail("tfo_connect: %zd (%s), want 0 < n < %zu", r.ret,
		    strerror(r.err), len);
	diag("accepted %zd of %zu", r.ret, len);
	return exact(&r, len);
}

/* Blocking, more than the socket buffer takes: the library sends the rest. */
static int
t_b_partial(int n)
{
	size_t len = 4 << 20;
	struct result r;

	client_sndbuf = 4096;
	if (exchange(n, 1, 0, len, &r) == -1)
		return fail("harness failed");
	if (r.ret != (ssize_t)len)
		return fail("tfo_connect: %zd (%s), want %zu", r.ret,
		    strerror(r.err), len);
	return exact(&r, len);
}

static int
refused(int n, int nonblock)
{
	struct sockaddr_in sin;
	char ip[16], buf[100], c;
	ssize_t r;
	int fd;

	case_ip(n, ip);
	test_pattern(buf, sizeof(buf), SHIM_SEED);
	if (closed_port(ip, &sin) == -1)
		return fail("harness failed");
	fd = test_socket(AF_INET, nonblock);
	r = tfo_connect(fd, (struct sockaddr *)&sin, sizeof(sin), buf,
	    sizeof(buf), 0);
	/* A blocking call waits for the handshake: the refusal is its answer. */
	if (!nonblock) {
		if (r != -1 || errno != ECONNREFUSED)
			return fail("tfo_connect: %zd (%s), want -1 "
			    "ECONNREFUSED", r, strerror(errno));
		close(fd);
		return CASE_PASS;
	}
	if (r != (ssize_t)sizeof(buf))
		return fail("tfo_connect: %zd (%s)", r, strerror(errno));
	if (recv(fd, &c, 1, 0) != -1 || errno != ECONNREFUSED)
		return fail("recv: %s", strerror(errno));
	close(fd);
	return CASE_PASS;
}

static int t_nb_refused(int n) { return refused(n, 1); }
static int t_b_refused(int n) { return refused(n, 0); }

/*
 * FreeBSD appends data to a connected socket and ignores the address:
 * the backend must refuse with EISCONN, and the server see nothing more.
 */
static int
t_connected(int n)
{
	struct server s;
	struct seen seen;
	char ip[16], buf[100];
	ssize_t r;
	int fd;

	case_ip(n, ip);
	test_pattern(buf, sizeof(buf), SHIM_SEED);
	if (server_start(&s, ip, 1) == -1)
		return fail("harness failed");
	fd = test_socket(AF_INET, 0);
	if (connect(fd, (struct sockaddr *)&s.addr, sizeof(s.addr)) == -1)
		return fail("harness failed");
	r = tfo_connect(fd, (struct sockaddr *)&s.addr, sizeof(s.addr), buf,
	    sizeof(buf), 0);
	if (r != -1 || errno != EISCONN)
		return fail("tfo_connect: %zd (%s)", r, strerror(errno));
	shutdown(fd, SHUT_WR);
	close(fd);
	if (server_wait(&s, &seen) == -1 || seen.bytes != 0)
		return fail("server: %lld bytes", seen.bytes);
	/* A caller's error is no verdict on TFO: the next call uses it. */
	return check(n + 128, 1, 1, 100, 1, TFO_UNKNOWN);
}

/*
 * A socket whose SYN goes unanswered (a listener with a full accept
 * queue: Linux tcp_conn_request drops it): fd, in SYN_SENT, or -1.  The
 * listener and its one queued connection stay open in *keep.
 */
static int
connecting_socket(int n, struct sockaddr_in *sin, int keep[2])
{
	socklen_t len = sizeof(*sin);
	char ip[16];
	int fd, state = 0;
	socklen_t slen = sizeof(state);
	struct tcp_info info;

	case_ip(n, ip);
	memset(sin, 0, sizeof(*sin));
	sin->sin_family = AF_INET;
	inet_pton(AF_INET, ip, &sin->sin_addr);
	keep[0] = socket(AF_INET, SOCK_STREAM, 0);
	if (keep[0] == -1 || bind(keep[0], (struct sockaddr *)sin,
	    sizeof(*sin)) == -1 || listen(keep[0], 0) == -1 ||
	    getsockname(keep[0], (struct sockaddr *)sin, &len) == -1)
		return -1;
	keep[1] = test_socket(AF_INET, 0);
	if (connect(keep[1], (struct sockaddr *)sin, sizeof(*sin)) == -1)
		return -1;
	usleep(20000);	/* its handshake over: the queue is full */
	fd = test_socket(AF_INET, 1);
	if (connect(fd, (struct sockaddr *)sin, sizeof(*sin)) == 0 ||
	    errno != EINPROGRESS)
		return -1;
	usleep(20000);
	slen = sizeof(info);
	if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &info, &slen) == -1 ||
	    info.tcpi_state != TCP_SYN_SENT) {
		diag("state %d, not SYN_SENT", info.tcpi_state);
		return -1;
	}
	(void)state;
	return fd;
}

/*
 * Before 13.0 TCP_FASTOPEN has no state check, and sendto() past CLOSED
 * appends to the stream (tcp_usr_send): a second call on a connecting
 * socket must be stopped before the kernel, with EALREADY, or its bytes
 * would go twice (once by the kernel, once by the caller told nothing
 * was queued).
 */
static int
t_second_call_12(int n)
{
	struct sockaddr_in sin;
	char buf[100];
	int fd, keep[2] = { -1, -1 };
	ssize_t r;

	setenv("TFO_SHIM_RELEASE", "12.4", 1);
	test_pattern(buf, sizeof(buf), SHIM_SEED);
	if ((fd = connecting_socket(n, &sin, keep)) == -1)
		return fail("harness failed: %s", strerror(errno));
	r = tfo_connect(fd, (struct sockaddr *)&sin, sizeof(sin), buf,
	    sizeof(buf), 0);
	if (r != -1 || errno != EALREADY)
		return fail("tfo_connect: %zd (%s), want -1 EALREADY", r,
		    r == -1 ? strerror(errno) : "");
	close(fd);
	close(keep[1]);
	close(keep[0]);
	return CASE_PASS;
}

/*
 * A connection that was refused is dropped for good (INP_DROPPED):
 * FreeBSD's TCP options then say ECONNRESET (tcp_ctloutput) and
 * connect(2) ECONNREFUSED (tcp_usr_connect); Linux would connect the
 * socket again.  The library says EISCONN ("was connected") and sends
 * nothing.
 */
static int
t_dropped(int n)
{
	struct sockaddr_in sin;
	struct server s;
	char ip[16], buf[100];
	ssize_t r;
	int fd;

	case_ip(n, ip);
	test_pattern(buf, sizeof(buf), SHIM_SEED);
	if (closed_port(ip, &sin) == -1)
		return fail("harness failed");
	/* Refused after queueing: the next call reports it (recv here). */
	fd = test_socket(AF_INET, 1);
	r = tfo_connect(fd, (struct sockaddr *)&sin, sizeof(sin), buf,
	    sizeof(buf), 0);
	if (r != (ssize_t)sizeof(buf) || recv(fd, buf, 1, 0) != -1 ||
	    errno != ECONNREFUSED)
		return fail("harness failed: %zd, %s", r, strerror(errno));
	if (server_start(&s, ip, 1) == -1)
		return fail("harness failed");
	r = tfo_connect(fd, (struct sockaddr *)&s.addr, sizeof(s.addr), buf,
	    sizeof(buf), 0);
	if (r != -1 || errno != EISCONN)
		return fail("tfo_connect: %zd (%s), want -1 EISCONN", r,
		    r == -1 ? strerror(errno) : "");
	return server_saw_nothing(fd, &s);
}

/*
 * server_enable 0: the kernel takes the option before listen(2) with the
 * client switch on, and the listener then serves no TFO (tcp_syncache.c:
 * syncache_add reads server_enable).  socket_fastopen() says EPERM, what
 * FreeBSD says on a listener.
 */
static int
t_server_off_before_listen(int n)
{
	int fd = listener(n);

	setenv("TFO_SHIM_SERVER_ENABLE", "0", 1);
	setenv("TFO_SHIM_CLIENT_ENABLE", "1", 1);
	if (fd == -1)
		return fail("harness failed");
	if (socket_fastopen(fd) != -1 || errno != EPERM)
		return fail("socket_fastopen before listen: %s",
		    strerror(errno));
	return CASE_PASS;
}

/*
 * The call after one whose implied connect failed, on the same socket:
 * where the kernel kept the failed call's bytes (before 13.1) EISCONN and
 * nothing sent, else a normal connection that delivers buf once.
 */
static int
next_call_after_failure(int fd, struct server *s, const char *buf,
    size_t len, int stale_kept)
{
	struct seen seen;
	ssize_t r;
	int nonblocking;

	r = tfo_connect(fd, (struct sockaddr *)&s->addr, sizeof(s->addr), buf,
	    len, 0);
	if (stale_kept) {
		if (r != -1 || errno != EISCONN)
			return fail("second call: %zd (%s), want -1 EISCONN", r,
			    r == -1 ? strerror(errno) : "");
		return server_saw_nothing(fd, s);
	}
	nonblocking = (fcntl(fd, F_GETFL) & O_NONBLOCK) != 0;
	if (r != (ssize_t)len &&
	    !(nonblocking && (r >= 0 || errno == EINPROGRESS)))
		return fail("second call: %zd (%s), want %zu%s", r,
		    r == -1 ? strerror(errno) : "", len,
		    nonblocking ? " or part" : "");
	if (test_finish_send(fd, buf, len, r > 0 ? (size_t)r : 0, 10) == -1)
		return fail("finishing the send: %s", strerror(errno));
	shutdown(fd, SHUT_WR);
	close(fd);
	if (server_wait(s, &seen) == -1 || seen.bytes != (long long)len ||
	    !seen.pattern_ok)
		return fail("server: %lld bytes, want %zu once", seen.bytes,
		    len);
	return CASE_PASS;
}

/*
 * A call whose implied connect fails at once (no route: ENETUNREACH).
 * Before 13.1 the kernel keeps the bytes (tcp_usr_send appends, then
 * tcp_connect fails, no sbflush): the socket is not fresh, and a second
 * call must not send them ahead of its own.  From 13.1 it flushed them
 * and the socket connects again normally.
 */
static int
stale(int n, const char *release, int stale_kept)
{
	struct sockaddr_in nowhere;
	struct server s;
	char ip[16], buf[100];
	ssize_t r;
	int fd;

	setenv("TFO_SHIM_RELEASE", release, 1);
	case_ip(n, ip);
	test_pattern(buf, sizeof(buf), SHIM_SEED);
	memset(&nowhere, 0, sizeof(nowhere));
	nowhere.sin_family = AF_INET;
	nowhere.sin_port = htons(9);
	inet_pton(AF_INET, "10.255.0.1", &nowhere.sin_addr);
	if (warm_cookie(ip) == -1 || server_start(&s, ip, 1) == -1)
		return fail("harness failed");
	fd = test_socket(AF_INET, 0);
	r = tfo_connect(fd, (struct sockaddr *)&nowhere, sizeof(nowhere), buf,
	    sizeof(buf), 0);
	if (r != -1 || errno != ENETUNREACH)
		return fail("tfo_connect to nowhere: %zd (%s)", r,
		    r == -1 ? strerror(errno) : "");
	return next_call_after_failure(fd, &s, buf, sizeof(buf), stale_kept);
}

static int t_stale_12(int n) { return stale(n, "12.4", 1); }
static int t_stale_14(int n) { return stale(n, "14.2", 0); }

/*
 * The implied connect's EAGAIN (in_pcbinshash out of memory) after the
 * data was copied comes back from sendto() as the count (kern_sendit,
 * sousrsend), the socket still CLOSED: nothing will be sent, and the
 * call says ENOBUFS.  From 13.1 the bytes were flushed and the socket
 * connects on the next call, each byte once; before, it keeps them, and
 * the next call must not send them ahead of its own (EISCONN).
 */
static int
connect_eagain(int n, const char *release, int stale_kept)
{
	struct server s;
	char ip[16], buf[100];
	ssize_t r;
	int fd;

	setenv("TFO_SHIM_RELEASE", release, 1);
	setenv("TFO_SHIM_CONNECT_EAGAIN", "1", 1);
	case_ip(n, ip);
	test_pattern(buf, sizeof(buf), SHIM_SEED);
	if (server_start(&s, ip, 1) == -1)
		return fail("harness failed");
	fd = test_socket(AF_INET, 1);
	r = tfo_connect(fd, (struct sockaddr *)&s.addr, sizeof(s.addr), buf,
	    sizeof(buf), 0);
	if (r != -1 || errno != ENOBUFS)
		return fail("tfo_connect: %zd (%s), want -1 ENOBUFS", r,
		    r == -1 ? strerror(errno) : "");
	unsetenv("TFO_SHIM_CONNECT_EAGAIN");
	if (!test_server_quiet(s.ts))
		return fail("the server saw a connection after the failed call");
	return next_call_after_failure(fd, &s, buf, sizeof(buf), stale_kept);
}

static int t_connect_eagain_12(int n) { return connect_eagain(n, "12.4", 1); }
static int t_connect_eagain_14(int n) { return connect_eagain(n, "14.2", 0); }

/* A listener: EINVAL, and its TFO setting left alone. */
static int
t_listening(int n)
{
	struct sockaddr_in sin;
	socklen_t len = sizeof(sin);
	char buf[10];
	ssize_t r;
	int fd;

	setenv("TFO_SHIM_SERVER_ENABLE", "1", 1);
	test_pattern(buf, sizeof(buf), SHIM_SEED);
	if ((fd = listener(n)) == -1 || listen(fd, 4) == -1 ||
	    getsockname(fd, (struct sockaddr *)&sin, &len) == -1)
		return fail("harness failed");
	r = tfo_connect(fd, (struct sockaddr *)&sin, sizeof(sin), buf,
	    sizeof(buf), 0);
	if (r != -1 || errno != EINVAL)
		return fail("tfo_connect: %zd (%s)", r, strerror(errno));
	if (qlen(fd) != 0)
		return fail("listener's TFO changed: %d", qlen(fd));
	return CASE_PASS;
}

/* FreeBSD takes the option before listen(2): set at once. */
static int
t_server_before_listen(int n)
{
	int fd = listener(n);

	setenv("TFO_SHIM_SERVER_ENABLE", "1", 1);
	if (fd == -1)
		return fail("harness failed");
	if (socket_fastopen(fd) != 0)
		return fail("socket_fastopen: %s", strerror(errno));
	if (qlen(fd) <= 0)
		return fail("TFO not set before listen: %d", qlen(fd));
	if (socket_listen(fd, 16) != 0 || qlen(fd) <= 0)
		return fail("socket_listen: %s, qlen %d", strerror(errno),
		    qlen(fd));
	return CASE_PASS;
}

static int
t_tfo_listen(int n)
{
	int fd = listener(n), r;

	setenv("TFO_SHIM_SERVER_ENABLE", "1", 1);
	if (fd == -1)
		return fail("harness failed");
	if ((r = tfo_listen(fd, 16)) != TFO_YES || qlen(fd) <= 0)
		return fail("tfo_listen %d, qlen %d", r, qlen(fd));
	return CASE_PASS;
}

/* server_enable 0 (the default): EPERM in LISTEN state, TFO_NO. */
static int
t_server_off(int n)
{
	int fd = listener(n), r;

	setenv("TFO_SHIM_SERVER_ENABLE", "0", 1);
	if (fd == -1)
		return fail("harness failed");
	if ((r = tfo_listen(fd, 16)) != TFO_NO || qlen(fd) != 0)
		return fail("tfo_listen %d, qlen %d", r, qlen(fd));
	if (socket_fastopen(fd) != -1 || errno != EPERM)
		return fail("socket_fastopen on the listener: %s",
		    strerror(errno));
	return CASE_PASS;
}

/* No deferred SYN on FreeBSD: a plain connect, then the write. */
static int
t_deferred(int n)
{
	struct server s;
	struct seen seen;
	char ip[16], buf[100];
	int fd;

	case_ip(n, ip);
	test_pattern(buf, sizeof(buf), SHIM_SEED);
	if (server_start(&s, ip, 1) == -1)
		return fail("harness failed");
	fd = test_socket(AF_INET, 0);
	if (tfo_connect_deferred(fd, (struct sockaddr *)&s.addr,
	    sizeof(s.addr), 0) != 0)
		return fail("tfo_connect_deferred: %s", strerror(errno));
	if (write(fd, buf, sizeof(buf)) != (ssize_t)sizeof(buf))
		return fail("write: %s", strerror(errno));
	shutdown(fd, SHUT_WR);
	close(fd);
	if (server_wait(&s, &seen) == -1 || seen.bytes != sizeof(buf) ||
	    !seen.pattern_ok)
		return fail("server: %lld bytes", seen.bytes);
	return CASE_PASS;
}

static int
t_seed_connect4(int n)
{
	struct server s;
	struct seen seen;
	char ip[16], buf[100];
	ssize_t r;
	int fd;

	case_ip(n, ip);
	test_pattern(buf, sizeof(buf), SHIM_SEED);
	if (warm_cookie(ip) == -1 || server_start(&s, ip, 1) == -1)
		return fail("harness failed");
	fd = test_socket(AF_INET, 1);
	r = socket_fastopen_connect4(fd, (const char *)&s.addr.sin_addr,
	    ntohs(s.addr.sin_port), buf, sizeof(buf));
	if (r != (ssize_t)sizeof(buf))
		return fail("socket_fastopen_connect4: %zd (%s)", r,
		    strerror(errno));
	finish(fd, buf, sizeof(buf), (size_t)r);
	close(fd);
	if (server_wait(&s, &seen) == -1 || seen.bytes != sizeof(buf) ||
	    !seen.pattern_ok || !seen.syn_data)
		return fail("server: %lld bytes, SYN data %d", seen.bytes,
		    seen.syn_data);
	return CASE_PASS;
}

static const struct {
	const char *desc;
	int (*fn)(int);
} cases[] = {
	{ "tfo_backend() is freebsd", t_backend },
	{ "emulated sysctls follow the namespace's",
	    t_follows_namespace },
	{ "tfo_kernel_allows: client_enable, server_enable, no TFO",
	    t_kernel_allows },
	{ "non-blocking, no cookie: bytes queued, never EINPROGRESS",
	    t_nb_nocookie },
	{ "non-blocking, cookie: data in the SYN, tfo_used NEGOTIATED",
	    t_nb_cookie },
	{ "blocking, no cookie: all bytes, tfo_used NO", t_b_nocookie },
	{ "blocking, cookie: data in the SYN", t_b_cookie },
	{ "ENOPROTOOPT (no TCP_RFC7413): plain fallback", t_enoprotoopt },
	{ "EPERM (both sysctls off), non-blocking: plain EINPROGRESS", t_eperm },
	{ "11.4 (server-only TFO): refused, TFO_NO_FALLBACK says so",
	    t_release_11 },
	{ "client_enable 0: TFO_NO_FALLBACK refused, else a plain connect",
	    t_client_off },
	{ "SYN data accepted by Linux: flag lost, path disabled, no data next",
	    t_path_disabled },
	{ "12.4, a second call on a connecting socket: EALREADY, sent once",
	    t_second_call_12 },
	{ "a dropped connection: EISCONN, nothing sent", t_dropped },
	{ "12.4, implied connect failed, bytes kept: next call EISCONN",
	    t_stale_12 },
	{ "14.2, implied connect failed, bytes flushed: next call connects",
	    t_stale_14 },
	{ "12.4, implied connect's EAGAIN reported as a count: ENOBUFS, "
	    "bytes kept: next call EISCONN", t_connect_eagain_12 },
	{ "14.2, the same, bytes flushed: ENOBUFS, next call connects",
	    t_connect_eagain_14 },
	{ "server_enable 0: socket_fastopen before listen EPERM",
	    t_server_off_before_listen },
	{ "TFO_NO_FALLBACK: EOPNOTSUPP, socket untouched", t_nofallback },
	{ "non-blocking, EAGAIN before the implied connect: EINPROGRESS",
	    t_nb_sndbuf_full },
	{ "blocking, EAGAIN before the implied connect: all bytes",
	    t_b_sndbuf_full },
	{ "non-blocking, 4 MiB: partial acceptance, rest by the caller",
	    t_nb_partial },
	{ "blocking, 4 MiB with a small buffer: every byte, once",
	    t_b_partial },
	{ "non-blocking, refused: bytes queued, next call ECONNREFUSED",
	    t_nb_refused },
	{ "blocking, refused: -1 ECONNREFUSED, like connect(2)",
	    t_b_refused },
	{ "connected socket: EISCONN, nothing appended, TFO still on", t_connected },
	{ "listening socket: EINVAL, its TFO untouched", t_listening },
	{ "socket_fastopen before listen: set at once", t_server_before_listen },
	{ "tfo_listen: TFO_YES and TFO set", t_tfo_listen },
	{ "server_enable 0: tfo_listen NO, socket_fastopen EPERM",
	    t_server_off },
	{ "tfo_connect_deferred: plain connect, then the write", t_deferred },
	{ "socket_fastopen_connect4, non-blocking, cookie", t_seed_connect4 },
};

int
main(void)
{
	size_t i, ncases = sizeof(cases) / sizeof(cases[0]);
	char why[256];

	plan((int)ncases);
	if (test_enter_netns(3, why, sizeof(why)) == -1) {
		for (i = 0; i < ncases; i++)
			skip("no private network namespace: %s", why);
		return done_testing();
	}
	for (i = 0; i < ncases; i++)
		run_case(cases[i].desc, cases[i].fn);
	return done_testing();
}

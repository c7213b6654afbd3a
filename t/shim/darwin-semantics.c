/* SPDX-License-Identifier: ISC */
/*
 * The darwin backend, run on Linux through the XNU shim (t/shim/xnu.c):
 * the public API must keep its one contract on top of connectx()'s
 * answers, and every server must see the exact bytes, exactly once.
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

/* As many requests as the darwin backend's table holds. */
#define PENDING_FILL 64

static int
t_backend(int n)
{
	(void)n;
	if (strcmp(tfo_backend(), "darwin") != 0)
		return fail("backend %s", tfo_backend());
	return CASE_PASS;
}

/* net.inet.tcp.fastopen: 0x1 server, 0x2 client, the reverse of Linux. */
static int
t_kernel_allows(int n)
{
	static const struct {
		const char *value;
		int client, server;
	} want[] = {
		{ "3", TFO_YES, TFO_YES }, { "1", TFO_NO, TFO_YES },
		{ "2", TFO_YES, TFO_NO }, { "0", TFO_NO, TFO_NO },
		{ "missing", TFO_NO, TFO_NO },
	};
	size_t i;
	int c, s;

	(void)n;
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		setenv("TFO_SHIM_FASTOPEN", want[i].value, 1);
		c = tfo_kernel_allows(TFO_CLIENT);
		s = tfo_kernel_allows(TFO_SERVER);
		if (c != want[i].client || s != want[i].server)
			return fail("sysctl %s: client %d server %d",
			    want[i].value, c, s);
	}
	return CASE_PASS;
}

/*
 * Unset, the emulated sysctl follows the namespace's Linux switch with
 * the bits swapped: Linux 1 (client) is XNU 2 (client).
 */
static int
t_follows_namespace(int n)
{
	int c1, s1, c2, s2;

	(void)n;
	unsetenv("TFO_SHIM_FASTOPEN");
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

/* Bytes back, never EINPROGRESS: connectx() queued them all. */
static int
check(int n, int cookie, int nonblock, size_t len, int want_syn)
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
	if (r.used != (want_syn ? TFO_YES : TFO_NO))
		return fail("tfo_used %d", r.used);
	return CASE_PASS;
}

static int t_nb_nocookie(int n) { return check(n, 0, 1, 100, 0); }
static int t_nb_cookie(int n) { return check(n, 1, 1, 100, 1); }
static int t_b_nocookie(int n) { return check(n, 0, 0, 100, 0); }
static int t_b_cookie(int n) { return check(n, 1, 0, 100, 1); }
/*
 * More queued than t_maxopd less 40 bytes and XNU drops TFO for the
 * connection (tcp_output.c:tcp_tfo_check): on an Ethernet route (MSS
 * 1460), 1500 bytes go without; on lo0 (MTU 16384) the 2048 bytes the
 * preconnect buffer takes all ride.
 */
static int
t_b_big(int n)
{
	setenv("TFO_SHIM_MSS", "1460", 1);
	setenv("TFO_SHIM_RELEASE", "15", 1);	/* 2048 bytes queued at once */
	return check(n, 1, 0, 1500, 0);
}

static int t_b_big_lo0(int n) { return check(n, 1, 0, 4000, 1); }

/*
 * One connectx() queues what the preconnect buffer takes (2048 bytes;
 * 1024 on 10.11: uipc_socket2.c:sbspace, tcp_attach) and says
 * EINPROGRESS with *len: a non-blocking tfo_connect() returns that many.
 */
static int
preconnect_queue(int n, const char *release, size_t want)
{
	struct result r;

	setenv("TFO_SHIM_RELEASE", release, 1);
	if (exchange(n, 1, 1, 4000, &r) == -1)
		return fail("harness failed");
	if (r.ret != (ssize_t)want)
		return fail("tfo_connect: %zd (%s), want %zu", r.ret,
		    strerror(r.err), want);
	if (exact(&r, 4000) != 0)
		return CASE_FAIL;
	if (!r.seen.syn_data || r.used != TFO_YES)
		return fail("SYN data %d, tfo_used %d", r.seen.syn_data,
		    r.used);
	return CASE_PASS;
}

static int t_preconnect_15(int n) { return preconnect_queue(n, "15", 2048); }
static int t_preconnect_1011(int n) { return preconnect_queue(n, "10.11", 1024); }

/*
 * Client bit 0x2 off: connectx() would still connect, plainly, with the
 * data queued (TF_FASTOPEN needs the bit: tcp_usr_connectx_common), so
 * the backend refuses first: TFO_NO_FALLBACK says EOPNOTSUPP and sends
 * nothing; without it, the plain path's answer.
 */
static int
t_nb_client_bit_off(int n)
{
	setenv("TFO_SHIM_FASTOPEN", "1", 1);
	if (refused_nofallback(n) != CASE_PASS)
		return CASE_FAIL;
	return plain_nonblocking(n + 128);
}

/* The same for tfo_connect_deferred(), whose connectx() returns 0 anyway. */
static int
t_deferred_client_bit_off(int n)
{
	struct server s;
	char ip[16];
	int fd;

	setenv("TFO_SHIM_FASTOPEN", "1", 1);
	case_ip(n, ip);
	if (server_start(&s, ip, 1) == -1)
		return fail("harness failed");
	fd = test_socket(AF_INET, 1);
	if (tfo_connect_deferred(fd, (struct sockaddr *)&s.addr,
	    sizeof(s.addr), TFO_NO_FALLBACK) != -1 || errno != EOPNOTSUPP)
		return fail("tfo_connect_deferred(TFO_NO_FALLBACK): %s",
		    strerror(errno));
	return server_saw_nothing(fd, &s);
}

/*
 * A connection without SYN data that has ended, both ways shut: XNU's
 * getpeername() says EINVAL then (uipc_syscalls.c:getpeername), which
 * must not turn the answer into TFO_UNKNOWN.  From macOS 13 the ended
 * connection keeps its counts (tcp_connection_fill_info): TFO_NO; before,
 * they read 0 once CLOSED: TFO_UNKNOWN, the honest answer.
 */
static int
ended_plain(int n, const char *release, int want)
{
	struct server s;
	struct seen seen;
	char ip[16], buf[100], c;
	ssize_t r;
	int fd, used, i;

	setenv("TFO_SHIM_RELEASE", release, 1);
	case_ip(n, ip);
	test_pattern(buf, sizeof(buf), SHIM_SEED);
	if (server_start(&s, ip, 1) == -1)
		return fail("harness failed");
	fd = test_socket(AF_INET, 0);
	r = tfo_connect(fd, (struct sockaddr *)&s.addr, sizeof(s.addr), buf,
	    sizeof(buf), 0);
	if (r != (ssize_t)sizeof(buf))
		return fail("tfo_connect: %zd (%s)", r, strerror(errno));
	shutdown(fd, SHUT_WR);
	if (server_wait(&s, &seen) == -1 || seen.bytes != sizeof(buf))
		return fail("server: %lld bytes", seen.bytes);
	if (recv(fd, &c, 1, 0) != 0)
		return fail("no EOF from the server");
	for (i = 0; i < 100 && tfo_used(fd) != want; i++)
		usleep(10000);	/* the last ACK */
	used = tfo_used(fd);
	close(fd);
	if (used != want)
		return fail("tfo_used %d after the end, want %d", used, want);
	return CASE_PASS;
}

static int t_ended_plain(int n) { return ended_plain(n, "15", TFO_NO); }
static int t_ended_plain_12(int n) { return ended_plain(n, "12.6", TFO_UNKNOWN); }

/* The emulated kernel's SO_NOSIGPIPE (xnu_abi.h: 0x1022), from the shim. */
int tfo_shim_xnu_getsockopt(int, int, int, void *, socklen_t *);

static int
tfo_shim_getsockopt_nosigpipe(int fd, int *v)
{
	socklen_t len = sizeof(*v);

	return tfo_shim_xnu_getsockopt(fd, SOL_SOCKET, 0x1022, v, &len);
}

/*
 * No backend changes a socket option the caller did not ask for: after
 * tfo_connect() and tfo_connect_deferred(), SO_NOSIGPIPE is as it was
 * (connectx() itself raises no SIGPIPE: only sendit and soo_write do).
 */
static int
t_nosigpipe_untouched(int n)
{
	struct server s;
	char ip[16], buf[100];
	int fd, v, i;

	case_ip(n, ip);
	test_pattern(buf, sizeof(buf), SHIM_SEED);
	for (i = 0; i < 2; i++) {
		if (server_start(&s, ip, 1) == -1)
			return fail("harness failed");
		fd = test_socket(AF_INET, 0);
		if (i == 0 ? tfo_connect(fd, (struct sockaddr *)&s.addr,
		    sizeof(s.addr), buf, sizeof(buf), 0) != (ssize_t)sizeof(buf) :
		    tfo_connect_deferred(fd, (struct sockaddr *)&s.addr,
		    sizeof(s.addr), 0) != 0)
			return fail("call %d: %s", i, strerror(errno));
		v = -1;
		if (tfo_shim_getsockopt_nosigpipe(fd, &v) == -1 || v != 0)
			return fail("call %d: SO_NOSIGPIPE %d afterwards", i, v);
		close(fd);
		test_server_stop(s.ts);
	}
	return CASE_PASS;
}

/* A first write larger than the socket buffer: part accepted. */
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

/* Refused: the bytes were queued; the next call reports the refusal. */
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
	if (shutdown(fd, SHUT_WR), recv(fd, &c, 1, 0) != -1 ||
	    errno != ECONNREFUSED)
		return fail("recv: %s", strerror(errno));
	close(fd);
	return CASE_PASS;
}

static int t_nb_refused(int n) { return refused(n, 1); }
static int t_b_refused(int n) { return refused(n, 0); }

static int
t_deferred(int n)
{
	struct server s;
	struct seen seen;
	char ip[16], buf[100];
	int fd, used;

	case_ip(n, ip);
	test_pattern(buf, sizeof(buf), SHIM_SEED);
	if (warm_cookie(ip) == -1 || server_start(&s, ip, 1) == -1)
		return fail("harness failed");
	fd = test_socket(AF_INET, 0);
	if (tfo_connect_deferred(fd, (struct sockaddr *)&s.addr,
	    sizeof(s.addr), 0) != 0)
		return fail("tfo_connect_deferred: %s", strerror(errno));
	/* No SYN yet: nobody can tell. */
	if ((used = tfo_used(fd)) != TFO_UNKNOWN)
		return fail("tfo_used before the first write: %d", used);
	if (write(fd, buf, sizeof(buf)) != (ssize_t)sizeof(buf))
		return fail("write: %s", strerror(errno));
	shutdown(fd, SHUT_WR);
	used = tfo_used(fd);
	close(fd);
	if (server_wait(&s, &seen) == -1 || !seen.accepted ||
	    seen.bytes != sizeof(buf) || !seen.pattern_ok)
		return fail("server: %lld bytes", seen.bytes);
	if (!seen.syn_data || used != TFO_YES)
		return fail("SYN data %d, tfo_used %d", seen.syn_data, used);
	return CASE_PASS;
}

/* ENOSYS: no connectx in this kernel; fall back on the same call. */
static int
t_enosys(int n)
{
	setenv("TFO_SHIM_CONNECTX", "enosys", 1);
	return check(n, 1, 0, 100, 0);
}

/* ENOSYS with TFO_NO_FALLBACK: EOPNOTSUPP, and the socket untouched. */
static int
t_enosys_nofallback(int n)
{
	struct server s;
	struct seen seen;
	char ip[16], buf[100];
	ssize_t r;
	int fd;

	setenv("TFO_SHIM_CONNECTX", "enosys", 1);
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

/* libowfat's order: socket_fastopen() first, applied by socket_listen(). */
static int
t_server_before_listen(int n)
{
	int fd = listener(n);

	if (fd == -1)
		return fail("harness failed");
	if (socket_fastopen(fd) != 0)
		return fail("socket_fastopen: %s", strerror(errno));
	if (qlen(fd) != 0)
		return fail("TFO set before listen: %d", qlen(fd));
	if (socket_listen(fd, 16) != 0)
		return fail("socket_listen: %s", strerror(errno));
	if (qlen(fd) <= 0)
		return fail("TFO not applied at listen: %d", qlen(fd));
	return CASE_PASS;
}

/*
 * A request is the socket's, not its descriptor number's: closed before
 * socket_listen(), it must not turn TFO on for the next socket given the
 * same number and bound elsewhere, nor fill the table of pending
 * requests.  The first socket asks after bind(2), libowfat's order: the
 * backend tells sockets apart by their local address (XNU's fstat()
 * cannot); a number alone fails the first part.
 */
static int
t_server_closed_before_listen(int n)
{
	struct sockaddr_in sin;
	char ip[16];
	int fds[PENDING_FILL], s, t, i;

	case_ip(n, ip);
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	inet_pton(AF_INET, ip, &sin.sin_addr);
	/* A request left behind, then its number for a socket that never
	 * asked, on another address of the case's (127.1.n.2). */
	if ((s = socket_tcp4b()) == -1 ||
	    bind(s, (struct sockaddr *)&sin, sizeof(sin)) == -1 ||
	    socket_fastopen(s) != 0)
		return fail("socket_fastopen: %s", strerror(errno));
	close(s);
	if ((t = socket_tcp4b()) != s)
		return fail("descriptor %d not reused (%d)", s, t);
	sin.sin_addr.s_addr = htonl(ntohl(sin.sin_addr.s_addr) + 1);
	if (bind(t, (struct sockaddr *)&sin, sizeof(sin)) == -1 ||
	    socket_listen(t, 16) != 0)
		return fail("socket_listen: %s", strerror(errno));
	if (qlen(t) != 0)
		return fail("TFO on for a socket that never asked: %d",
		    qlen(t));
	close(t);

	/* A full table of requests, all left behind. */
	for (i = 0; i < PENDING_FILL; i++)
		if ((fds[i] = socket_tcp4b()) == -1 ||
		    socket_fastopen(fds[i]) != 0)
			return fail("socket_fastopen #%d: %s", i,
			    strerror(errno));
	for (i = 0; i < PENDING_FILL; i++)
		close(fds[i]);
	/* Their numbers taken by other files: a new request needs a slot. */
	for (i = 0; i < PENDING_FILL; i++)
		if ((fds[i] = open("/dev/null", O_RDONLY)) == -1)
			return fail("open: %s", strerror(errno));
	t = socket_tcp4b();
	i = t == -1 ? -1 : socket_fastopen(t);
	if (t != -1)
		close(t);
	for (s = 0; s < PENDING_FILL; s++)
		close(fds[s]);
	if (i != 0)
		return fail("socket_fastopen after stale requests: %s",
		    strerror(errno));
	return CASE_PASS;
}

static int
t_server_after_listen(int n)
{
	int fd = listener(n);

	if (fd == -1)
		return fail("harness failed");
	if (socket_listen(fd, 16) != 0 || socket_fastopen(fd) != 0)
		return fail("socket_fastopen: %s", strerror(errno));
	if (qlen(fd) <= 0)
		return fail("TFO not set: %d", qlen(fd));
	return CASE_PASS;
}

static int
t_tfo_listen(int n)
{
	int fd = listener(n), r;

	if (fd == -1)
		return fail("harness failed");
	if ((r = tfo_listen(fd, 16)) != TFO_YES || qlen(fd) <= 0)
		return fail("tfo_listen %d, qlen %d", r, qlen(fd));
	return CASE_PASS;
}

/* Server bit (0x1) off: ENOTSUP from the kernel, TFO_NO from us. */
static int
t_server_bit_off(int n)
{
	int fd = listener(n), fd2, r;

	setenv("TFO_SHIM_FASTOPEN", "2", 1);
	if (fd == -1 || (fd2 = listener(n)) == -1)
		return fail("harness failed");
	if ((r = tfo_listen(fd, 16)) != TFO_NO || qlen(fd) != 0)
		return fail("tfo_listen %d, qlen %d", r, qlen(fd));
	if (socket_fastopen(fd2) != -1 || errno != ENOTSUP)
		return fail("socket_fastopen before listen: %s",
		    strerror(errno));
	return CASE_PASS;
}

/*
 * Both ends of one TFO connection through the library: XNU reports the
 * server's side in another bit (tcpi_tfo_syn_data_rcv) than the client's.
 */
static int
t_server_used(int n)
{
	struct sockaddr_in sin;
	socklen_t len = sizeof(sin);
	char ip[16], buf[100], got[100];
	ssize_t r;
	int l, c, a, used_c, used_s;

	case_ip(n, ip);
	test_pattern(buf, sizeof(buf), SHIM_SEED);
	if (warm_cookie(ip) == -1 || (l = listener(n)) == -1 ||
	    tfo_listen(l, 16) != TFO_YES ||
	    getsockname(l, (struct sockaddr *)&sin, &len) == -1)
		return fail("harness failed");
	c = test_socket(AF_INET, 0);
	r = tfo_connect(c, (struct sockaddr *)&sin, sizeof(sin), buf,
	    sizeof(buf), 0);
	if (r != (ssize_t)sizeof(buf))
		return fail("tfo_connect: %zd (%s)", r, strerror(errno));
	if ((a = accept(l, NULL, NULL)) == -1 ||
	    recv(a, got, sizeof(got), MSG_WAITALL) != (ssize_t)sizeof(got) ||
	    memcmp(got, buf, sizeof(buf)) != 0)
		return fail("server: %s", strerror(errno));
	used_c = tfo_used(c);
	used_s = tfo_used(a);
	close(a);
	close(c);
	close(l);
	/*
	 * tcpi_tfo_syn_data_rcv says the SYN's cookie was valid, not that
	 * it carried data (tcp_input.c:tcp_tfo_syn): NEGOTIATED.
	 */
	if (used_c != TFO_YES || used_s != TFO_NEGOTIATED)
		return fail("tfo_used: client %d, server %d, want %d, %d",
		    used_c, used_s, TFO_YES, TFO_NEGOTIATED);
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

/* A connected socket: EISCONN, and not a byte more for the server. */
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
	return check(n + 128, 1, 1, 100, 1);
}

static const struct {
	const char *desc;
	int (*fn)(int);
} cases[] = {
	{ "tfo_backend() is darwin", t_backend },
	{ "emulated sysctl follows the namespace's, bits swapped",
	    t_follows_namespace },
	{ "tfo_kernel_allows: bit 0x1 server, 0x2 client, missing sysctl NO",
	    t_kernel_allows },
	{ "non-blocking, no cookie: EINPROGRESS with bytes gives the bytes",
	    t_nb_nocookie },
	{ "non-blocking, cookie: bytes, data in the SYN, tfo_used YES",
	    t_nb_cookie },
	{ "blocking, no cookie: all bytes, no SYN data, tfo_used NO",
	    t_b_nocookie },
	{ "blocking, cookie: all bytes, data in the SYN", t_b_cookie },
	{ "blocking, 1500 bytes over Ethernet (> MSS - 40): no TFO, all once",
	    t_b_big },
	{ "blocking, 4000 bytes over lo0: its first 2048 ride",
	    t_b_big_lo0 },
	{ "15: one connectx queues 2048 bytes, EINPROGRESS with them",
	    t_preconnect_15 },
	{ "10.11: one connectx queues 1024 bytes", t_preconnect_1011 },
	{ "client bit off, deferred: TFO_NO_FALLBACK refused",
	    t_deferred_client_bit_off },
	{ "SO_NOSIGPIPE left as the caller had it", t_nosigpipe_untouched },
	{ "15, an ended connection without SYN data: tfo_used NO",
	    t_ended_plain },
	{ "12, the same: tfo_used UNKNOWN (counts cleared once CLOSED)",
	    t_ended_plain_12 },
	{ "client bit 0x2 off: TFO_NO_FALLBACK refused, else plain",
	    t_nb_client_bit_off },
	{ "non-blocking, 4 MiB: partial acceptance, rest by the caller",
	    t_nb_partial },
	{ "blocking, 4 MiB with a small buffer: every byte, once",
	    t_b_partial },
	{ "non-blocking, refused: bytes queued, next call ECONNREFUSED",
	    t_nb_refused },
	{ "blocking, refused: -1 ECONNREFUSED, like connect(2)",
	    t_b_refused },
	{ "tfo_connect_deferred: UNKNOWN, then SYN with the first write",
	    t_deferred },
	{ "connectx ENOSYS: plain fallback on the same call", t_enosys },
	{ "connectx ENOSYS, TFO_NO_FALLBACK: EOPNOTSUPP, socket untouched",
	    t_enosys_nofallback },
	{ "socket_fastopen before socket_listen: applied in LISTEN state",
	    t_server_before_listen },
	{ "socket_fastopen, close, same descriptor listens: no TFO, no ENOBUFS",
	    t_server_closed_before_listen },
	{ "socket_fastopen after socket_listen", t_server_after_listen },
	{ "tfo_listen: TFO_YES and TFO set", t_tfo_listen },
	{ "server bit 0x1 off: tfo_listen NO, socket_fastopen ENOTSUP",
	    t_server_bit_off },
	{ "tfo_used: client YES (acked), server NEGOTIATED (valid cookie)",
	    t_server_used },
	{ "socket_fastopen_connect4, non-blocking, cookie", t_seed_connect4 },
	{ "connected socket: EISCONN, nothing sent, TFO still on", t_connected },
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

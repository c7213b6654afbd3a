/* SPDX-License-Identifier: ISC */
/*
 * The contract under hostile system calls (issue 16).  The library's own
 * calls are wrapped at link time (-Wl,--wrap on the convenience archives)
 * and, with a printed seed, fail as their manual pages allow: EINTR,
 * EAGAIN, ENOMEM, ENOBUFS, short counts, an interrupted blocking
 * connect(2), and poll(2) readiness that is not there.  After each call
 * the test finishes the connection itself, without faults, as a caller
 * that trusts the return value would: the rest after a count, all of it
 * after EINPROGRESS, nothing after -1.  The server must then hold the
 * payload exactly once, or nothing; a blocking call must have returned
 * after the handshake.  Real kernel, private namespaces: half of the
 * connections on loopback, half over the link emulator's relay with 1 ms
 * each way (where it can run), so that the handshake takes long enough
 * for waits, and readiness that is not there, to matter.
 *
 *   t/faults.t [connections-per-mode [seed]]    (default 1000, time-based)
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include "tfo.h"
#include "tfo_socket.h"
#include "tap.h"
#include "testlib.h"
#include "demo_link.h"

#define MAX_LEN 4000		/* above one MSS: SYN data and a rest */

/* Faults apply only to the thread inside the library call, never to the
 * test's own calls nor to the server thread. */
static __thread int injecting;
static unsigned int rng;

enum fault { F_EINTR, F_EAGAIN, F_ENOMEM, F_ENOBUFS, F_SHORT, F_SPURIOUS,
	F_CONNECT_EINTR, F_KINDS };
static const char *const fault_name[F_KINDS] = { "EINTR", "EAGAIN",
	"ENOMEM", "ENOBUFS", "short count", "spurious readiness",
	"interrupted blocking connect" };
static unsigned long injected[F_KINDS];
static unsigned long failed_with[256];	/* -1 returns, by errno */

static unsigned int
next_random(void)
{
	rng = rng * 1103515245u + 12345u;
	return (rng >> 8) & 0xffffff;
}

/* One call in four fails, when faults are on. */
static int
roll(void)
{
	return injecting && next_random() % 4 == 0;
}

/* POLLOUT waits of one descriptor while injecting. */
static unsigned long pollout_calls;

static int
fail_with(enum fault f, int err)
{
	injected[f]++;
	errno = err;
	return -1;
}

ssize_t __real_sendto(int, const void *, size_t, int,
    const struct sockaddr *, socklen_t);
ssize_t __real_send(int, const void *, size_t, int);
int __real_poll(struct pollfd *, nfds_t, int);
int __real_connect(int, const struct sockaddr *, socklen_t);
int __real_getsockopt(int, int, int, void *, socklen_t *);
int __real_setsockopt(int, int, int, const void *, socklen_t);
ssize_t __wrap_sendto(int, const void *, size_t, int,
    const struct sockaddr *, socklen_t);
ssize_t __wrap_send(int, const void *, size_t, int);
int __wrap_poll(struct pollfd *, nfds_t, int);
int __wrap_connect(int, const struct sockaddr *, socklen_t);
int __wrap_getsockopt(int, int, int, void *, socklen_t *);
int __wrap_setsockopt(int, int, int, const void *, socklen_t);

/*
 * send(2)/sendto(2), Linux tcp_sendmsg_locked() and
 * tcp_sendmsg_fastopen() (6.1): ENOBUFS when the fastopen request cannot
 * be allocated, ENOMEM when memory is short, fewer bytes than asked; with
 * MSG_DONTWAIT, EAGAIN when the send buffer is full; without it, EINTR
 * before anything was copied (sk_stream_wait_memory()).  A call that
 * does not wait never sleeps, so never sees EINTR, on Linux, FreeBSD
 * (SBLOCKWAIT() in sosend_generic()) and XNU (the same in sosend()).
 */
static ssize_t
send_fault(size_t *len, int flags)
{
	switch (next_random() % 4) {
	case 0:
		if (flags & MSG_DONTWAIT)
			return fail_with(F_EAGAIN, EAGAIN);
		return fail_with(F_EINTR, EINTR);
	case 1: return fail_with(F_ENOMEM, ENOMEM);
	case 2: return fail_with(F_ENOBUFS, ENOBUFS);
	default:
		if (*len > 1) {
			injected[F_SHORT]++;
			*len = 1 + next_random() % (*len - 1);
		}
		return 0;	/* go on, with the shorter length */
	}
}

ssize_t
__wrap_sendto(int fd, const void *buf, size_t len, int flags,
    const struct sockaddr *addr, socklen_t addrlen)
{
	if (roll() && send_fault(&len, flags) == -1)
		return -1;
	return __real_sendto(fd, buf, len, flags, addr, addrlen);
}

ssize_t
__wrap_send(int fd, const void *buf, size_t len, int flags)
{
	if (roll() && send_fault(&len, flags) == -1)
		return -1;
	return __real_send(fd, buf, len, flags);
}

/*
 * poll(2): EINTR, ENOMEM (Linux do_sys_poll), EAGAIN (POSIX: "allocation
 * of internal data structures failed"); and a wake-up with POLLOUT that
 * the socket does not have (select(2): readiness may be spurious).
 */
static int
spurious(struct pollfd *pfd)
{
	injected[F_SPURIOUS]++;
	pfd[0].revents = POLLOUT;
	return 1;
}

/* Waits after which a run without a spurious wake-up gets one. */
#define SPURIOUS_BY 32

int
__wrap_poll(struct pollfd *pfd, nfds_t n, int timeout)
{
	int pollout = n == 1 && (pfd[0].events & POLLOUT);

	if (injecting && pollout) {
		pollout_calls++;
		/*
		 * The draw gives one wait in 16 a spurious wake-up, so a run
		 * of a hundred waits may have none (seed 1796520689, fallback
		 * backend: 0 in 103): the 32nd wait without one gets one,
		 * before the draw, which it leaves as it was.
		 */
		if (pollout_calls >= SPURIOUS_BY && injected[F_SPURIOUS] == 0)
			return spurious(pfd);
	}
	if (roll()) {
		switch (next_random() % 4) {
		case 0: return fail_with(F_EINTR, EINTR);
		case 1: return fail_with(F_ENOMEM, ENOMEM);
		case 2: return fail_with(F_EAGAIN, EAGAIN);
		default:
			if (pollout)
				return spurious(pfd);
		}
	}
	return __real_poll(pfd, n, timeout);
}

/*
 * connect(2): a blocking connect interrupted by a signal fails with EINTR
 * while the kernel goes on connecting (Linux __inet_stream_connect());
 * made here as the kernel does it, by connecting without waiting.  EAGAIN
 * (no free local port) and ENOBUFS before anything was done.
 */
int
__wrap_connect(int fd, const struct sockaddr *addr, socklen_t len)
{
	int fl, r, e;

	if (roll()) {
		switch (next_random() % 3) {
		case 0:
			fl = fcntl(fd, F_GETFL);
			if (fl == -1 || (fl & O_NONBLOCK))
				break;
			(void)fcntl(fd, F_SETFL, fl | O_NONBLOCK);
			r = __real_connect(fd, addr, len);
			e = errno;
			(void)fcntl(fd, F_SETFL, fl);
			if (r == -1 && e == EINPROGRESS)
				return fail_with(F_CONNECT_EINTR, EINTR);
			errno = e;
			return r;
		case 1: return fail_with(F_EAGAIN, EAGAIN);
		default: return fail_with(F_ENOBUFS, ENOBUFS);
		}
	}
	return __real_connect(fd, addr, len);
}

/* getsockopt(2)/setsockopt(2): POSIX's ENOBUFS, Linux's ENOMEM. */
int
__wrap_getsockopt(int fd, int level, int name, void *val, socklen_t *len)
{
	if (roll() && next_random() % 4 == 0)
		return fail_with(F_ENOBUFS, ENOBUFS);
	return __real_getsockopt(fd, level, name, val, len);
}

int
__wrap_setsockopt(int fd, int level, int name, const void *val,
    socklen_t len)
{
	if (roll() && next_random() % 2 == 0)
		return fail_with(F_ENOMEM, ENOMEM);
	return __real_setsockopt(fd, level, name, val, len);
}

static unsigned long per_mode = 1000;
static unsigned int seed;

/* What a run found, per mode. */
struct tally {
	unsigned long conns, counted, inprogress, failed;
	unsigned long disagree, lost, duplicated, early, odd_errno, stray;
};

/* The errnos the manual pages list for a call that queued nothing. */
static int
documented(int e, int blocking)
{
	switch (e) {
	case EINPROGRESS: return !blocking;
	case EAGAIN: case ENOMEM: case ENOBUFS: case ECONNREFUSED:
	case ETIMEDOUT: case ECONNRESET: case EPIPE: case ENOTCONN:
	case EADDRNOTAVAIL: case ENETUNREACH: case EHOSTUNREACH:
		return 1;
	default:
		return 0;
	}
}

/* The handshake is over: TCP_INFO's state, read without faults. */
static int
handshake_done(int fd)
{
	struct tcp_info ti;
	socklen_t len = sizeof(ti);

	if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &ti, &len) == -1)
		return 0;
	return ti.tcpi_state != TCP_SYN_SENT && ti.tcpi_state != TCP_CLOSE;
}

/* Connected by now, or within 2 s: the test's own wait. */
static int
settles_connected(int fd)
{
	struct pollfd pfd;
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	int i;

	for (i = 0; i < 200; i++) {
		if (getpeername(fd, (struct sockaddr *)&ss, &len) == 0)
			return 1;
		pfd.fd = fd;
		pfd.events = POLLOUT;
		if (poll(&pfd, 1, 10) == 1 && (pfd.revents & (POLLERR | POLLHUP)))
			return 0;
	}
	return 0;
}

/* A record that is not the one awaited: a connection given up on. */
static void
check_stray(const struct test_conn *c, const char *verdicts, size_t nv,
    struct tally *t)
{
	uint32_t id;

	if (c->len == 0)
		return;
	t->stray++;
	id = c->len >= 4 ? test_get32(c->data) : (uint32_t)-1;
	if (id >= nv || verdicts[id] != 'x') {
		t->disagree++;
		diag("stray connection of %zu bytes, id %lu", c->len,
		    (unsigned long)id);
	}
}

/*
 * Wait for connection id at the server.  want: its payload, or NULL for
 * "nothing".  Other records met on the way are strays.
 */
static void
await(struct test_server *srv, uint32_t id, const char *want, size_t len,
    const char *verdicts, size_t nv, struct tally *t)
{
	struct test_conn c;
	int i;

	for (i = 0; i < 20; i++) {
		if (test_server_next(srv, &c, 5) == -1) {
			if (want != NULL) {
				t->lost++;
				diag("connection %lu: the server never saw it",
				    (unsigned long)id);
			}
			return;
		}
		if (want == NULL && c.len == 0) {
			test_conn_free(&c);
			return;
		}
		if (c.len >= 4 && test_get32(c.data) == id) {
			if (want == NULL) {
				t->disagree++;
				diag("connection %lu: -1, yet the server got %zu"
				    " bytes", (unsigned long)id, c.len);
			} else if (c.len > len) {
				t->duplicated++;
				diag("connection %lu: %zu bytes sent, the "
				    "server got %zu", (unsigned long)id, len,
				    c.len);
			} else if (c.len < len || memcmp(c.data, want, len)) {
				t->lost++;
				diag("connection %lu: %zu bytes sent, the "
				    "server got %zu%s", (unsigned long)id, len,
				    c.len, c.len == len ? ", not the same" : "");
			}
			test_conn_free(&c);
			return;
		}
		check_stray(&c, verdicts, nv, t);
		test_conn_free(&c);
	}
}

static void
close_now(int fd)
{
	struct linger lg = { 1, 0 };	/* no TIME_WAIT: thousands of ports */

	(void)setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
	close(fd);
}

/* One connection through the faults, then finished by the test. */
static void
one(struct test_server *srv, const struct sockaddr_in *sin, uint32_t id,
    char *verdicts, size_t nv, struct tally *t)
{
	static char buf[MAX_LEN];
	size_t len = 4 + next_random() % (MAX_LEN - 4);
	int blocking = next_random() % 2, seed_api = next_random() % 2;
	int fd = test_socket(AF_INET, !blocking), e;
	ssize_t n;

	test_put32((unsigned char *)buf, id);
	test_pattern(buf + 4, len - 4, id);
	t->conns++;
	injecting = 1;
	if (seed_api)
		n = socket_fastopen_connect4(fd,
		    (const char *)&sin->sin_addr, ntohs(sin->sin_port), buf,
		    len);
	else
		n = tfo_connect(fd, (const struct sockaddr *)sin,
		    sizeof(*sin), buf, len, 0);
	e = errno;
	injecting = 0;

	if (n > (ssize_t)len) {
		t->disagree++;
		diag("connection %lu: returned %zd of %zu", (unsigned long)id,
		    n, len);
		n = (ssize_t)len;
	}
	if (n >= 0 || e == EINPROGRESS) {
		if (n >= 0)
			t->counted++;
		else
			t->inprogress++;
		if (e == EINPROGRESS && n == -1 && blocking) {
			t->odd_errno++;
			diag("connection %lu: EINPROGRESS on a blocking "
			    "socket", (unsigned long)id);
		}
		if (n >= 0 && blocking && !handshake_done(fd)) {
			t->early++;
			diag("connection %lu: blocking call returned %zd "
			    "before the handshake", (unsigned long)id, n);
		}
		verdicts[id] = 'c';
		if (test_finish_send(fd, buf, len, n > 0 ? (size_t)n : 0,
		    5) == -1) {
			t->lost++;
			diag("connection %lu: finishing: %s",
			    (unsigned long)id, strerror(errno));
		}
		shutdown(fd, SHUT_WR);
		await(srv, id, buf, len, verdicts, nv, t);
	} else {
		/* -1: nothing was queued; the test sends nothing. */
		t->failed++;
		failed_with[e & 0xff]++;
		verdicts[id] = 'x';
		if (!documented(e, blocking)) {
			t->odd_errno++;
			diag("connection %lu: -1 with %s, not in the manual",
			    (unsigned long)id, strerror(e));
		}
		if (settles_connected(fd)) {
			shutdown(fd, SHUT_WR);
			await(srv, id, NULL, 0, verdicts, nv, t);
		}
	}
	close_now(fd);
}

static struct test_server *
server_on(const char *addr, struct sockaddr_in *sin)
{
	struct sockaddr_storage ss;
	socklen_t len;
	struct test_server *srv;

	if (test_sockaddr(addr, 0, &ss, &len) == -1 ||
	    (srv = test_server_start((struct sockaddr *)&ss, len, 16,
	    NULL)) == NULL)
		bail("no server on %s", addr);
	memcpy(sin, test_server_addr(srv, &len), sizeof(*sin));
	return srv;
}

static void
drain(struct test_server *srv, const char *verdicts, struct tally *t)
{
	struct test_conn c;

	while (test_server_next(srv, &c, 1) == 0) {
		check_stray(&c, verdicts, per_mode, t);
		test_conn_free(&c);
	}
	test_server_stop(srv);
}

static void
run(int mode, void *arg)
{
	struct demo_link link;
	struct sockaddr_in lo_sin, link_sin;
	struct test_server *lo_srv, *link_srv = NULL;
	struct tally t;
	char *verdicts, why[160];
	unsigned long i;
	int k;

	(void)arg;
	memset(&t, 0, sizeof(t));
	memset(injected, 0, sizeof(injected));
	pollout_calls = 0;
	memset(failed_with, 0, sizeof(failed_with));
	rng = seed ^ (unsigned int)mode;
	/* The link's server first, on its side; then the client's side. */
	if (demo_link_start(&link, 1, mode, 60 + (int)(per_mode / 50), why,
	    sizeof(why)) == 0 && demo_link_enter(&link, 1) == 0) {
		link_srv = server_on(demo_link_server_addr, &link_sin);
		if (demo_link_enter(&link, 0) == -1)
			bail("setns to the link's client side");
	} else {
		demo_link_stop(&link);
		diag("no emulated link (%s): loopback only", why);
	}
	lo_srv = server_on("127.0.0.1", &lo_sin);
	verdicts = calloc(per_mode, 1);
	if (verdicts == NULL)
		bail("calloc");
	for (i = 0; i < per_mode; i++)
		if (link_srv != NULL && i % 2 == 1)
			one(link_srv, &link_sin, (uint32_t)i, verdicts,
			    per_mode, &t);
		else
			one(lo_srv, &lo_sin, (uint32_t)i, verdicts, per_mode,
			    &t);
	drain(lo_srv, verdicts, &t);
	if (link_srv != NULL)
		drain(link_srv, verdicts, &t);
	demo_link_stop(&link);
	free(verdicts);

	diag("mode 0x%x, seed %u: %lu connections (%s): %lu returned a "
	    "count, %lu EINPROGRESS, %lu -1; %lu strays", mode, seed, t.conns,
	    link_srv != NULL ? "half over a 2 ms round trip" : "loopback",
	    t.counted, t.inprogress, t.failed, t.stray);
	for (k = 0; k < F_KINDS; k++)
		diag("  injected %-28s %lu", fault_name[k], injected[k]);
	for (k = 0; k < 256; k++)
		if (failed_with[k] > 0)
			diag("  -1 with %-30s %lu", strerror(k), failed_with[k]);
	ok(t.disagree == 0, "mode 0x%x: %lu connections, 0 returns that "
	    "disagree with the server (%lu)", mode, t.conns, t.disagree);
	ok(t.lost == 0, "mode 0x%x: 0 connections lost bytes (%lu)", mode,
	    t.lost);
	ok(t.duplicated == 0, "mode 0x%x: 0 sent bytes twice (%lu)", mode,
	    t.duplicated);
	ok(t.early == 0, "mode 0x%x: 0 blocking returns before the "
	    "handshake (%lu)", mode, t.early);
	ok(t.odd_errno == 0, "mode 0x%x: 0 errnos the manual does not list "
	    "(%lu)", mode, t.odd_errno);
	/*
	 * Spurious readiness needs a wait: every run of SPURIOUS_BY waits
	 * or more has one.  A path that rarely waits (the darwin shim's
	 * plain path with its client bit off) is not held to it.
	 */
	diag("  %lu POLLOUT waits", pollout_calls);
	ok((injected[F_SPURIOUS] > 0 || pollout_calls < SPURIOUS_BY) &&
	    injected[F_SHORT] > 0 && injected[F_ENOMEM] > 0,
	    "mode 0x%x: faults were injected", mode);
}

int
main(int argc, char **argv)
{
	static const int modes[] = { TEST_MODE_BOTH, TEST_MODE_OFF };

	if (argc > 1)
		per_mode = strtoul(argv[1], NULL, 10);
	else if (getenv("TFO_FAULTS_N") != NULL)
		per_mode = strtoul(getenv("TFO_FAULTS_N"), NULL, 10);
	else if (getenv("TFO_LONG") != NULL)
		per_mode = 12000;	/* make check-long: 24 000 in all */
	seed = argc > 2 ? (unsigned int)strtoul(argv[2], NULL, 10) :
	    getenv("TFO_FAULTS_SEED") != NULL ?
	    (unsigned int)strtoul(getenv("TFO_FAULTS_SEED"), NULL, 10) :
	    (unsigned int)time(NULL);
	if (per_mode == 0 || per_mode > 1000000)
		per_mode = 1000;
	plan(6 * 2);
	diag("seed %u (rerun: t/faults.t %lu %u)", seed, per_mode, seed);
	test_in_modes(modes, 2, run, NULL, 60 + (unsigned int)(per_mode / 20));
	return done_testing();
}

/* SPDX-License-Identifier: ISC */
/*
 * A seeded, randomized property test of tfo_connect().  Each case draws a
 * family, blocking mode, length (0..1 MiB, skewed toward edges), server
 * TFO on or off, net.ipv4.tcp_fastopen 0/1/3/0x207, a client cookie or
 * none, a listener or a closed port, and whether the call runs in a fresh
 * process (no cached verdict) or in this one, and whether the server
 * resets the connection after some bytes.  The property:
 *   -1: errno says why, and the server got nothing;
 *   n >= 0: the server receives exactly the bytes the call accepted plus
 *   what the test writes after POLLOUT, once: here, exactly buf[0..len).
 * With a listener, a blocking call must return len and a non-blocking one
 * n in 0..len or -1/EINPROGRESS; after a reset, the server got a prefix
 * of no more than n bytes; without a listener, ECONNREFUSED comes back
 * from the call or, when the bytes fit in the SYN, from the next step.
 * TFO_SEED replays a run, TFO_CASES sets its size (500; TFO_LONG=1: 10000).
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>

#include "tfo.h"
#include "tap.h"
#include "testlib.h"
#include "netns.h"

#ifndef MSG_FASTOPEN
#define MSG_FASTOPEN 0x20000000
#endif

#define MAXLEN (1u << 20)
#define SYSCTL "/proc/sys/net/ipv4/tcp_fastopen"

struct params {
	int v6, nonblocking, server_tfo, mode, cookie, listener, forked;
	size_t len;
	size_t reset_after;	/* the server resets after this many; 0: no */
};

/* What the client side saw. */
struct outcome {
	ssize_t n;
	int err;		/* errno of a -1 */
	int finish_err;		/* errno of writing the rest; 0: done */
};

static uint64_t rng;
static long syn_cases;	/* cases whose data rode in the SYN */

/* splitmix64: small, and the same sequence everywhere for a seed. */
static uint64_t
next(void)
{
	uint64_t z = (rng += 0x9e3779b97f4a7c15u);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

static size_t
draw_len(void)
{
	static const size_t edges[] = { 0, 1, 2, 1399, 1400, 1459, 1460,
	    1461, 32767, 32768, 32769, 65463, 65483, 65535, 65536, 65537,
	    MAXLEN - 1, MAXLEN };
	unsigned int r = (unsigned int)(next() % 10);

	if (r < 5)
		return edges[next() % (sizeof(edges) / sizeof(edges[0]))];
	if (r < 8)
		return (size_t)(next() % 4097);
	return (size_t)(next() % (MAXLEN + 1));
}

static void
draw(struct params *p)
{
	static const int modes[] = { 0, 1, 3, 0x207 };

	memset(p, 0, sizeof(*p));	/* padding too: it goes down a pipe */
	p->v6 = (int)(next() % 2);
	p->nonblocking = (int)(next() % 2);
	p->len = draw_len();
	p->server_tfo = (int)(next() % 2);
	p->mode = modes[next() % 4];
	p->cookie = (int)(next() % 2);
	p->listener = next() % 10 != 0;
	p->forked = (int)(next() % 2);
	if (p->listener && next() % 8 == 0)
		p->reset_after = (size_t)(next() % 2 ? 1 + next() % 65536 :
		    1 + next() % MAXLEN);
}

static void
set_mode(int mode)
{
	char text[16];

	snprintf(text, sizeof(text), "%d", mode);
	if (netns_write_file(SYSCTL, text) == -1)
		bail("%s: %s", SYSCTL, strerror(errno));
}

/* A destination no earlier case used: no cookie cached for it. */
static int
fresh_address(int v6, int index, struct sockaddr_storage *ss,
    socklen_t *len)
{
	char text[64];

	if (!v6) {
		snprintf(text, sizeof(text), "127.%d.%d.%d", 1 + index / 62500,
		    index / 250 % 250, 1 + index % 250);
		return test_sockaddr(text, 0, ss, len);
	}
	snprintf(text, sizeof(text), "fd00::%x", index + 1);
	if (test_lo_add_ipv6(text, 128) == -1)
		return -1;
	return test_sockaddr(text, 0, ss, len);
}

/*
 * Give the client a cookie for addr, with the kernel directly (not the
 * library, whose cached verdict this must not touch): a TFO server there,
 * tcp_fastopen=3, one sendto(MSG_FASTOPEN).
 */
static int
prime_cookie(const struct sockaddr *addr, socklen_t len, const char *buf)
{
	struct test_server *srv;
	struct test_conn conn;
	const struct sockaddr *sa;
	socklen_t salen;
	int fd, r = -1;

	set_mode(3);
	if ((srv = test_server_start(addr, len, 16, NULL)) == NULL)
		return -1;
	sa = test_server_addr(srv, &salen);
	fd = test_socket(addr->sa_family, 0);
	if (sendto(fd, buf, 1, MSG_FASTOPEN | MSG_NOSIGNAL, sa, salen) == 1) {
		shutdown(fd, SHUT_WR);
		if (test_server_next(srv, &conn, 10) == 0) {
			r = conn.len == 1 ? 0 : -1;
			test_conn_free(&conn);
		}
	}
	close(fd);
	test_server_stop(srv);
	return r;
}

static void
client(const struct params *p, const struct sockaddr *addr, socklen_t len,
    const char *buf, struct outcome *o)
{
	struct timeval tv = { 20, 0 };	/* bounds the library's waits */
	int fd = test_socket(addr->sa_family, p->nonblocking);

	(void)setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	errno = 0;
	o->n = tfo_connect(fd, addr, len, buf, p->len, 0);
	o->err = o->n == -1 ? errno : 0;
	o->finish_err = 0;
	if (o->n >= 0 || o->err == EINPROGRESS) {
		if (test_finish_send(fd, buf, p->len,
		    o->n > 0 ? (size_t)o->n : 0, 20) == -1)
			o->finish_err = errno;
	}
	shutdown(fd, SHUT_WR);
	close(fd);	/* what is queued is still delivered */
}

/*
 * Fresh processes come from a factory forked before any case: it never
 * calls the library, so each child it forks starts with no cached
 * verdict (a child forked from the test would inherit the test's).
 */
struct request {
	struct params p;
	struct sockaddr_storage addr;
	socklen_t len;
	int index;
};

static int to_factory = -1, from_factory = -1;
static pid_t factory_pid = -1;

static void
factory(int in, int out)
{
	struct request req;
	struct outcome o;
	char *buf = malloc(MAXLEN);
	pid_t pid;
	int status;

	if (buf == NULL)
		_exit(1);
	while (read(in, &req, sizeof(req)) == (ssize_t)sizeof(req)) {
		if ((pid = fork()) == -1)
			_exit(1);
		if (pid == 0) {
			alarm(60);
			test_pattern(buf, req.p.len, (unsigned int)req.index);
			client(&req.p, (struct sockaddr *)&req.addr, req.len,
			    buf, &o);
			_exit(write(out, &o, sizeof(o)) == (ssize_t)sizeof(o) ?
			    0 : 1);
		}
		(void)waitpid(pid, &status, 0);
	}
	_exit(0);
}

static void
factory_start(unsigned int timeout_s)
{
	int req[2], resp[2];

	if (pipe(req) == -1 || pipe(resp) == -1)
		bail("pipe: %s", strerror(errno));
	fflush(stdout);
	if ((factory_pid = fork()) == -1)
		bail("fork: %s", strerror(errno));
	if (factory_pid == 0) {
		alarm(timeout_s);
		close(req[1]);
		close(resp[0]);
		factory(req[0], resp[1]);
	}
	close(req[0]);
	close(resp[1]);
	to_factory = req[1];
	from_factory = resp[0];
}

static void
factory_stop(void)
{
	int status;

	close(to_factory);
	close(from_factory);
	(void)waitpid(factory_pid, &status, 0);
}

static void
client_fresh(int index, const struct params *p, const struct sockaddr *addr,
    socklen_t len, struct outcome *o)
{
	struct request req;

	memset(&req, 0, sizeof(req));
	req.p = *p;
	memcpy(&req.addr, addr, len);
	req.len = len;
	req.index = index;
	if (write(to_factory, &req, sizeof(req)) != (ssize_t)sizeof(req) ||
	    read(from_factory, o, sizeof(*o)) != (ssize_t)sizeof(*o)) {
		o->n = -2;	/* no answer: the check fails */
		o->err = ECHILD;
		o->finish_err = 0;
	}
}

static int
one_case(int index, const struct params *p, char *buf)
{
	struct sockaddr_storage ss;
	struct test_server *srv = NULL;
	struct test_conn conn;
	struct outcome o;
	const struct sockaddr *addr;
	socklen_t len;
	int closed = -1, got_conn, exact, expect_ok;
	char what[200];

	snprintf(what, sizeof(what), "case %d: %s %s len %zu, server TFO "
	    "%s, tcp_fastopen 0x%x, %s, %s, %s", index, p->v6 ? "IPv6" :
	    "IPv4", p->nonblocking ? "non-blocking" : "blocking", p->len,
	    p->server_tfo ? "on" : "off", p->mode, p->cookie ? "cookie" :
	    "no cookie", p->listener ? "listener" : "closed port",
	    p->forked ? "fresh process" : "same process");
	if (p->reset_after > 0)
		snprintf(what + strlen(what), sizeof(what) - strlen(what),
		    ", server resets after %zu bytes", p->reset_after);
	if (fresh_address(p->v6, index, &ss, &len) == -1)
		return ok(0, "%s: address: %s", what, strerror(errno));
	test_pattern(buf, p->len, (unsigned int)index);
	if (p->cookie && prime_cookie((struct sockaddr *)&ss, len, buf) == -1)
		return ok(0, "%s: priming a cookie", what);
	set_mode(p->mode);
	if (p->listener) {
		srv = test_server_start((struct sockaddr *)&ss, len,
		    p->server_tfo ? 16 : 0, NULL);
		if (srv == NULL)
			return ok(0, "%s: server", what);
		test_server_reset_after(srv, p->reset_after);
		addr = test_server_addr(srv, &len);
	} else {
		/* A port this test owns and never listens on. */
		closed = test_socket(ss.ss_family, 0);
		if (bind(closed, (struct sockaddr *)&ss, len) == -1 ||
		    getsockname(closed, (struct sockaddr *)&ss, &len) == -1)
			bail("closed port: %s", strerror(errno));
		addr = (struct sockaddr *)&ss;
	}

	if (p->forked)
		client_fresh(index, p, addr, len, &o);
	else
		client(p, addr, len, buf, &o);

	got_conn = srv != NULL && test_server_next(srv, &conn,
	    o.n >= 0 || o.err == EINPROGRESS ? 30 : 1) == 0;
	exact = got_conn && conn.error == 0 && conn.len == p->len &&
	    (p->len == 0 || memcmp(conn.data, buf, p->len) == 0);
	if (!p->listener)	/* refused now, or at the next step */
		expect_ok = o.n == -1 ? o.err == (p->nonblocking ?
		    EINPROGRESS : ECONNREFUSED) &&
		    o.finish_err == (p->nonblocking ? ECONNREFUSED : 0) :
		    (p->nonblocking ? (size_t)o.n <= p->len :
		    (size_t)o.n == p->len) && o.finish_err == ECONNREFUSED;
	else if (got_conn && conn.reset)	/* no promise past a reset... */
		expect_ok = conn.len <= p->len && memcmp(conn.data, buf,
		    conn.len) == 0 && (o.n >= 0 ? (size_t)o.n <= p->len &&
		    (p->nonblocking || conn.len <= (size_t)o.n) :
		    o.err == EINPROGRESS || conn.len == 0);
		/* ...but a prefix, never more than was accepted, once */
	else if (o.n == -1 && o.err != EINPROGRESS)
		expect_ok = 0;	/* never with a listener, even if it got nothing */
	else
		expect_ok = (p->nonblocking ? o.n == -1 ||
		    (size_t)o.n <= p->len : o.n == (ssize_t)p->len) &&
		    o.finish_err == 0 && exact;
	/* The property itself: -1 means the server got nothing. */
	if (o.n == -1 && o.err != EINPROGRESS && got_conn && conn.len > 0)
		expect_ok = 0;
	ok(expect_ok, "%s: returned %zd (%s), rest %s, server %s %zu bytes%s%s",
	    what, o.n, o.n == -1 ? strerror(o.err) : "-",
	    o.finish_err ? strerror(o.finish_err) : "written",
	    got_conn ? "got" : "saw no connection", got_conn ? conn.len : 0,
	    exact ? ", exactly" : got_conn && conn.reset ? ", then reset" :
	    "", got_conn && conn.syn_data ?
	    ", in the SYN" : "");
	if (got_conn) {
		syn_cases += conn.syn_data;
		test_conn_free(&conn);
	}
	test_server_stop(srv);
	if (closed != -1)
		close(closed);
	return expect_ok;
}

struct run {
	uint64_t seed;
	long cases;
};

static void
run(int mode, void *arg)
{
	struct run *r = arg;
	struct params p;
	char *buf = malloc(MAXLEN);
	long i, failed = 0;

	(void)mode;
	if (buf == NULL)
		bail("out of memory");
	if (!test_netns_is_private()) {
		skip("setting tcp_fastopen per case needs a private namespace");
		free(buf);
		return;
	}
	rng = r->seed;
	factory_start(60 + (unsigned int)(r->cases / 5));
	for (i = 0; i < r->cases; i++) {
		draw(&p);
		if (!one_case((int)i, &p, buf) && failed++ == 0)
			diag("replay: TFO_SEED=%llu TFO_CASES=%ld t/property.t",
			    (unsigned long long)r->seed, r->cases);
	}
	factory_stop();
	free(buf);
	/* Not a property, but proof that the TFO path was exercised. */
	if (strcmp(tfo_backend(), "linux") == 0 && r->cases >= 50)
		ok(syn_cases > 0, "%ld of %ld cases carried data in the SYN",
		    syn_cases, r->cases);
	else
		diag("%ld of %ld cases carried data in the SYN", syn_cases,
		    r->cases);
	test_kernel_counters();
}

int
main(void)
{
	static const int modes[] = { TEST_MODE_BOTH };
	const char *env_seed = getenv("TFO_SEED");
	const char *env_cases = getenv("TFO_CASES");
	const char *lng = getenv("TFO_LONG");
	struct run r;

	r.seed = env_seed != NULL && *env_seed != '\0' ?
	    strtoull(env_seed, NULL, 0) :
	    (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32);
	r.cases = lng != NULL && *lng != '\0' && strcmp(lng, "0") != 0 ?
	    10000 : 500;
	if (env_cases != NULL && *env_cases != '\0')
		r.cases = strtol(env_cases, NULL, 10);
	if (r.cases < 1 || r.cases > 1000000)
		bail("TFO_CASES=%ld is out of range", r.cases);
	diag("seed %llu, %ld cases (replay: TFO_SEED=%llu TFO_CASES=%ld)",
	    (unsigned long long)r.seed, r.cases, (unsigned long long)r.seed,
	    r.cases);
	/* Generous: a 1 MiB case takes milliseconds, 10 000 cases minutes. */
	test_in_modes(modes, 1, run, &r, 60 + (unsigned int)(r.cases / 5));
	return done_testing();
}

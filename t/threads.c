/* SPDX-License-Identifier: ISC */
/*
 * Many threads, one TFO server, a kernel switch flipping underneath: 8
 * threads each make N blocking tfo_connect() calls (N = 200; 2000 with
 * TFO_LONG=1) while another thread flips the namespace's
 * net.ipv4.tcp_fastopen between 0 and 3.  Every call must return all its
 * bytes and every connection must deliver exactly its own bytes, once:
 * each payload starts with its thread and sequence number.  Around that,
 * the cached verdict: a refusal makes the next calls skip TFO even though
 * the kernel allows it again, and TFO comes back after TFO_RETRY_SECONDS.
 */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/time.h>

#include "tfo.h"
#include "tfo_common.h"		/* TFO_RETRY_SECONDS */
#include "tap.h"
#include "testlib.h"
#include "netns.h"

#define NTHREADS 8
#define HEADER 12		/* thread, sequence, length: 4 bytes each */
#define SYSCTL "/proc/sys/net/ipv4/tcp_fastopen"

static const size_t sizes[] = { HEADER, 64, 512, 1400, 1460, 4000, 16384,
    65536 };
#define NSIZES (sizeof(sizes) / sizeof(sizes[0]))

struct client {
	pthread_t thread;
	uint32_t id;
	int n;			/* connections to make */
	const struct sockaddr *addr;
	socklen_t addrlen;
	int failed;		/* calls that did not return all bytes */
	int first_errno;
	int first_seq;
	int syn_data;		/* connections whose data rode in the SYN */
};

static int flipping = 1;	/* cleared (atomically) to stop the flipper */
static unsigned long flips;
static long finished;		/* connections made by all clients (atomic) */

/* The exact payload of connection seq of thread id; returns its length. */
static size_t
payload(char *buf, uint32_t id, uint32_t seq)
{
	size_t len = sizes[(seq * 7 + id) % NSIZES];

	test_put32((unsigned char *)buf, id);
	test_put32((unsigned char *)buf + 4, seq);
	test_put32((unsigned char *)buf + 8, (uint32_t)len);
	test_pattern(buf + HEADER, len - HEADER, id * 1000003u + seq);
	return len;
}

static void
set_sysctl(const char *value)
{
	if (netns_write_file(SYSCTL, value) == -1)
		bail("writing %s in the namespace: %s", SYSCTL,
		    strerror(errno));
}

/* A blocking socket whose library waits are bounded by SO_SNDTIMEO. */
static int
bounded_socket(void)
{
	struct timeval tv = { 10, 0 };
	int fd = test_socket(AF_INET, 0);

	(void)setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	return fd;
}

static void *
run_client(void *arg)
{
	struct client *c = arg;
	char *buf = malloc(sizes[NSIZES - 1]);
	size_t len;
	ssize_t n;
	int i, fd;

	if (buf == NULL)
		bail("out of memory");
	for (i = 0; i < c->n; i++) {
		len = payload(buf, c->id, (uint32_t)i);
		fd = bounded_socket();
		n = tfo_connect(fd, c->addr, c->addrlen, buf, len, 0);
		if (n != (ssize_t)len && c->failed++ == 0) {
			c->first_errno = n == -1 ? errno : 0;
			c->first_seq = i;
		}
		c->syn_data += test_syn_data(fd);
		shutdown(fd, SHUT_WR);
		close(fd);	/* the kernel still delivers what is queued */
		__atomic_add_fetch(&finished, 1, __ATOMIC_RELAXED);
	}
	free(buf);
	return NULL;
}

/*
 * Flip by progress, not by the clock, so that the flips land among the
 * connections however fast they go: tcp_fastopen stays 3 for the first
 * quarter (TFO under all the threads at once), then flips 0 <-> 3 after
 * every 1/64 of the connections.
 */
static void *
run_flipper(void *arg)
{
	struct timespec pause = { 0, 100000 };	/* 100 us */
	long total = *(long *)arg, step = total / 64 > 0 ? total / 64 : 1;
	long next_flip = total / 4, i;

	for (i = 0; i < 50000000 && __atomic_load_n(&flipping,
	    __ATOMIC_RELAXED); i++) {
		if (__atomic_load_n(&finished, __ATOMIC_RELAXED) >= next_flip) {
			set_sysctl(flips % 2 ? "3" : "0");
			flips++;
			next_flip += step;
		}
		nanosleep(&pause, NULL);
	}
	set_sysctl("3");
	return NULL;
}

/*
 * One blocking connection with a fixed payload; checks what the server got
 * and returns whether the data rode in the SYN on both ends (-1: broken).
 */
static int
probe(struct test_server *srv, const struct sockaddr *addr, socklen_t len,
    const char *what)
{
	static const char msg[] = "probe: one idempotent request";
	struct test_conn conn;
	int fd = bounded_socket(), syn;
	ssize_t n = tfo_connect(fd, addr, len, msg, sizeof(msg), 0);

	syn = test_syn_data(fd);
	shutdown(fd, SHUT_WR);
	if (n != (ssize_t)sizeof(msg) || test_server_next(srv, &conn, 30)) {
		close(fd);
		ok(0, "%s: the call returned %zd (%s)", what, n,
		    strerror(errno));
		return -1;
	}
	close(fd);
	if (conn.len != sizeof(msg) || memcmp(conn.data, msg, sizeof(msg))) {
		ok(0, "%s: the server got %zu bytes, not the %zu sent", what,
		    conn.len, sizeof(msg));
		syn = -1;
	} else if (syn != conn.syn_data) {
		ok(0, "%s: client and server disagree on SYN data (%d, %d)",
		    what, syn, conn.syn_data);
		syn = -1;
	}
	test_conn_free(&conn);
	return syn;
}

/* Collect every connection; each must be one payload, seen once. */
static void
collect(struct test_server *srv, int n)
{
	struct test_conn conn;
	unsigned char *seen = calloc((size_t)NTHREADS * (size_t)n, 1);
	char *want = malloc(sizes[NSIZES - 1]);
	uint32_t id, seq;
	long got = 0, bad = 0, twice = 0, syn = 0;
	size_t len;

	if (seen == NULL || want == NULL)
		bail("out of memory");
	while (got < (long)NTHREADS * n && test_server_next(srv, &conn,
	    30) == 0) {
		got++;
		syn += conn.syn_data;
		id = conn.len >= HEADER ? test_get32(conn.data) : UINT32_MAX;
		seq = conn.len >= HEADER ? test_get32(conn.data + 4) : UINT32_MAX;
		if (conn.error != 0 || id >= NTHREADS || seq >= (uint32_t)n) {
			if (bad++ < 5)
				diag("connection of %zu bytes (error %d) "
				    "names no known payload", conn.len,
				    conn.error);
		} else if (seen[id * (uint32_t)n + seq]++ != 0)
			twice++;
		else {
			len = payload(want, id, seq);
			if (conn.len != len || memcmp(conn.data, want, len)) {
				if (bad++ < 5)
					diag("thread %u connection %u: got %zu"
					    " bytes, want %zu exactly", id,
					    seq, conn.len, len);
			}
		}
		test_conn_free(&conn);
	}
	is_int(got, (long)NTHREADS * n, "the server saw all %d connections",
	    NTHREADS * n);
	for (id = 0, seq = 0; got < (long)NTHREADS * n && id < NTHREADS &&
	    seq < 10; id++)
		for (len = 0; len < (size_t)n; len++)
			if (!seen[id * (uint32_t)n + len] && seq++ < 10)
				diag("never seen: thread %u connection %zu", id,
				    len);
	is_int(bad, 0, "every connection delivered exactly its own bytes");
	is_int(twice, 0, "no connection's bytes arrived twice");
	ok(syn > 0, "%ld of %ld connections carried data in the SYN", syn,
	    got);
	test_kernel_counters();
	free(seen);
	free(want);
}

static void
run(int mode, void *arg)
{
	struct sockaddr_storage ss;
	struct client clients[NTHREADS];
	const struct sockaddr *addr;
	struct test_server *srv;
	struct timespec wait = { TFO_RETRY_SECONDS + 1, 0 };
	socklen_t len;
	pthread_t flipper;
	int n = *(int *)arg, i, s1, s2;
	long total = (long)NTHREADS * n;

	(void)mode;
	if (strcmp(tfo_backend(), "linux") != 0) {
		skip("the %s backend cannot see this kernel's TFO switch",
		    tfo_backend());
		return;
	}
	if (!test_netns_is_private()) {
		skip("flipping tcp_fastopen needs a private namespace");
		return;
	}
	if (test_sockaddr("127.0.0.1", 0, &ss, &len) == -1 ||
	    (srv = test_server_start_threads((struct sockaddr *)&ss, len, 64,
	    NULL, NTHREADS)) == NULL)
		bail("server on 127.0.0.1");
	addr = test_server_addr(srv, &len);

	/* Before any refusal: a cookie, then SYN data. */
	s1 = probe(srv, addr, len, "first connection");
	s2 = probe(srv, addr, len, "second connection");
	ok(s1 == 0 && s2 == 1, "with tcp_fastopen=3, the second connection "
	    "carries SYN data (first %d, second %d)", s1, s2);

	__atomic_store_n(&flipping, 1, __ATOMIC_RELAXED);
	if (pthread_create(&flipper, NULL, run_flipper, &total) != 0)
		bail("flipper thread");
	for (i = 0; i < NTHREADS; i++) {
		memset(&clients[i], 0, sizeof(clients[i]));
		clients[i].id = (uint32_t)i;
		clients[i].n = n;
		clients[i].addr = addr;
		clients[i].addrlen = len;
		if (pthread_create(&clients[i].thread, NULL, run_client,
		    &clients[i]) != 0)
			bail("client thread %d", i);
	}
	collect(srv, n);
	for (i = 0; i < NTHREADS; i++) {
		pthread_join(clients[i].thread, NULL);
		ok(clients[i].failed == 0, "thread %d: all %d calls returned "
		    "every byte (%d did not; first: #%d, %s)", i, n,
		    clients[i].failed, clients[i].first_seq,
		    strerror(clients[i].first_errno));
		diag("thread %d: %d of %d with SYN data", i,
		    clients[i].syn_data, n);
	}
	__atomic_store_n(&flipping, 0, __ATOMIC_RELAXED);
	pthread_join(flipper, NULL);
	ok(flips >= 40, "tcp_fastopen flipped %lu times under the clients",
	    flips);

	/* tcp_fastopen=3 and steady: the cached refusal must expire. */
	nanosleep(&wait, NULL);
	s1 = probe(srv, addr, len, "recovery, first");
	s2 = probe(srv, addr, len, "recovery, second");
	ok(s1 == 1 && s2 == 1, "%d s after TFO is back, SYN data again "
	    "(%d, %d)", TFO_RETRY_SECONDS + 1, s1, s2);

	/* The verdict is clear again: a new refusal is remembered. */
	set_sysctl("0");
	s1 = probe(srv, addr, len, "with tcp_fastopen=0");
	set_sysctl("3");
	s2 = probe(srv, addr, len, "just after tcp_fastopen=3");
	ok(s1 == 0 && s2 == 0, "a refusal is cached: no SYN data just after "
	    "TFO is back (%d, %d)", s1, s2);
	test_server_stop(srv);
}

int
main(void)
{
	static const int modes[] = { TEST_MODE_BOTH };
	const char *lng = getenv("TFO_LONG");
	int n = lng != NULL && strcmp(lng, "") != 0 && strcmp(lng, "0") != 0 ?
	    2000 : 200;

	diag("%d threads x %d connections%s", NTHREADS, n,
	    n == 200 ? " (TFO_LONG=1: 2000)" : "");
	test_in_modes(modes, 1, run, &n, n == 200 ? 120 : 900);
	return done_testing();
}

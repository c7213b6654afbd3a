/* SPDX-License-Identifier: ISC */
/*
 * tfo_connect() against the real kernel: every sysctl mode, IPv4, IPv6 and
 * link-local IPv6 with a scope id, blocking and non-blocking, first
 * connection (no cookie) and second (cookie), from 0 bytes to 1 MiB, with
 * and without TFO_DONTWAIT (non-blocking answers on any socket).  Each
 * case asserts the return and errno, the exact bytes the server received
 * (exactly once), and, where the kernel allows it, that data rode in the
 * SYN on both ends.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>

#include "tfo.h"
#include "tap.h"
#include "testlib.h"

static const size_t sizes[] = { 0, 1, 1400, 65536, 1048576 };
#define NSIZES (sizeof(sizes) / sizeof(sizes[0]))

static void
one_connection(int mode, const char *where, const struct sockaddr *addr,
    socklen_t addrlen, struct test_server *srv, int nonblocking, int flags,
    int second, const char *buf, size_t len)
{
	struct test_conn conn;
	int fd, syn, e, used;
	ssize_t n;
	int want_syn = test_expect_syn_data(mode, second, len);
	int accepts = test_expect_accepts(mode, second, len);
	int waits = !nonblocking && !(flags & TFO_DONTWAIT);

	fd = test_socket(addr->sa_family, nonblocking);
	errno = 0;
	n = tfo_connect(fd, addr, addrlen, buf, len, flags);
	e = errno;
	if (!nonblocking && (flags & TFO_DONTWAIT))
		ok((fcntl(fd, F_GETFL) & O_NONBLOCK) == 0, "%s: the socket "
		    "is still blocking", where);
	if (waits)
		is_int(n, (long)len, "%s: blocking call returns all %zu bytes",
		    where, len);
	else if (accepts)	/* SYN data, or a BSD kernel's queue */
		ok(n >= 1 && (size_t)n <= len, "%s: non-blocking call that "
		    "the kernel accepts returns 1..%zu bytes (got %zd, %s)",
		    where, len, n, n == -1 ? strerror(e) : "-");
	else
		ok(n == -1 && e == EINPROGRESS, "%s: non-blocking call "
		    "says EINPROGRESS, nothing queued (got %zd, %s)", where,
		    n, strerror(e));
	if (test_finish_send(fd, buf, len, n > 0 ? (size_t)n : 0, 20) == -1)
		diag("%s: finishing the send: %s", where, strerror(errno));
	syn = test_syn_data(fd);
	used = tfo_used(fd);
	shutdown(fd, SHUT_WR);
	if (test_server_next(srv, &conn, 30) == -1) {
		ok(0, "%s: the server saw the connection", where);
		close(fd);
		return;
	}
	ok(conn.error == 0 && conn.len == len &&
	    (len == 0 || memcmp(conn.data, buf, len) == 0),
	    "%s: the server received exactly the %zu bytes, once (got %zu%s)",
	    where, len, conn.len, conn.error ? ", read error" : "");
	if (len > 0)
		ok(syn == want_syn && conn.syn_data == want_syn,
		    "%s: data %s in the SYN (client %d, server %d)", where,
		    want_syn ? "rode" : "did not ride", syn, conn.syn_data);
	ok(test_expect_used_ok(syn, used), "%s: tfo_used() says %d, "
	    "TCP_INFO says %d", where, used, syn);
	test_conn_free(&conn);
	close(fd);
}

/* A fresh destination address for each case: cookies are per address. */
static int
destination(int family, int scoped, int index, struct sockaddr_storage *ss,
    socklen_t *len)
{
	char text[64];

	if (family == AF_INET) {
		snprintf(text, sizeof(text), "127.0.%d.%d", index / 250,
		    1 + index % 250);
		return test_sockaddr(text, 0, ss, len);
	}
	snprintf(text, sizeof(text), scoped ? "fe80::%x" : "fd00::%x",
	    index + 1);
	if (test_lo_add_ipv6(text, scoped ? 64 : 128) == -1)
		return -1;
	if (scoped)
		strcat(text, "%lo");
	return test_sockaddr(text, 0, ss, len);
}

static void
run_mode(int mode, void *arg)
{
	static const char *const fams[] = { "IPv4", "IPv6", "IPv6 scoped" };
	static const struct { int nonblocking, flags; const char *name; }
	    hows[] = {
		{ 0, 0, "blocking" },
		{ 1, 0, "non-blocking" },
		{ 0, TFO_DONTWAIT, "blocking TFO_DONTWAIT" },
		{ 1, TFO_DONTWAIT, "non-blocking TFO_DONTWAIT" },
	};
	struct sockaddr_storage ss;
	socklen_t sslen, srvlen;
	const struct sockaddr *srvaddr;
	struct test_server *srv;
	char where[128];
	char *buf = arg;
	int f, h, index = 0;
	size_t s;

	for (f = 0; f < 3; f++)
		for (h = 0; h < 4; h++)
			for (s = 0; s < NSIZES; s++, index++) {
				if (destination(f == 0 ? AF_INET : AF_INET6,
				    f == 2, index, &ss, &sslen) == -1) {
					ok(0, "address for case %d: %s", index,
					    strerror(errno));
					continue;
				}
				srv = test_server_start((struct sockaddr *)&ss,
				    sslen, 16, NULL);
				if (srv == NULL) {
					ok(0, "server for case %d", index);
					continue;
				}
				srvaddr = test_server_addr(srv, &srvlen);
				snprintf(where, sizeof(where), "0x%x %s %s "
				    "%zu B first", mode, fams[f],
				    hows[h].name, sizes[s]);
				one_connection(mode, where, srvaddr, srvlen,
				    srv, hows[h].nonblocking, hows[h].flags,
				    0, buf, sizes[s]);
				where[strlen(where) - 5] = '\0';
				strcat(where, "cookie");
				one_connection(mode, where, srvaddr, srvlen,
				    srv, hows[h].nonblocking, hows[h].flags,
				    1, buf, sizes[s]);
				test_server_stop(srv);
			}
}

int
main(void)
{
	static const int modes[] = { TEST_MODE_OFF, TEST_MODE_CLIENT,
	    TEST_MODE_BOTH, TEST_MODE_NOCOOKIE };
	char *buf = malloc(sizes[NSIZES - 1]);
	int run[4], n;

	(void)test_expect();	/* skips all before any output if unknown */
	if (buf == NULL)
		bail("out of memory");
	test_pattern(buf, sizes[NSIZES - 1], 1);
	n = test_expect_modes(modes, 4, run);
	test_in_modes(run, n, run_mode, buf, 300);
	free(buf);
	return done_testing();
}

/* SPDX-License-Identifier: ISC */
/*
 * The kernel-shim tests' own part: a process per case, a loopback address
 * per case, and one tfo_connect() exchange with what the server saw.  TAP,
 * namespaces, the server and the client helpers are the test library's.
 * Every blocking call is guarded by alarm() or a timeout.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>

#include "tfo.h"
#include "harness.h"

#ifndef MSG_FASTOPEN
#define MSG_FASTOPEN 0x20000000
#endif


int client_sndbuf;

/* diag() the reason; the case's verdict. */
int
fail(const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	diag("%s", msg);
	return CASE_FAIL;
}

/* Runs fn(n) in a child, n the TAP number; its exit status is the verdict. */
void
run_case(const char *desc, int (*fn)(int))
{
	int status = 0, n = tap_count() + 1;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		alarm(CASE_SECONDS);
		status = fn(n);
		fflush(stdout);
		_exit(status);
	}
	if (pid == -1) {
		ok(0, "%s", desc);
		diag("fork: %s", strerror(errno));
		return;
	}
	while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
		;
	ok(WIFEXITED(status) && WEXITSTATUS(status) == CASE_PASS, "%s",
	    desc);
	if (WIFSIGNALED(status))
		diag("killed by signal %d", WTERMSIG(status));
}

/* A loopback address of its own per case: no cookie cached for it yet. */
void
case_ip(int n, char ip[16])
{
	snprintf(ip, 16, "127.1.%d.1", n & 0xff);
}

/* The testlib's server on ip, TFO on (Linux qlen 16) if tfo. */
int
server_start(struct server *s, const char *ip, int tfo)
{
	const struct sockaddr *sa;
	socklen_t len;

	memset(s, 0, sizeof(*s));
	s->addr.sin_family = AF_INET;
	inet_pton(AF_INET, ip, &s->addr.sin_addr);
	s->ts = test_server_start((struct sockaddr *)&s->addr,
	    sizeof(s->addr), tfo ? 16 : 0, NULL);
	if (s->ts == NULL)
		return -1;
	sa = test_server_addr(s->ts, &len);
	memcpy(&s->addr, sa, sizeof(s->addr));
	return 0;
}

/* What the one connection delivered, then the server stopped; 0 or -1. */
int
server_wait(struct server *s, struct seen *seen)
{
	struct test_conn conn;
	char *want;
	int r = -1;

	memset(seen, 0, sizeof(*seen));
	if (test_server_next(s->ts, &conn, CASE_SECONDS) == 0) {
		r = 0;
		seen->accepted = conn.error == 0;
		seen->bytes = (long long)conn.len;
		seen->syn_data = conn.syn_data;
		if (conn.error != 0)
			diag("server: %s", strerror(conn.error));
		if ((want = malloc(conn.len + 1)) != NULL) {
			test_pattern(want, conn.len, SHIM_SEED);
			seen->pattern_ok = memcmp(conn.data, want,
			    conn.len) == 0;
			free(want);
		}
		test_conn_free(&conn);
	}
	test_server_stop(s->ts);
	s->ts = NULL;
	return r;
}

/* An address on ip where nothing listens: connections are refused. */
int
closed_port(const char *ip, struct sockaddr_in *sin)
{
	socklen_t len = sizeof(*sin);
	int fd;

	memset(sin, 0, sizeof(*sin));
	sin->sin_family = AF_INET;
	inet_pton(AF_INET, ip, &sin->sin_addr);
	fd = test_socket(AF_INET, 0);
	if (bind(fd, (struct sockaddr *)sin, sizeof(*sin)) == -1 ||
	    getsockname(fd, (struct sockaddr *)sin, &len) == -1) {
		close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

/*
 * Let Linux learn a TFO cookie for ip (cookies are per address, not per
 * port): one raw MSG_FASTOPEN exchange, outside the library and the shim.
 */
int
warm_cookie(const char *ip)
{
	struct server s;
	struct seen seen;
	char buf[10];
	int fd;

	test_pattern(buf, sizeof(buf), SHIM_SEED);
	if (server_start(&s, ip, 1) == -1)
		return -1;
	fd = test_socket(AF_INET, 0);
	if (sendto(fd, buf, sizeof(buf), MSG_FASTOPEN | MSG_NOSIGNAL,
	    (struct sockaddr *)&s.addr, sizeof(s.addr)) != sizeof(buf)) {
		close(fd);
		test_server_stop(s.ts);
		return -1;
	}
	close(fd);
	return server_wait(&s, &seen) == 0 && seen.bytes == sizeof(buf) ?
	    0 : -1;
}

/* test_finish_send(), then end the stream so that the server reports. */
int
finish(int fd, const char *buf, size_t len, size_t done)
{
	if (test_finish_send(fd, buf, len, done, CASE_SECONDS) == -1) {
		diag("finishing the write: %s", strerror(errno));
		return -1;
	}
	return shutdown(fd, SHUT_WR);
}

/*
 * One tfo_connect() of len pattern bytes to a TFO server at the case's own
 * address (a cookie learned first if cookie), the caller's part of the
 * contract done, and what the server saw.  -1 if the harness failed.
 */
int
exchange(int n, int cookie, int nonblock, size_t len, struct result *res)
{
	struct server s;
	char ip[16], *buf;
	size_t done;
	int fd, fl;

	memset(res, 0, sizeof(*res));
	case_ip(n, ip);
	if ((buf = malloc(len)) == NULL)
		return -1;
	test_pattern(buf, len, SHIM_SEED);
	if ((cookie && warm_cookie(ip) == -1) ||
	    server_start(&s, ip, 1) == -1) {
		free(buf);
		return -1;
	}
	fd = test_socket(AF_INET, nonblock);
	if (client_sndbuf > 0)
		(void)setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &client_sndbuf,
		    sizeof(client_sndbuf));
	fl = fcntl(fd, F_GETFL);
	errno = 0;
	res->ret = tfo_connect(fd, (struct sockaddr *)&s.addr,
	    sizeof(s.addr), buf, len, 0);
	res->err = errno;
	res->flags_kept = fcntl(fd, F_GETFL) == fl;
	done = res->ret > 0 ? (size_t)res->ret : 0;
	if (res->ret == -1 && res->err != EINPROGRESS) {
		close(fd);
		free(buf);
		test_server_stop(s.ts);
		return 0;
	}
	/*
	 * tfo_used() before the shutdown: once the server has read to EOF
	 * and closed, Linux may have moved the socket to TIME_WAIT, where
	 * getpeername() says ENOTCONN and the freebsd backend's answer
	 * turns TFO_UNKNOWN.
	 */
	if (test_finish_send(fd, buf, len, done, CASE_SECONDS) == -1)
		diag("finishing the write: %s", strerror(errno));
	res->used = tfo_used(fd);
	(void)shutdown(fd, SHUT_WR);
	close(fd);
	free(buf);
	if (server_wait(&s, &res->seen) == -1)
		memset(&res->seen, 0, sizeof(res->seen));
	return 0;
}

/*
 * TFO refused by the emulated kernel's switch: tfo_connect(TFO_NO_FALLBACK)
 * on a non-blocking socket says EOPNOTSUPP and the server sees nothing.
 */
int
refused_nofallback(int n)
{
	struct server s;
	char ip[16], buf[100];
	ssize_t r;
	int fd;

	case_ip(n, ip);
	test_pattern(buf, sizeof(buf), SHIM_SEED);
	if (warm_cookie(ip) == -1 || server_start(&s, ip, 1) == -1)
		return fail("harness failed");
	fd = test_socket(AF_INET, 1);
	r = tfo_connect(fd, (struct sockaddr *)&s.addr, sizeof(s.addr), buf,
	    sizeof(buf), TFO_NO_FALLBACK);
	if (r != -1 || errno != EOPNOTSUPP)
		return fail("tfo_connect(TFO_NO_FALLBACK): %zd (%s), want -1 "
		    "EOPNOTSUPP", r, r == -1 ? strerror(errno) : "");
	return server_saw_nothing(fd, &s);
}

/* After a call that must send nothing: fd closed, s heard no connection. */
int
server_saw_nothing(int fd, struct server *s)
{
	close(fd);
	if (!test_server_quiet(s->ts))
		return fail("the server saw a connection");
	test_server_stop(s->ts);
	return CASE_PASS;
}

/*
 * ... and without the flag, the plain path's answer: EINPROGRESS with
 * nothing queued, no SYN data, tfo_used TFO_NO, every byte once.
 */
int
plain_nonblocking(int n)
{
	struct result r;

	if (exchange(n, 1, 1, 100, &r) == -1)
		return fail("harness failed");
	if (r.ret != -1 || r.err != EINPROGRESS)
		return fail("tfo_connect: %zd (%s), want the plain path's "
		    "EINPROGRESS", r.ret, strerror(r.err));
	if (r.seen.syn_data || r.used != TFO_NO)
		return fail("SYN data %d, tfo_used %d", r.seen.syn_data,
		    r.used);
	return exact(&r, 100);
}

/* The server got exactly len pattern bytes, once. */
int
exact(const struct result *res, size_t len)
{
	if (!res->flags_kept)
		return fail("tfo_connect changed the socket's file flags");
	if (!res->seen.accepted)
		return fail("server: no connection");
	if (res->seen.bytes != (long long)len || !res->seen.pattern_ok)
		return fail("server: %lld bytes (want %zu), pattern %s",
		    res->seen.bytes, len, res->seen.pattern_ok ? "ok" : "BAD");
	return 0;
}

/* The Linux TFO queue length of fd, as the shim set it; -1 on error. */
int
qlen(int fd)
{
	int q = -1;
	socklen_t len = sizeof(q);

	if (getsockopt(fd, IPPROTO_TCP, TCP_FASTOPEN, &q, &len) == -1)
		return -1;
	return q;
}

/* A TCP socket bound to the case's address, not listening yet. */
int
listener(int n)
{
	struct sockaddr_in sin;
	char ip[16];
	int fd;

	case_ip(n, ip);
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	inet_pton(AF_INET, ip, &sin.sin_addr);
	fd = test_socket(AF_INET, 0);
	if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)) == -1) {
		close(fd);
		return -1;
	}
	return fd;
}

/* SPDX-License-Identifier: ISC */
/*
 * TAP harness for the kernel-shim tests.  Every blocking call is guarded
 * by alarm(); every loop is bounded; traffic stays on loopback inside a
 * private network namespace whose TFO sysctl is set there, never the
 * host's.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>

#include "tfo.h"
#include "harness.h"

#ifndef MSG_FASTOPEN
#define MSG_FASTOPEN 0x20000000
#endif
#ifndef TCPI_OPT_SYN_DATA
#define TCPI_OPT_SYN_DATA 32
#endif

#define CASE_SECONDS 20

static int planned, ran, failed;
int client_sndbuf;
static char skip_reason[200];

void
tap_plan(int n)
{
	planned = n;
	printf("1..%d\n", n);
	fflush(stdout);
}

void
diag(const char *fmt, ...)
{
	va_list ap;

	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

int
fail(const char *fmt, ...)
{
	va_list ap;

	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	return CASE_FAIL;
}

int
skip(const char *reason)
{
	snprintf(skip_reason, sizeof(skip_reason), "%s", reason);
	return CASE_SKIP;
}

/* Runs fn(n) in a child; the exit status is the verdict. */
void
run_case(const char *desc, int (*fn)(int))
{
	int status = 0, pfd[2], r;
	char reason[200] = "";
	ssize_t n;
	pid_t pid;

	ran++;
	fflush(stdout);
	if (pipe(pfd) == -1) {
		printf("not ok %d - %s\n# pipe: %s\n", ran, desc,
		    strerror(errno));
		failed++;
		return;
	}
	pid = fork();
	if (pid == 0) {
		close(pfd[0]);
		alarm(CASE_SECONDS);
		r = fn(ran);
		if (r == CASE_SKIP)
			(void)write(pfd[1], skip_reason, strlen(skip_reason));
		fflush(stdout);
		_exit(r);
	}
	close(pfd[1]);
	if (pid == -1) {
		close(pfd[0]);
		printf("not ok %d - %s\n# fork: %s\n", ran, desc,
		    strerror(errno));
		failed++;
		return;
	}
	n = read(pfd[0], reason, sizeof(reason) - 1);
	if (n > 0)
		reason[n] = '\0';
	close(pfd[0]);
	while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
		;
	if (WIFEXITED(status) && WEXITSTATUS(status) == CASE_PASS)
		printf("ok %d - %s\n", ran, desc);
	else if (WIFEXITED(status) && WEXITSTATUS(status) == CASE_SKIP)
		printf("ok %d # SKIP %s\n", ran, reason);
	else {
		printf("not ok %d - %s\n", ran, desc);
		if (WIFSIGNALED(status))
			printf("# killed by signal %d\n", WTERMSIG(status));
		failed++;
	}
	fflush(stdout);
}

int
tap_exit(void)
{
	if (ran != planned) {
		printf("# planned %d, ran %d\n", planned, ran);
		return 1;
	}
	return failed ? 1 : 0;
}

/*
 * A private network namespace with lo up and net.ipv4.tcp_fastopen set
 * there.  -1 with a reason printed when none can be made.
 */
int
netns_enter(const char *tfo_sysctl)
{
	struct ifreq ifr;
	int s;

	if (unshare(CLONE_NEWNET) == -1) {
		diag("unshare(CLONE_NEWNET): %s", strerror(errno));
		return -1;
	}
	if ((s = socket(AF_INET, SOCK_DGRAM, 0)) == -1)
		return -1;
	memset(&ifr, 0, sizeof(ifr));
	strcpy(ifr.ifr_name, "lo");
	if (ioctl(s, SIOCGIFFLAGS, &ifr) == -1) {
		close(s);
		return -1;
	}
	ifr.ifr_flags |= IFF_UP;
	if (ioctl(s, SIOCSIFFLAGS, &ifr) == -1) {
		diag("lo up: %s", strerror(errno));
		close(s);
		return -1;
	}
	close(s);
	if (set_linux_tfo(tfo_sysctl) == -1) {
		diag("tcp_fastopen: %s", strerror(errno));
		return -1;
	}
	return 0;
}

/* Set this namespace's net.ipv4.tcp_fastopen: 0 or -1. */
int
set_linux_tfo(const char *value)
{
	ssize_t n;
	int fd;

	fd = open("/proc/sys/net/ipv4/tcp_fastopen", O_WRONLY);
	if (fd == -1)
		return -1;
	n = write(fd, value, strlen(value));
	close(fd);
	return n == (ssize_t)strlen(value) ? 0 : -1;
}

/* A loopback address of its own per case: no cookie cached for it yet. */
void
case_ip(int n, char ip[16])
{
	snprintf(ip, 16, "127.1.%d.1", n & 0xff);
}

void
fill(char *buf, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		buf[i] = (char)((i * 131 + i / 251) & 0xff);
}

int server_slow;

static void
serve(int lfd, int report)
{
	struct timespec pause = { 0, 300000000 };
	struct seen seen;
	struct tcp_info info;
	socklen_t ilen = sizeof(info);
	char buf[65536], want[65536];
	long long off = 0;
	ssize_t n;
	size_t i;
	int c;

	memset(&seen, 0, sizeof(seen));
	seen.pattern_ok = 1;
	alarm(CASE_SECONDS);
	c = accept(lfd, NULL, NULL);
	if (c != -1 && server_slow)
		nanosleep(&pause, NULL);	/* let the client's buffers fill */
	if (c != -1) {
		seen.accepted = 1;
		memset(&info, 0, sizeof(info));
		if (getsockopt(c, IPPROTO_TCP, TCP_INFO, &info, &ilen) == 0)
			seen.syn_data = (info.tcpi_options &
			    TCPI_OPT_SYN_DATA) != 0;
		while ((n = read(c, buf, sizeof(buf))) > 0) {
			/* The pattern of bytes off..off+n. */
			for (i = 0; i < (size_t)n; i++)
				want[i] = (char)(((off + i) * 131 +
				    (off + i) / 251) & 0xff);
			if (memcmp(buf, want, (size_t)n) != 0)
				seen.pattern_ok = 0;
			off += n;
		}
		seen.bytes = off;
	}
	(void)write(report, &seen, sizeof(seen));
	_exit(0);
}

/* A one-connection server on ip, TFO on (Linux qlen 16) if tfo. */
int
server_start(struct server *s, const char *ip, int tfo)
{
	socklen_t len = sizeof(s->addr);
	int lfd, pfd[2], qlen = 16, one = 1, small = 4096;

	memset(s, 0, sizeof(*s));
	s->addr.sin_family = AF_INET;
	inet_pton(AF_INET, ip, &s->addr.sin_addr);
	if ((lfd = socket(AF_INET, SOCK_STREAM, 0)) == -1)
		return -1;
	(void)setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (server_slow)
		(void)setsockopt(lfd, SOL_SOCKET, SO_RCVBUF, &small,
		    sizeof(small));
	if (bind(lfd, (struct sockaddr *)&s->addr, sizeof(s->addr)) == -1 ||
	    getsockname(lfd, (struct sockaddr *)&s->addr, &len) == -1 ||
	    (tfo && setsockopt(lfd, IPPROTO_TCP, TCP_FASTOPEN, &qlen,
	    sizeof(qlen)) == -1) || listen(lfd, 16) == -1 ||
	    pipe(pfd) == -1) {
		close(lfd);
		return -1;
	}
	fflush(stdout);
	s->pid = fork();
	if (s->pid == 0) {
		close(pfd[0]);
		serve(lfd, pfd[1]);
	}
	close(lfd);
	close(pfd[1]);
	s->report = pfd[0];
	return s->pid == -1 ? -1 : 0;
}

int
server_wait(struct server *s, struct seen *seen)
{
	ssize_t n;
	int status;

	memset(seen, 0, sizeof(*seen));
	n = read(s->report, seen, sizeof(*seen));
	close(s->report);
	while (waitpid(s->pid, &status, 0) == -1 && errno == EINTR)
		;
	return n == (ssize_t)sizeof(*seen) ? 0 : -1;
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
	if ((fd = socket(AF_INET, SOCK_STREAM, 0)) == -1)
		return -1;
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

	fill(buf, sizeof(buf));
	if (server_start(&s, ip, 1) == -1)
		return -1;
	if ((fd = socket(AF_INET, SOCK_STREAM, 0)) == -1)
		return -1;
	if (sendto(fd, buf, sizeof(buf), MSG_FASTOPEN | MSG_NOSIGNAL,
	    (struct sockaddr *)&s.addr, sizeof(s.addr)) != sizeof(buf)) {
		close(fd);
		return -1;
	}
	close(fd);
	return server_wait(&s, &seen) == 0 && seen.bytes == sizeof(buf) ?
	    0 : -1;
}

int
client_socket(int nonblocking)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	if (fd != -1 && nonblocking)
		(void)fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	return fd;
}

/*
 * The caller's side of the contract: write buf[done..len) when writable
 * (bounded).  0 or -1.
 */
static int
finish_send(int fd, const char *buf, size_t len, size_t done)
{
	struct pollfd pfd;
	ssize_t n;
	int i;

	for (i = 0; done < len && i < 10000; i++) {
		pfd.fd = fd;
		pfd.events = POLLOUT;
		if (poll(&pfd, 1, 1000) == -1 && errno != EINTR)
			return -1;
		n = send(fd, buf + done, len - done, MSG_NOSIGNAL);
		if (n > 0)
			done += (size_t)n;
		else if (n == -1 && errno != EAGAIN && errno != EINTR &&
		    errno != ENOTCONN)
		{
			diag("send: %s", strerror(errno));
			return -1;
		}
	}
	return done < len ? -1 : 0;
}

/* finish_send(), then end the stream so that the server reports. */
int
finish(int fd, const char *buf, size_t len, size_t done)
{
	if (finish_send(fd, buf, len, done) == -1)
		return -1;
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
	fill(buf, len);
	if ((cookie && warm_cookie(ip) == -1) ||
	    server_start(&s, ip, 1) == -1 ||
	    (fd = client_socket(nonblock)) == -1) {
		free(buf);
		return -1;
	}
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
	if (res->ret == -1 && res->err != EINPROGRESS)
		kill(s.pid, SIGKILL);
	else {
		/*
		 * tfo_used() before the shutdown: once the server has read
		 * to EOF and closed, Linux may have moved the socket to
		 * TIME_WAIT, where getpeername() says ENOTCONN and the
		 * freebsd backend's answer turns TFO_UNKNOWN.
		 */
		if (finish_send(fd, buf, len, done) == -1)
			diag("finishing the write failed");
		res->used = tfo_used(fd);
		(void)shutdown(fd, SHUT_WR);
	}
	close(fd);
	free(buf);
	if (server_wait(&s, &res->seen) == -1)
		memset(&res->seen, 0, sizeof(res->seen));
	return 0;
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
	if ((fd = socket(AF_INET, SOCK_STREAM, 0)) == -1)
		return -1;
	if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)) == -1) {
		close(fd);
		return -1;
	}
	return fd;
}

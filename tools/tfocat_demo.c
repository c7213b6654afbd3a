/* SPDX-License-Identifier: ISC */
/*
 * tfocat demo: a TFO server and client on loopback, in a private network
 * namespace with server TFO on where one can be made (the host's settings
 * are never changed).  Prints, per exchange, whether the request rode in
 * the SYN and how long the reply took.
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>

#include "tfo.h"
#include "tfocat.h"
#include "netns.h"

#define DEMO_SYSCTL 3		/* client and server TFO, with cookies */
#define DEMO_SECONDS 30		/* the whole demo, at most */

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* The server: answer each request with "pong", connections+1 times. */
static void
serve(int fd, int connections)
{
	char buf[512];
	ssize_t n;
	int conn;

	alarm(DEMO_SECONDS);
	while (connections-- > 0) {
		conn = accept(fd, NULL, NULL);
		if (conn == -1)
			_exit(1);
		n = read(conn, buf, sizeof(buf));
		if (n > 0)
			(void)write(conn, "pong\n", 5);
		close(conn);
	}
	_exit(0);
}

/* One exchange; returns milliseconds to the reply, or -1. */
static double
exchange(const struct sockaddr_in *sin, int use_tfo, int *in_syn)
{
	static const char request[] = "ping\n";
	char reply[16];
	double start = now_ms();
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	ssize_t n;

	if (fd == -1)
		return -1;
	if (use_tfo)
		n = tfo_connect(fd, (const struct sockaddr *)sin, sizeof(*sin),
		    request, sizeof(request) - 1, 0);
	else if (connect(fd, (const struct sockaddr *)sin, sizeof(*sin)) == 0)
		n = write(fd, request, sizeof(request) - 1);
	else
		n = -1;
	if (n != (ssize_t)sizeof(request) - 1 ||
	    tfocat_read_full(fd, reply, 5) != 5) {
		perror("tfocat demo");
		close(fd);
		return -1;
	}
	*in_syn = tfo_used(fd);
	close(fd);
	return now_ms() - start;
}

int
tfocat_demo(int exchanges)
{
	struct sockaddr_in sin;
	socklen_t len = sizeof(sin);
	char why[160];
	double ms;
	int fd, tfo, i, in_syn, status, ns, failed = 0;
	pid_t pid;

	printf("libtfo %s, backend %s\n", PACKAGE_VERSION, tfo_backend());
	ns = netns_enter(DEMO_SYSCTL, why, sizeof(why));
	if (ns == 0)
		printf("private network namespace, net.ipv4.tcp_fastopen=%d "
		    "there (the host's setting is untouched)\n", DEMO_SYSCTL);
	else if (ns == 1)	/* not "private ...": t/tfocat.sh keys on it */
		printf("new network namespace, but %s; its default TFO "
		    "settings apply (the host's are untouched)\n", why);
	else
		printf("no private namespace (%s): this system's own TFO "
		    "settings apply\n", why);
	printf("kernel allows TFO: client %s, server %s\n",
	    tfocat_used_text(tfo_kernel_allows(TFO_CLIENT)),
	    tfocat_used_text(tfo_kernel_allows(TFO_SERVER)));

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd == -1 || bind(fd, (struct sockaddr *)&sin, sizeof(sin)) == -1 ||
	    getsockname(fd, (struct sockaddr *)&sin, &len) == -1) {
		perror("tfocat demo: server socket");
		return -1;
	}
	tfo = tfo_listen(fd, 16);
	printf("server on 127.0.0.1:%u, server TFO %s\n\n",
	    (unsigned)ntohs(sin.sin_port), tfocat_used_text(tfo));
	fflush(stdout);
	pid = fork();
	if (pid == -1) {
		perror("tfocat demo: fork");
		return -1;
	}
	if (pid == 0)
		serve(fd, exchanges + 1);
	close(fd);

	for (i = 1; i <= exchanges && !failed; i++) {
		ms = exchange(&sin, 1, &in_syn);
		if (ms < 0) {
			failed = 1;
			break;
		}
		printf("exchange %d: tfo_connect(), request in the SYN: %-3s "
		    " reply after %.3f ms%s\n", i, tfocat_used_text(in_syn), ms,
		    i == 1 && in_syn != TFO_YES ?
		    "  (a first connection only fetches the cookie)" : "");
	}
	if (!failed && (ms = exchange(&sin, 0, &in_syn)) >= 0)
		printf("baseline:   connect()+write(), request in the SYN: %-3s "
		    " reply after %.3f ms\n", tfocat_used_text(in_syn), ms);
	else
		failed = 1;
	printf("\nOn loopback a round trip costs microseconds; over a real "
	    "link TFO saves\none round trip per connection (see "
	    "docs/performance.md).\n");
	if (failed)
		kill(pid, SIGTERM);
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0)
		failed = 1;
	return failed ? -1 : 0;
}

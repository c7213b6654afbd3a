/* SPDX-License-Identifier: ISC */
/*
 * tfocat demo: the same request and reply, once with TFO and once the
 * plain way, over an emulated link with a round trip a person can see
 * (bench/linkemu's relay between two private network namespaces).  Where
 * no such link can be made, over loopback, saying so.  The host's own
 * namespace and sysctls are never changed.
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
#include "demo_link.h"

#define DEMO_SYSCTL 3		/* client and server TFO, with cookies */
#define DEMO_DELAY_MS 25	/* each way: a 50 ms round trip */

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* The server: answer each connection's request with "pong". */
static void
serve(int fd, int connections, int seconds)
{
	char buf[512];
	ssize_t n;
	int conn;

	alarm(seconds);
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
		perror(use_tfo ? "tfocat demo: TFO exchange" :
		    "tfocat demo: plain exchange");
		close(fd);
		return -1;
	}
	*in_syn = tfo_used(fd);
	close(fd);
	return now_ms() - start;
}

/*
 * Where the demo runs: the emulated link (1) or loopback (0), with the
 * server's listening socket made on its side.  -1: no server socket.
 */
static int
place(struct demo_link *link, int seconds, int *listen_fd,
    struct sockaddr_in *sin)
{
	socklen_t len = sizeof(*sin);
	char why[160];
	int ns, on_link = 0;

	memset(sin, 0, sizeof(*sin));
	sin->sin_family = AF_INET;
	if (demo_link_start(link, DEMO_DELAY_MS, DEMO_SYSCTL, seconds, why,
	    sizeof(why)) == 0 && demo_link_enter(link, 1) == 0) {
		on_link = 1;
		inet_pton(AF_INET, demo_link_server_addr, &sin->sin_addr);
		printf("emulated link: %d ms each way (a %d ms round trip) "
		    "between two private\nnetwork namespaces, "
		    "net.ipv4.tcp_fastopen=%d in both; the host's settings "
		    "are untouched\n", DEMO_DELAY_MS, 2 * DEMO_DELAY_MS,
		    DEMO_SYSCTL);
	} else {
		demo_link_stop(link);
		printf("no emulated link (%s): loopback instead,\nwhere a "
		    "round trip takes microseconds and TFO's saving is hard "
		    "to see\n", why);
		sin->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		ns = netns_enter(DEMO_SYSCTL, why, sizeof(why));
		if (ns == 0)	/* t/tfocat.sh keys on "private network" */
			printf("private network namespace, "
			    "net.ipv4.tcp_fastopen=%d there\n(the host's "
			    "setting is untouched)\n", DEMO_SYSCTL);
		else if (ns == 1)
			printf("new network namespace, but %s; its default "
			    "TFO settings apply\n", why);
		else
			printf("no private namespace (%s): this system's own "
			    "TFO settings apply\n", why);
	}
	*listen_fd = socket(AF_INET, SOCK_STREAM, 0);
	if (*listen_fd == -1 ||
	    bind(*listen_fd, (struct sockaddr *)sin, sizeof(*sin)) == -1 ||
	    getsockname(*listen_fd, (struct sockaddr *)sin, &len) == -1) {
		perror("tfocat demo: server socket");
		return -1;
	}
	/* The socket stays in the server's namespace; the client leaves it. */
	if (on_link && demo_link_enter(link, 0) == -1) {
		perror("tfocat demo: setns to the client's side");
		return -1;
	}
	return on_link;
}

/* From the second exchange on, what TFO saved on average, in ms. */
static void
summary(const double *tfo_ms, const double *plain_ms, int exchanges,
    int on_link)
{
	double saved = 0;
	int i;

	if (exchanges < 2) {
		printf("\nRun with -n 2 or more: the first TFO connection "
		    "only fetches the cookie.\n");
		return;
	}
	for (i = 1; i < exchanges; i++)
		saved += plain_ms[i] - tfo_ms[i];
	saved /= exchanges - 1;
	printf("\nFrom the second exchange on, TFO saved %.*f ms a "
	    "connection on average", on_link ? 1 : 3, saved);
	if (on_link)
		printf(":\n%.1f round trips of %d ms.\n", saved /
		    (2 * DEMO_DELAY_MS), 2 * DEMO_DELAY_MS);
	else
		printf(" (loopback).\n");
}

int
tfocat_demo(int exchanges)
{
	struct demo_link link;
	struct sockaddr_in sin;
	double tfo_ms[TFOCAT_DEMO_MAX], plain_ms[TFOCAT_DEMO_MAX];
	int seconds = 10 + 2 * exchanges;	/* all of it, at most */
	int fd, tfo, i, in_syn, plain_syn, status, on_link, digits;
	int failed = 0;
	pid_t pid;

	if (exchanges < 1 || exchanges > TFOCAT_DEMO_MAX)
		return -1;
	printf("libtfo %s, backend %s\n\n", PACKAGE_VERSION, tfo_backend());
	printf("TCP Fast Open lets a client put its first bytes in the SYN, "
	    "the packet that\nopens a connection, so the reply comes one "
	    "round trip sooner; the server hands\nout a cookie on a first "
	    "connection, and later SYNs carry it with the data.\nThis demo "
	    "sends the same request with TFO and the plain way (connect, "
	    "then\nwrite) and prints how long each reply took.\n\n");
	on_link = place(&link, seconds, &fd, &sin);
	if (on_link == -1) {
		demo_link_stop(&link);
		return -1;
	}
	digits = on_link ? 1 : 3;	/* loopback takes microseconds */
	printf("kernel allows TFO: client %s, server %s\n",
	    tfocat_used_text(tfo_kernel_allows(TFO_CLIENT)),
	    tfocat_used_text(tfo_kernel_allows(TFO_SERVER)));
	tfo = tfo_listen(fd, 16);
	printf("server on %s port %u, server TFO %s\n",
	    inet_ntoa(sin.sin_addr), (unsigned)ntohs(sin.sin_port),
	    tfocat_used_text(tfo));
	if (tfo != TFO_YES)
		printf("(%s)\n",
		    tfocat_server_switch_hint());
	printf("\n");
	fflush(stdout);
	pid = fork();
	if (pid == -1) {
		perror("tfocat demo: fork");
		demo_link_stop(&link);
		return -1;
	}
	if (pid == 0)
		serve(fd, 2 * exchanges, seconds);
	close(fd);

	for (i = 0; i < exchanges; i++) {
		tfo_ms[i] = exchange(&sin, 1, &in_syn);
		plain_ms[i] = tfo_ms[i] < 0 ? -1 :
		    exchange(&sin, 0, &plain_syn);
		if (tfo_ms[i] < 0 || plain_ms[i] < 0) {
			failed = 1;
			break;
		}
		printf("exchange %d:  TFO %7.*f ms, request in the SYN: %-3s "
		    "  plain %7.*f ms%s\n", i + 1, digits, tfo_ms[i],
		    tfocat_used_text(in_syn), digits, plain_ms[i],
		    i == 0 && in_syn != TFO_YES ?
		    "  (fetches the cookie)" : "");
		fflush(stdout);
	}
	if (!failed) {
		summary(tfo_ms, plain_ms, exchanges, on_link);
		printf("Programs written without TFO get it from tforun(1): "
		    "tforun -s for servers,\ntforun -c PORT for clients that "
		    "speak first.\n");
	}
	if (failed)
		kill(pid, SIGTERM);
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0)
		failed = 1;
	demo_link_stop(&link);
	return failed ? -1 : 0;
}

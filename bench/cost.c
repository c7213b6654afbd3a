/* SPDX-License-Identifier: ISC */
/*
 * cost: one connect-and-send per call path, bracketed by marker system
 * calls (write(-1, "label") = EBADF) so that a tracer counts exactly the
 * calls each path makes (bench/syscalls.sh runs it under strace), or so
 * that callgrind collects only inside them (--toggle-collect=cost_*).
 *
 *   cost -m b|nb -p cookie|nocookie|fallback [-n reps] [-a port]
 *
 * The server (rr_server on 0.0.0.0) runs in the same namespace.  Without
 * a cookie each call goes to a fresh 127.0.0.x: cookies are per address.
 */
#define _GNU_SOURCE
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "tfo.h"
#include "tfo_socket.h"

#define REQ 100
#define WAIT_MS 5000

typedef ssize_t (*path_fn)(int, const struct sockaddr_in *, const char *,
    size_t);

/* What a careful hand-written caller does, fallback included. */
__attribute__((noinline)) static ssize_t
cost_raw(int fd, const struct sockaddr_in *sa, const char *buf, size_t len)
{
	ssize_t n = sendto(fd, buf, len, MSG_FASTOPEN | MSG_NOSIGNAL,
	    (const struct sockaddr *)sa, sizeof(*sa));

	if (n == -1 && errno == EOPNOTSUPP) {
		if (connect(fd, (const struct sockaddr *)sa, sizeof(*sa)) == -1)
			return -1;
		n = send(fd, buf, len, MSG_NOSIGNAL);
	}
	return n;
}

__attribute__((noinline)) static ssize_t
cost_tfo_connect(int fd, const struct sockaddr_in *sa, const char *buf,
    size_t len)
{
	return tfo_connect(fd, (const struct sockaddr *)sa, sizeof(*sa), buf,
	    len, 0);
}

/* For callers who will not wait: no call to ask the socket's mode. */
__attribute__((noinline)) static ssize_t
cost_tfo_dontwait(int fd, const struct sockaddr_in *sa, const char *buf,
    size_t len)
{
	return tfo_connect(fd, (const struct sockaddr *)sa, sizeof(*sa), buf,
	    len, TFO_DONTWAIT);
}

__attribute__((noinline)) static ssize_t
cost_socket4(int fd, const struct sockaddr_in *sa, const char *buf,
    size_t len)
{
	return socket_fastopen_connect4(fd, (const char *)&sa->sin_addr,
	    ntohs(sa->sin_port), buf, len);
}

__attribute__((noinline)) static ssize_t
cost_plain(int fd, const struct sockaddr_in *sa, const char *buf, size_t len)
{
	if (connect(fd, (const struct sockaddr *)sa, sizeof(*sa)) == -1)
		return -1;
	return send(fd, buf, len, MSG_NOSIGNAL);
}

static void
marker(const char *label)
{
	ssize_t r = write(-1, label, strlen(label));	/* EBADF, by design */

	(void)r;
}

/* Outside the markers: finish the exchange so the server moves on. */
static int
finish(int fd, const char *buf, size_t len, ssize_t n)
{
	struct pollfd p = { fd, POLLOUT, 0 };
	char rep[256];
	ssize_t r;

	if (n == -1 && errno != EINPROGRESS)
		return -1;
	if (n < 0)
		n = 0;
	if ((size_t)n < len) {
		if (poll(&p, 1, WAIT_MS) != 1 ||
		    send(fd, buf + n, len - (size_t)n, MSG_NOSIGNAL) !=
		    (ssize_t)(len - (size_t)n))
			return -1;
	}
	p.events = POLLIN;
	while (poll(&p, 1, WAIT_MS) == 1 && (r = read(fd, rep,
	    sizeof(rep))) != 0)
		if (r == -1 && errno != EAGAIN && errno != EINTR)
			break;
	return 0;
}

int
main(int argc, char *argv[])
{
	static const struct { const char *name; path_fn fn; } fns[] = {
		{ "tfo_connect", cost_tfo_connect },	/* first: sees refusal */
		{ "socket_fastopen_connect4", cost_socket4 },
		{ "tfo_connect_dontwait", cost_tfo_dontwait },
		{ "raw-sendto", cost_raw },
		{ "plain", cost_plain },
	};
	struct sockaddr_in sa;
	const char *mode = "b", *path = "cookie";
	char buf[REQ], label[128];
	int c, e, i, j, fd, reps = 3, port = 8001, next_host = 2, fail = 0;
	ssize_t n;

	while ((c = getopt(argc, argv, "m:n:p:P:")) != -1) {
		switch (c) {
		case 'm': mode = optarg; break;
		case 'n': reps = atoi(optarg); break;
		case 'p': path = optarg; break;
		case 'P': port = atoi(optarg); break;
		default: goto usage;
		}
	}
	if ((strcmp(mode, "b") && strcmp(mode, "nb")) || reps < 1 ||
	    reps > 100000 || (strcmp(path, "cookie") &&
	    strcmp(path, "nocookie") && strcmp(path, "fallback")))
		goto usage;
	signal(SIGPIPE, SIG_IGN);
	alarm(600);	/* bounded even if the server vanishes */
	memset(buf, 'q', sizeof(buf));
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (strcmp(path, "cookie") == 0) {	/* learn the cookie, unmarked */
		for (i = 0; i < 2; i++) {
			fd = socket(AF_INET, SOCK_STREAM, 0);
			n = sendto(fd, buf, sizeof(buf), MSG_FASTOPEN,
			    (const struct sockaddr *)&sa, sizeof(sa));
			finish(fd, buf, sizeof(buf), n);
			close(fd);
		}
	}
	for (j = 0; j < (int)(sizeof(fns) / sizeof(fns[0])); j++)
		for (i = 0; i < reps; i++) {
			if (strcmp(path, "nocookie") == 0)	/* 127.0.x.y */
				sa.sin_addr.s_addr = htonl(0x7f000000 |
				    (uint32_t)next_host++);
			fd = socket(AF_INET, SOCK_STREAM |
			    (strcmp(mode, "nb") ? 0 : SOCK_NONBLOCK), 0);
			snprintf(label, sizeof(label), "BEGIN %s %s %s %d",
			    fns[j].name, mode, path, i);
			marker(label);
			n = fns[j].fn(fd, &sa, buf, sizeof(buf));
			e = errno;
			marker("END");
			errno = e;
			if (finish(fd, buf, sizeof(buf), n) == -1) {
				fprintf(stderr, "cost: %s: %s\n", label,
				    strerror(errno));
				fail = 1;
			}
			close(fd);
		}
	return fail;
usage:
	fprintf(stderr, "usage: cost -m b|nb -p cookie|nocookie|fallback "
	    "[-n reps] [-P port]\n");
	return 2;
}

/* SPDX-License-Identifier: ISC */
/*
 * rr_server: the other end of the request/response benchmark.  Accepts
 * one connection at a time, reads the request, writes the reply, closes.
 * Server-side TFO with plain system calls, so the server is the same for
 * every client mode and never depends on the library under test.
 *
 *   rr_server [-a addr] [-p port] [-q reqbytes] [-r repbytes] [-t seconds]
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/time.h>

#define TFO_QLEN 256

/* Read exactly len bytes; 0, or -1 on EOF, error or timeout. */
static int
read_all(int fd, char *buf, size_t len)
{
	ssize_t n;

	while (len > 0) {
		n = read(fd, buf, len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

int
main(int argc, char *argv[])
{
	struct sockaddr_in sa;
	struct timeval tv = { 5, 0 };	/* a stuck client costs 5 s, no more */
	const char *addr = "198.18.0.2";
	size_t req = 100, rep = 100;
	char *qbuf, *rbuf;
	int c, s, fd, one = 1, qlen = TFO_QLEN, port = 8001;
	unsigned lifetime = 600;

	while ((c = getopt(argc, argv, "a:p:q:r:t:")) != -1) {
		switch (c) {
		case 'a': addr = optarg; break;
		case 'p': port = atoi(optarg); break;
		case 'q': req = (size_t)atol(optarg); break;
		case 'r': rep = (size_t)atol(optarg); break;
		case 't': lifetime = (unsigned)atoi(optarg); break;
		default:
			fprintf(stderr, "usage: rr_server [-a addr] [-p port] "
			    "[-q reqbytes] [-r repbytes] [-t seconds]\n");
			return 2;
		}
	}
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)port);
	if (inet_pton(AF_INET, addr, &sa.sin_addr) != 1 || req == 0 ||
	    req > 65536 || rep == 0 || rep > 65536 || lifetime == 0) {
		fprintf(stderr, "rr_server: bad argument\n");
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	alarm(lifetime);	/* default action: the server ends, bounded */
	qbuf = malloc(req);
	rbuf = malloc(rep);
	if (qbuf == NULL || rbuf == NULL)
		return 1;
	memset(rbuf, 'r', rep);
	s = socket(AF_INET, SOCK_STREAM, 0);
	if (s == -1 ||
	    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) == -1 ||
	    bind(s, (struct sockaddr *)&sa, sizeof(sa)) == -1 ||
	    setsockopt(s, IPPROTO_TCP, TCP_FASTOPEN, &qlen, sizeof(qlen)) == -1 ||
	    listen(s, 1024) == -1) {
		perror("rr_server: listen");
		return 1;
	}
	for (;;) {
		fd = accept(s, NULL, NULL);
		if (fd == -1) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			perror("rr_server: accept");
			return 1;
		}
		(void)setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
		(void)setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
		if (read_all(fd, qbuf, req) == 0)
			(void)send(fd, rbuf, rep, MSG_NOSIGNAL);
		close(fd);
	}
}

/* SPDX-License-Identifier: ISC */
/* The benchmark servers' command line, listener and accept loop (srv.h). */
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

#include "srv.h"

#define TFO_QLEN 256

void
srv_parse(struct srv_opts *o, const char *name, int port, int argc,
    char *argv[])
{
	const char *addr = "198.18.0.2";
	int c;

	o->req = o->rep = 100;
	o->lifetime = 600;
	while ((c = getopt(argc, argv, "a:p:q:r:t:")) != -1) {
		switch (c) {
		case 'a': addr = optarg; break;
		case 'p': port = atoi(optarg); break;
		case 'q': o->req = (size_t)atol(optarg); break;
		case 'r': o->rep = (size_t)atol(optarg); break;
		case 't': o->lifetime = (unsigned)atoi(optarg); break;
		default:
			fprintf(stderr, "usage: %s [-a addr] [-p port] "
			    "[-q reqbytes] [-r repbytes] [-t seconds]\n", name);
			exit(2);
		}
	}
	memset(&o->sa, 0, sizeof(o->sa));
	o->sa.sin_family = AF_INET;
	o->sa.sin_port = htons((uint16_t)port);
	if (inet_pton(AF_INET, addr, &o->sa.sin_addr) != 1 || o->req == 0 ||
	    o->req > 65536 || o->rep == 0 || o->rep > 65536 ||
	    o->lifetime == 0) {
		fprintf(stderr, "%s: bad argument\n", name);
		exit(2);
	}
	o->q = malloc(o->req);
	o->r = malloc(o->rep);
	if (o->q == NULL || o->r == NULL) {
		fprintf(stderr, "%s: out of memory\n", name);
		exit(1);
	}
	memset(o->r, 'r', o->rep);
	o->arg = NULL;
}

int
srv_listen(const struct srv_opts *o, const char *name, int nodelay)
{
	int s, one = 1, qlen = TFO_QLEN;

	signal(SIGPIPE, SIG_IGN);
	alarm(o->lifetime);	/* default action: the server ends, bounded */
	s = socket(AF_INET, SOCK_STREAM, 0);
	if (s == -1 ||
	    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) == -1 ||
	    bind(s, (const struct sockaddr *)&o->sa, sizeof(o->sa)) == -1 ||
	    setsockopt(s, IPPROTO_TCP, TCP_FASTOPEN, &qlen, sizeof(qlen)) == -1 ||
	    (nodelay && setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one,
	    sizeof(one)) == -1) ||
	    listen(s, 1024) == -1) {
		fprintf(stderr, "%s: listen: %s\n", name, strerror(errno));
		return -1;
	}
	return s;
}

int
srv_loop(int s, const char *name,
    void (*serve)(int fd, const struct srv_opts *o), const struct srv_opts *o)
{
	struct timeval tv = { 5, 0 };	/* a stuck client costs 5 s, no more */
	int fd;

	for (;;) {
		fd = accept(s, NULL, NULL);
		if (fd == -1) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			fprintf(stderr, "%s: accept: %s\n", name,
			    strerror(errno));
			return 1;
		}
		(void)setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
		(void)setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
		serve(fd, o);
		close(fd);
	}
}

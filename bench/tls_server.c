/* SPDX-License-Identifier: ISC */
/*
 * tls_server: the TLS 1.3 end of the benchmark.  One connection at a time:
 * handshake, read the request, write the reply, close.  TFO on the
 * listener with plain system calls, as in rr_server.
 *
 *   tls_server [-a addr] [-p port] [-q reqbytes] [-r repbytes] [-t seconds]
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

#include <openssl/err.h>
#include <openssl/ssl.h>

#include "tls_cert.h"

#define TFO_QLEN 256

static void
serve(SSL_CTX *ctx, int fd, char *q, size_t req, const char *r, size_t rep)
{
	SSL *ssl = SSL_new(ctx);
	size_t got = 0;
	int n;

	if (ssl == NULL || SSL_set_fd(ssl, fd) != 1 || SSL_accept(ssl) != 1)
		goto out;
	while (got < req) {
		n = SSL_read(ssl, q + got, (int)(req - got));
		if (n <= 0)
			goto out;
		got += (size_t)n;
	}
	(void)SSL_write(ssl, r, (int)rep);
out:
	ERR_clear_error();
	SSL_free(ssl);
}

int
main(int argc, char *argv[])
{
	struct sockaddr_in sa;
	struct timeval tv = { 5, 0 };	/* a stuck client costs 5 s, no more */
	const char *addr = "198.18.0.2";
	size_t req = 100, rep = 100;
	char *qbuf, *rbuf;
	int c, s, fd, one = 1, qlen = TFO_QLEN, port = 8443;
	unsigned lifetime = 600;
	SSL_CTX *ctx;

	while ((c = getopt(argc, argv, "a:p:q:r:t:")) != -1) {
		switch (c) {
		case 'a': addr = optarg; break;
		case 'p': port = atoi(optarg); break;
		case 'q': req = (size_t)atol(optarg); break;
		case 'r': rep = (size_t)atol(optarg); break;
		case 't': lifetime = (unsigned)atoi(optarg); break;
		default:
			fprintf(stderr, "usage: tls_server [-a addr] [-p port] "
			    "[-q reqbytes] [-r repbytes] [-t seconds]\n");
			return 2;
		}
	}
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)port);
	if (inet_pton(AF_INET, addr, &sa.sin_addr) != 1 || req == 0 ||
	    req > 65536 || rep == 0 || rep > 65536 || lifetime == 0) {
		fprintf(stderr, "tls_server: bad argument\n");
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	alarm(lifetime);	/* default action: the server ends, bounded */
	qbuf = malloc(req);
	rbuf = malloc(rep);
	if (qbuf == NULL || rbuf == NULL || (ctx = tls_server_ctx()) == NULL) {
		fprintf(stderr, "tls_server: setup failed\n");
		return 1;
	}
	memset(rbuf, 'r', rep);
	s = socket(AF_INET, SOCK_STREAM, 0);
	if (s == -1 ||
	    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) == -1 ||
	    bind(s, (struct sockaddr *)&sa, sizeof(sa)) == -1 ||
	    setsockopt(s, IPPROTO_TCP, TCP_FASTOPEN, &qlen, sizeof(qlen)) == -1 ||
	    /* Accepted sockets inherit it: a flight leaves at once. */
	    setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one)) == -1 ||
	    listen(s, 1024) == -1) {
		perror("tls_server: listen");
		return 1;
	}
	for (;;) {
		fd = accept(s, NULL, NULL);
		if (fd == -1) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			perror("tls_server: accept");
			return 1;
		}
		(void)setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
		(void)setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
		serve(ctx, fd, qbuf, req, rbuf, rep);
		close(fd);
	}
}

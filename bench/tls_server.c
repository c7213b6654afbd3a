/* SPDX-License-Identifier: ISC */
/*
 * tls_server: the TLS 1.3 end of the benchmark.  One connection at a time:
 * handshake, read the request, write the reply, close.  TFO on the
 * listener with plain system calls, as in rr_server.
 *
 *   tls_server [-a addr] [-p port] [-q reqbytes] [-r repbytes] [-t seconds]
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include "srv.h"
#include "tls_cert.h"

struct exchange {
	SSL_CTX *ctx;
	char *q, *r;
	size_t req, rep;
};

static void
serve(int fd, void *arg)
{
	struct exchange *x = arg;
	SSL *ssl = SSL_new(x->ctx);
	size_t got = 0;
	int n;

	if (ssl == NULL || SSL_set_fd(ssl, fd) != 1 || SSL_accept(ssl) != 1)
		goto out;
	while (got < x->req) {
		n = SSL_read(ssl, x->q + got, (int)(x->req - got));
		if (n <= 0)
			goto out;
		got += (size_t)n;
	}
	(void)SSL_write(ssl, x->r, (int)x->rep);
out:
	ERR_clear_error();
	SSL_free(ssl);
}

int
main(int argc, char *argv[])
{
	struct srv_opts o;
	struct exchange x;
	int s;

	srv_parse(&o, "tls_server", 8443, argc, argv);
	x.req = o.req;
	x.rep = o.rep;
	x.q = malloc(o.req);
	x.r = malloc(o.rep);
	if (x.q == NULL || x.r == NULL || (x.ctx = tls_server_ctx()) == NULL) {
		fprintf(stderr, "tls_server: setup failed\n");
		return 1;
	}
	memset(x.r, 'r', o.rep);
	/* TCP_NODELAY: a flight's records leave at once. */
	if ((s = srv_listen(&o, "tls_server", 1)) == -1)
		return 1;
	return srv_loop(s, "tls_server", serve, &x);
}

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

#include <openssl/err.h>
#include <openssl/ssl.h>

#include "srv.h"
#include "tls_cert.h"

static void
serve(int fd, const struct srv_opts *o)
{
	SSL *ssl = SSL_new(o->arg);
	size_t got = 0;
	int n;

	if (ssl == NULL || SSL_set_fd(ssl, fd) != 1 || SSL_accept(ssl) != 1)
		goto out;
	while (got < o->req) {
		n = SSL_read(ssl, o->q + got, (int)(o->req - got));
		if (n <= 0)
			goto out;
		got += (size_t)n;
	}
	(void)SSL_write(ssl, o->r, (int)o->rep);
out:
	ERR_clear_error();
	SSL_free(ssl);
}

int
main(int argc, char *argv[])
{
	struct srv_opts o;
	int s;

	srv_parse(&o, "tls_server", 8443, argc, argv);
	if ((o.arg = tls_server_ctx()) == NULL) {
		fprintf(stderr, "tls_server: no TLS context\n");
		return 1;
	}
	/* TCP_NODELAY: a flight's records leave at once. */
	if ((s = srv_listen(&o, "tls_server", 1)) == -1)
		return 1;
	return srv_loop(s, "tls_server", serve, &o);
}

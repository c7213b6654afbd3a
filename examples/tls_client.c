/* SPDX-License-Identifier: ISC */
/*
 * TLS with OpenSSL over TCP Fast Open: tfo_connect_deferred() connects
 * without sending anything, so the first write -- OpenSSL's ClientHello --
 * leaves in the SYN.  The socket is non-blocking until the handshake is
 * done: on a blocking one Linux does not defer (tfo_connect(3)).  Sends
 * MESSAGE and a newline, prints the first reply.
 *
 *	tls_client host port message [cafile]
 *
 * Without cafile the system's trust store verifies the server.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <netdb.h>
#include <sys/types.h>
#include <sys/socket.h>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <tfo.h>

static int
fail(const char *what)
{
	fprintf(stderr, "tls_client: %s\n", what);
	ERR_print_errors_fp(stderr);
	return 1;
}

/* SSL_connect() on a non-blocking socket: wait for what OpenSSL needs. */
static int
handshake(SSL *ssl, int fd)
{
	struct pollfd pfd;
	int r;

	for (;;) {
		if ((r = SSL_connect(ssl)) == 1)
			return 0;
		pfd.fd = fd;
		switch (SSL_get_error(ssl, r)) {
		case SSL_ERROR_WANT_READ:
			pfd.events = POLLIN;
			break;
		case SSL_ERROR_WANT_WRITE:
			pfd.events = POLLOUT;
			break;
		default:
			return -1;
		}
		if (poll(&pfd, 1, 30000) != 1)	/* 30 s without progress */
			return -1;
	}
}

int
main(int argc, char *argv[])
{
	struct addrinfo hints, *res;
	SSL_CTX *ctx;
	SSL *ssl;
	char reply[512];
	int fd, fl, e, n, used;

	if (argc != 4 && argc != 5) {
		fprintf(stderr, "usage: tls_client host port message [cafile]\n");
		return 2;
	}
	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_STREAM;
	if ((e = getaddrinfo(argv[1], argv[2], &hints, &res)) != 0) {
		fprintf(stderr, "%s: %s\n", argv[1], gai_strerror(e));
		return 1;
	}
	if ((fd = socket(res->ai_family, SOCK_STREAM, 0)) == -1) {
		perror("socket");
		return 1;
	}
	/*
	 * Nothing is sent yet where the system defers the SYN.  The first
	 * operation on fd must be a write: TLS clients speak first.
	 * EINPROGRESS: no cookie yet, the SYN left at once.
	 */
	if ((fl = fcntl(fd, F_GETFL)) == -1 ||
	    fcntl(fd, F_SETFL, fl | O_NONBLOCK) == -1 ||
	    (tfo_connect_deferred(fd, res->ai_addr, res->ai_addrlen, 0) == -1 &&
	    errno != EINPROGRESS)) {
		perror("tfo_connect_deferred");
		return 1;
	}
	freeaddrinfo(res);

	if ((ctx = SSL_CTX_new(TLS_client_method())) == NULL)
		return fail("SSL_CTX_new");
	if ((argc == 5 ? SSL_CTX_load_verify_locations(ctx, argv[4], NULL) :
	    SSL_CTX_set_default_verify_paths(ctx)) != 1)
		return fail("cannot load trust anchors");
	SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
	if ((ssl = SSL_new(ctx)) == NULL || SSL_set_fd(ssl, fd) != 1)
		return fail("SSL_new");
	/* Check the certificate's IP address or host name; SNI for names. */
	if (X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), argv[1]) != 1 &&
	    (SSL_set1_host(ssl, argv[1]) != 1 ||
	    SSL_set_tlsext_host_name(ssl, argv[1]) != 1))
		return fail("SSL_set1_host");
	/* The ClientHello is this socket's first write: it rides in the SYN. */
	if (handshake(ssl, fd) == -1)
		return fail("TLS handshake failed");
	if (fcntl(fd, F_SETFL, fl) == -1)	/* blocking from here on */
		return fail("fcntl");
	if (SSL_write(ssl, argv[3], (int)strlen(argv[3])) <= 0 ||
	    SSL_write(ssl, "\n", 1) <= 0)
		return fail("SSL_write");
	if ((n = SSL_read(ssl, reply, sizeof(reply))) <= 0)
		return fail("SSL_read");
	fwrite(reply, 1, (size_t)n, stdout);
	used = tfo_used(fd);
	fprintf(stderr, "backend %s, ClientHello in SYN: %s\n", tfo_backend(),
	    used == TFO_YES ? "yes" : used == TFO_NO ? "no" : "unknown");
	SSL_shutdown(ssl);
	SSL_free(ssl);
	SSL_CTX_free(ctx);
	close(fd);
	return 0;
}

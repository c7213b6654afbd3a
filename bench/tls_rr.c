/* SPDX-License-Identifier: ISC */
/*
 * tls_rr: a TLS 1.3 request over a new connection, plain connect() against
 * tfo_connect_deferred(), where OpenSSL's ClientHello is the first write
 * and so rides in the SYN.  Timed from socket() to the reply.  Options:
 * rr.h.  The certificate is not verified: this measures round trips.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include "tfo.h"
#include "rr.h"

static SSL_CTX *ctx;
static size_t rep_len;
static char *rep_buf;

/*
 * SSL_connect() on a blocking or a non-blocking socket, waiting as OpenSSL
 * asks; the per-connection alarm bounds it.  1 when the handshake is done.
 */
static int
handshake(SSL *ssl, int fd)
{
	struct pollfd pfd;
	int r;

	for (;;) {
		if ((r = SSL_connect(ssl)) == 1)
			return 1;
		pfd.fd = fd;
		switch (SSL_get_error(ssl, r)) {
		case SSL_ERROR_WANT_READ:
			pfd.events = POLLIN;
			break;
		case SSL_ERROR_WANT_WRITE:
			pfd.events = POLLOUT;
			break;
		default:
			return 0;
		}
		if (poll(&pfd, 1, -1) == -1 && errno != EINTR)
			return 0;
	}
}

/*
 * Handshake, request, whole reply; fd stays open for the SYN check.  A
 * non-blocking fd is made blocking once the handshake is done.
 */
static int
exchange(int fd, const char *req, size_t len)
{
	SSL *ssl = SSL_new(ctx);
	size_t got = 0;
	int n, fl, ok = 0;

	if (ssl == NULL || SSL_set_fd(ssl, fd) != 1 || !handshake(ssl, fd) ||
	    (fl = fcntl(fd, F_GETFL)) == -1 ||
	    fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) == -1 ||
	    SSL_write(ssl, req, (int)len) != (int)len)
		goto out;
	while (got < rep_len) {
		n = SSL_read(ssl, rep_buf + got, (int)(rep_len - got));
		if (n <= 0)
			goto out;
		got += (size_t)n;
	}
	ok = 1;
out:
	if (!ok)
		ERR_print_errors_fp(stderr);
	SSL_free(ssl);
	if (!ok) {
		close(fd);
		return -1;
	}
	return fd;
}

/*
 * TLS writes a flight as several records: without TCP_NODELAY, Nagle holds
 * the later ones for the peer's delayed ACK (40 ms), as every TLS server
 * and browser knows.  Both modes pay this one call alike.
 */
static int
tls_socket(void)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0), one = 1;

	if (fd != -1 &&
	    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one)) == -1) {
		close(fd);
		fd = -1;
	}
	return fd;
}

static int
tls_plain(const struct sockaddr_in *sa, const char *req, size_t len)
{
	int fd = tls_socket();

	if (fd == -1)
		return -1;
	if (connect(fd, (const struct sockaddr *)sa, sizeof(*sa)) == -1) {
		close(fd);
		return -1;
	}
	return exchange(fd, req, len);
}

/*
 * Non-blocking for the handshake: only there does Linux let the first
 * write, the ClientHello, ride in the SYN (tfo_connect(3)).
 */
static int
tls_deferred(const struct sockaddr_in *sa, const char *req, size_t len)
{
	int fd = tls_socket(), fl;

	if (fd == -1)
		return -1;
	if ((fl = fcntl(fd, F_GETFL)) == -1 ||
	    fcntl(fd, F_SETFL, fl | O_NONBLOCK) == -1 ||
	    (tfo_connect_deferred(fd, (const struct sockaddr *)sa,
	    sizeof(*sa), 0) == -1 && errno != EINPROGRESS)) {
		close(fd);
		return -1;
	}
	return exchange(fd, req, len);
}

int
main(int argc, char *argv[])
{
	static const struct rr_mode modes[] = {
		{ "tls-plain", tls_plain, 1 },
		{ "tls-tfo_connect_deferred", tls_deferred, 1 },
	};
	struct rr_opts o;

	rr_parse(&o, argc, argv);
	rep_len = o.rep;
	ctx = SSL_CTX_new(TLS_client_method());
	rep_buf = malloc(rep_len);
	if (ctx == NULL || rep_buf == NULL ||
	    SSL_CTX_set_min_proto_version(ctx, TLS1_3_VERSION) != 1) {
		fprintf(stderr, "tls_rr: setup failed\n");
		return 1;
	}
	SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL);
	return rr_run(&o, modes, (int)(sizeof(modes) / sizeof(modes[0])));
}

/* SPDX-License-Identifier: ISC */
/* tfocat -l PORT: a TFO listener, on all addresses or on -b ADDR. */
#include "config.h"

#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/types.h>

#include "tfo.h"
#include "tfocat.h"

static int
bound_listener(const char *host, const char *port)
{
	struct addrinfo hints, *res, *ai;
	int fd = -1, one = 1, zero = 0, r;

	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE;
	/* No address: prefer IPv6, which takes IPv4 peers too. */
	hints.ai_family = host == NULL ? AF_INET6 : AF_UNSPEC;
	r = getaddrinfo(host, port, &hints, &res);
	if (r != 0 && host == NULL) {
		hints.ai_family = AF_INET;
		r = getaddrinfo(host, port, &hints, &res);
	}
	if (r != 0) {
		fprintf(stderr, "tfocat: port %s: %s\n", port, gai_strerror(r));
		return -1;
	}
	for (ai = res; ai != NULL && fd == -1; ai = ai->ai_next) {
		fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
		if (fd == -1)
			continue;
		(void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one,
		    sizeof(one));
		if (ai->ai_family == AF_INET6)
			(void)setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &zero,
			    sizeof(zero));
		if (bind(fd, ai->ai_addr, ai->ai_addrlen) == -1) {
			perror("tfocat: bind");
			close(fd);
			fd = -1;
		}
	}
	freeaddrinfo(res);
	return fd;
}

static int
echo_back(int fd)
{
	char buf[16384];
	ssize_t n, w, off;

	for (;;) {
		n = read(fd, buf, sizeof(buf));
		if (n == 0)
			return 0;
		if (n == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		for (off = 0; off < n; off += w) {
			w = write(fd, buf + off, (size_t)(n - off));
			if (w == -1 && errno != EINTR)
				return -1;
			if (w == -1)
				w = 0;
		}
	}
}

int
tfocat_server(const char *port, const char *bind_host, int keep, int echo,
    int verbose)
{
	int fd, conn, r, tfo;

	fd = bound_listener(bind_host, port);
	if (fd == -1)
		return -1;
	tfo = tfo_listen(fd, 16);
	if (tfo == -1) {
		perror("tfocat: listen");
		close(fd);
		return -1;
	}
	if (verbose || tfo != TFO_YES)
		fprintf(stderr, "tfocat: listening, server TFO %s\n",
		    tfo == TFO_YES ? "on" : tfo == TFO_NO ?
		    "off (see tfo_kernel_allows(3) for the system switch)" :
		    "unknown");
	do {
		conn = accept(fd, NULL, NULL);
		if (conn == -1) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			perror("tfocat: accept");
			break;
		}
		if (verbose)
			fprintf(stderr, "tfocat: connection, data in SYN: %s\n",
			    tfocat_used_text(tfo_used(conn)));
		r = echo ? echo_back(conn) : tfocat_relay(conn, keep ? -1 : 0,
		    1);
		if (r == -1)
			perror("tfocat");
		close(conn);
	} while (keep);
	close(fd);
	return 0;
}

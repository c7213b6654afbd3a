/* SPDX-License-Identifier: ISC */
/* tfocat HOST PORT: the first chunk of stdin rides in the SYN. */
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

int
tfocat_client(const char *host, const char *port, int verbose)
{
	static char first[TFOCAT_FIRST_CHUNK];
	struct addrinfo hints, *res, *ai;
	ssize_t len, n = -1;
	int fd = -1, r, err = 0;

	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_STREAM;
	r = getaddrinfo(host, port, &hints, &res);
	if (r != 0) {
		fprintf(stderr, "tfocat: %s port %s: %s\n", host, port,
		    gai_strerror(r));
		return -1;
	}
	/* One read: whatever stdin has ready now is the idempotent first chunk. */
	do
		len = read(0, first, sizeof(first));
	while (len == -1 && errno == EINTR);
	if (len == -1) {
		perror("tfocat: stdin");
		freeaddrinfo(res);
		return -1;
	}
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
		if (fd == -1) {
			err = errno;
			continue;
		}
		n = tfo_connect(fd, ai->ai_addr, ai->ai_addrlen, first,
		    (size_t)len, 0);
		if (n >= 0)
			break;
		/* -1: nothing was queued, so the next address is safe. */
		err = errno;
		close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	if (fd == -1) {
		fprintf(stderr, "tfocat: %s port %s: %s\n", host, port,
		    strerror(err));
		return -1;
	}
	if (verbose)
		fprintf(stderr, "tfocat: connected, %zd bytes sent, data in "
		    "SYN: %s (backend %s)\n", n, tfocat_used_text(tfo_used(fd)),
		    tfo_backend());
	r = tfocat_relay(fd, len == 0 ? -1 : 0, 1);
	if (r == -1)
		perror("tfocat");
	close(fd);
	return r;
}

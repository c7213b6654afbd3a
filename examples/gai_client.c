/* SPDX-License-Identifier: ISC */
/*
 * The sockaddr API with getaddrinfo(3): connect to HOST PORT (IPv4 or
 * IPv6), send MESSAGE in the SYN where the systems allow, print the reply,
 * and say on standard error whether the data rode in the SYN.
 *
 *	gai_client host port message
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <netdb.h>
#include <sys/types.h>
#include <sys/socket.h>

#include <tfo.h>

static const char *
answer(int used)
{
	switch (used) {
	case TFO_YES:
		return "yes";
	case TFO_NO:
		return "no";
	case TFO_NEGOTIATED:
		return "negotiated";
	default:
		return "unknown";
	}
}

int
main(int argc, char *argv[])
{
	struct addrinfo hints, *res, *ai;
	char reply[512];
	size_t len;
	ssize_t n = -1;
	int fd = -1, e;

	if (argc != 4) {
		fprintf(stderr, "usage: gai_client host port message\n");
		return 2;
	}
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	if ((e = getaddrinfo(argv[1], argv[2], &hints, &res)) != 0) {
		fprintf(stderr, "%s: %s\n", argv[1], gai_strerror(e));
		return 1;
	}
	len = strlen(argv[3]);
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
		if (fd == -1)
			continue;
		/* Blocking socket: returns len once every byte is queued. */
		n = tfo_connect(fd, ai->ai_addr, ai->ai_addrlen, argv[3], len,
		    0);
		if (n >= 0)
			break;
		perror("tfo_connect");
		close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	if (fd == -1)
		return 1;
	if ((n = read(fd, reply, sizeof(reply))) == -1) {
		perror("read");
		return 1;
	}
	fwrite(reply, 1, (size_t)n, stdout);
	putchar('\n');
	fprintf(stderr, "backend %s, data in SYN: %s\n", tfo_backend(),
	    answer(tfo_used(fd)));
	close(fd);
	return 0;
}

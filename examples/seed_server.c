/* SPDX-License-Identifier: ISC */
/*
 * A server with libowfat's calls: listen on 127.0.0.1:PORT with TCP Fast
 * Open, answer COUNT connections (default 1) by echoing the first bytes
 * each client sends, then exit.  Only libtfo's <tfo_socket.h> is needed.
 *
 *	seed_server PORT [COUNT]
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/socket.h>

#include <tfo_socket.h>

int
main(int argc, char *argv[])
{
	static const char ip[4] = { 127, 0, 0, 1 };
	char buf[512];
	ssize_t n;
	int s, c, count;

	if (argc != 2 && argc != 3) {
		fprintf(stderr, "usage: seed_server port [count]\n");
		return 2;
	}
	count = argc == 3 ? atoi(argv[2]) : 1;
	if ((s = socket_tcp4b()) == -1) {
		perror("socket_tcp4b");
		return 1;
	}
	if (socket_bind4_reuse(s, ip, (uint16)atoi(argv[1])) == -1) {
		perror("socket_bind4_reuse");
		return 1;
	}
	/* Before or after socket_listen(): libtfo applies it either way. */
	if (socket_fastopen(s) == -1)
		perror("socket_fastopen (serving without TFO)");
	if (socket_listen(s, 16) == -1) {
		perror("socket_listen");
		return 1;
	}
	printf("listening on 127.0.0.1 port %s\n", argv[1]);
	fflush(stdout);
	while (count-- > 0) {
		if ((c = accept(s, NULL, NULL)) == -1) {
			perror("accept");
			return 1;
		}
		/* With TFO the SYN's data is readable as soon as accept returns. */
		if ((n = read(c, buf, sizeof(buf))) > 0 &&
		    write(c, buf, (size_t)n) == -1)
			perror("write");
		close(c);
	}
	close(s);
	return 0;
}

/* SPDX-License-Identifier: ISC */
/*
 * The libowfat manual page's example, made runnable: connect to
 * 127.0.0.1:PORT, send "hello" (in the SYN where TCP Fast Open is
 * available) and print the reply.  Only libtfo's <tfo_socket.h> is needed.
 *
 *	seed_client PORT
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <tfo_socket.h>

int
main(int argc, char *argv[])
{
	static const char ip[4] = { 127, 0, 0, 1 };
	char reply[512];
	ssize_t n;
	int s;

	if (argc != 2) {
		fprintf(stderr, "usage: seed_client port\n");
		return 2;
	}
	/* A blocking socket: the call returns when all 5 bytes are queued. */
	if ((s = socket_tcp4b()) == -1) {
		perror("socket_tcp4b");
		return 1;
	}
	/* No socket_bind4() needed: the kernel picks the local address. */
	if (socket_fastopen_connect4(s, ip, (uint16)atoi(argv[1]), "hello",
	    5) != 5) {
		perror("socket_fastopen_connect4");
		return 1;
	}
	if ((n = read(s, reply, sizeof(reply))) == -1) {
		perror("read");
		return 1;
	}
	fwrite(reply, 1, (size_t)n, stdout);
	putchar('\n');
	close(s);
	return 0;
}

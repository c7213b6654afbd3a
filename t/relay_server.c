/* SPDX-License-Identifier: ISC */
/*
 * relay_server MODE PORT OUT: one connection on 127.0.0.1:PORT, for the
 * netcat relay test (t/tfocat-relay.sh); what the client sent goes to OUT.
 * Plain sockets only, so that it judges tfocat and nc alike.
 *   first   send "hello\n", shut down its sending side, read to the end
 *   last    read to the end, then send "bye\n" and close
 *   never   send 1 MiB while reading, never half-close, close at the end
 *   reset   read 1 MiB, then reset the connection (SO_LINGER 0)
 * Prints "listening" on stdout once it listens.  Exits 0 when it did its
 * part; alarm(30) bounds it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#define CHUNK 65536
#define MIB (1024 * 1024)

static int
write_all(int fd, const char *buf, size_t len)
{
	ssize_t n;

	while (len > 0) {
		n = write(fd, buf, len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Copy the connection to out, at most limit bytes (0: to the end). */
static long long
drain(int conn, int out, long long limit)
{
	static char buf[CHUNK];
	long long total = 0;
	size_t want;
	ssize_t n;

	for (;;) {
		want = sizeof(buf);
		if (limit > 0 && limit - total < (long long)want)
			want = (size_t)(limit - total);
		if (want == 0)
			return total;
		n = read(conn, buf, want);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			return n == 0 ? total : -1;
		if (write_all(out, buf, (size_t)n) == -1)
			return -1;
		total += n;
	}
}

int
main(int argc, char **argv)
{
	static char pattern[MIB];
	struct sockaddr_in sin;
	struct linger lg = { 1, 0 };
	const char *mode;
	int fd, conn, out, one = 1;

	if (argc != 4)
		return 2;
	mode = argv[1];
	alarm(30);
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons((unsigned short)atoi(argv[2]));
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	out = open(argv[3], O_WRONLY | O_CREAT | O_TRUNC, 0644);
	fd = socket(AF_INET, SOCK_STREAM, 0);
	if (out == -1 || fd == -1 ||
	    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) == -1 ||
	    bind(fd, (struct sockaddr *)&sin, sizeof(sin)) == -1 ||
	    listen(fd, 1) == -1) {
		perror("relay_server");
		return 1;
	}
	printf("listening\n");
	fflush(stdout);
	conn = accept(fd, NULL, NULL);
	if (conn == -1) {
		perror("relay_server: accept");
		return 1;
	}
	if (strcmp(mode, "first") == 0) {
		if (write_all(conn, "hello\n", 6) == -1 ||
		    shutdown(conn, SHUT_WR) == -1 || drain(conn, out, 0) < 0)
			return 1;
	} else if (strcmp(mode, "last") == 0) {
		if (drain(conn, out, 0) < 0 || write_all(conn, "bye\n", 4) == -1)
			return 1;
	} else if (strcmp(mode, "never") == 0) {
		/* The client's relay must read while it writes, or both stall. */
		memset(pattern, 'x', sizeof(pattern));
		if (write_all(conn, pattern, sizeof(pattern)) == -1 ||
		    drain(conn, out, 0) < 0)
			return 1;
	} else if (strcmp(mode, "reset") == 0) {
		if (drain(conn, out, MIB) != MIB ||
		    setsockopt(conn, SOL_SOCKET, SO_LINGER, &lg,
		    sizeof(lg)) == -1)
			return 1;
	} else
		return 2;
	close(conn);
	close(out);
	return 0;
}

/* SPDX-License-Identifier: ISC */
/*
 * A non-blocking client: tfo_connect() on an O_NONBLOCK socket may accept
 * all, part or none (-1/EINPROGRESS) of the data; wait with poll(2) and
 * write whatever was not accepted yourself.  TFO_DONTWAIT says the caller
 * will not wait, so the library need not ask the socket's mode.
 *
 *	nb_client host port message
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

#include <tfo.h>

#ifndef MSG_NOSIGNAL
#define MSG_NOSIGNAL 0	/* macOS before 11: set SO_NOSIGPIPE instead */
#endif

/* Wait until fd is ready for events; 0, or -1 on error or after 10 s. */
static int
wait_for(int fd, short events)
{
	struct pollfd pfd;
	int r;

	pfd.fd = fd;
	pfd.events = events;
	do
		r = poll(&pfd, 1, 10000);
	while (r == -1 && errno == EINTR);
	if (r == 0)
		errno = ETIMEDOUT;
	return r > 0 ? 0 : -1;
}

int
main(int argc, char *argv[])
{
	struct addrinfo hints, *res;
	char reply[512];
	const char *msg;
	size_t len, done;
	socklen_t errlen;
	ssize_t n;
	int fd, e, err;

	if (argc != 4) {
		fprintf(stderr, "usage: nb_client host port message\n");
		return 2;
	}
	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_STREAM;
	if ((e = getaddrinfo(argv[1], argv[2], &hints, &res)) != 0) {
		fprintf(stderr, "%s: %s\n", argv[1], gai_strerror(e));
		return 1;
	}
	fd = socket(res->ai_family, SOCK_STREAM, 0);
	if (fd == -1 || fcntl(fd, F_SETFL, O_NONBLOCK) == -1) {
		perror("socket");
		return 1;
	}
	msg = argv[3];
	len = strlen(msg);
	n = tfo_connect(fd, res->ai_addr, res->ai_addrlen, msg, len,
	    TFO_DONTWAIT);
	freeaddrinfo(res);
	if (n == -1 && errno != EINPROGRESS) {
		perror("tfo_connect");
		return 1;
	}
	/* -1/EINPROGRESS: under way, and nothing was queued. */
	done = n == -1 ? 0 : (size_t)n;

	/* Writable means connected or failed: SO_ERROR tells which. */
	if (wait_for(fd, POLLOUT) == -1) {
		perror("poll");
		return 1;
	}
	errlen = sizeof(err);
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &errlen) == -1 ||
	    err != 0) {
		fprintf(stderr, "connect: %s\n", strerror(err));
		return 1;
	}
	while (done < len) {
		n = send(fd, msg + done, len - done, MSG_NOSIGNAL);
		if (n >= 0)
			done += (size_t)n;
		else if ((errno != EAGAIN && errno != EWOULDBLOCK &&
		    errno != EINTR) || wait_for(fd, POLLOUT) == -1) {
			perror("send");
			return 1;
		}
	}
	if (wait_for(fd, POLLIN) == -1 ||
	    (n = read(fd, reply, sizeof(reply))) == -1) {
		perror("read");
		return 1;
	}
	fwrite(reply, 1, (size_t)n, stdout);
	putchar('\n');
	close(fd);
	return 0;
}

/* SPDX-License-Identifier: ISC */
/*
 * rr_tfo: request/response over new connections, libtfo against plain
 * connect()+write() and hand-written sendto(MSG_FASTOPEN).  Options: rr.h.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "tfo.h"
#include "tfo_socket.h"
#include "rr.h"

static int
done(int fd, ssize_t n, size_t len)
{
	if (n < 0 || (size_t)n != len) {	/* blocking: all or error */
		close(fd);
		return -1;
	}
	return fd;
}

/* The libowfat-compatible call, on libowfat's blocking socket. */
static int
tfo_socket(const struct sockaddr_in *sa, const char *req, size_t len)
{
	int fd = socket_tcp4b();

	if (fd == -1)
		return -1;
	return done(fd, socket_fastopen_connect4(fd,
	    (const char *)&sa->sin_addr, ntohs(sa->sin_port), req, len), len);
}

static int
tfo_sockaddr(const struct sockaddr_in *sa, const char *req, size_t len)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	if (fd == -1)
		return -1;
	return done(fd, tfo_connect(fd, (const struct sockaddr *)sa,
	    sizeof(*sa), req, len, 0), len);
}

/*
 * Non-blocking until the first write is done: only there does Linux let
 * it ride in the SYN (tfo_connect(3)).  Blocking again for the reply.
 */
static int
tfo_deferred(const struct sockaddr_in *sa, const char *req, size_t len)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0), fl;

	if (fd == -1)
		return -1;
	if ((fl = fcntl(fd, F_GETFL)) == -1 ||
	    fcntl(fd, F_SETFL, fl | O_NONBLOCK) == -1 ||
	    (tfo_connect_deferred(fd, (const struct sockaddr *)sa,
	    sizeof(*sa), 0) == -1 && errno != EINPROGRESS) ||
	    rr_write_all(fd, req, len) == -1 || fcntl(fd, F_SETFL, fl) == -1) {
		close(fd);
		return -1;
	}
	return fd;
}

int
main(int argc, char *argv[])
{
	static const struct rr_mode modes[] = {
		{ "plain", rr_plain, 0 },
		{ "raw-sendto", rr_raw, 0 },
		{ "tfo-socket_fastopen4", tfo_socket, 0 },
		{ "tfo_connect", tfo_sockaddr, 0 },
		{ "tfo_connect_deferred", tfo_deferred, 0 },
	};
	struct rr_opts o;

	rr_parse(&o, argc, argv);
	return rr_run(&o, modes, (int)(sizeof(modes) / sizeof(modes[0])));
}

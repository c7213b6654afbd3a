/* SPDX-License-Identifier: ISC */
/*
 * rr_owfat: the same request/response run with libowfat's
 * socket_fastopen_connect4.  A program of its own because libowfat and
 * libtfo export the same names; it links libowfat only.
 */
#include <unistd.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <socket.h>	/* libowfat's */

#include "rr.h"

static int
owfat(const struct sockaddr_in *sa, const char *req, size_t len)
{
	int fd = socket_tcp4b();
	ssize_t n;

	if (fd == -1)
		return -1;
	n = socket_fastopen_connect4(fd, (const char *)&sa->sin_addr,
	    ntohs(sa->sin_port), req, len);
	if (n < 0 || rr_write_all(fd, req + n, len - (size_t)n) == -1) {
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
		{ "owfat-socket_fastopen4", owfat, 0 },
	};
	struct rr_opts o;

	rr_parse(&o, argc, argv);
	return rr_run(&o, modes, (int)(sizeof(modes) / sizeof(modes[0])));
}

/* SPDX-License-Identifier: ISC */
/*
 * rtt: the link emulator's own check.  A TCP connect() takes one round
 * trip, so over linkemu -d D it must take 2 x D ms.  Options: rr.h.
 */
#include <unistd.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "rr.h"

static int
connect_only(const struct sockaddr_in *sa, const char *req, size_t len)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	(void)req;
	(void)len;
	if (fd != -1 &&
	    connect(fd, (const struct sockaddr *)sa, sizeof(*sa)) == -1) {
		close(fd);
		fd = -1;
	}
	return fd;
}

int
main(int argc, char *argv[])
{
	static const struct rr_mode modes[] = {
		{ "tcp-connect", connect_only, 1 },	/* no request, no reply */
	};
	struct rr_opts o;

	rr_parse(&o, argc, argv);
	return rr_run(&o, modes, 1);
}

/* SPDX-License-Identifier: ISC */
/*
 * rr_server: the other end of the request/response benchmark.  Accepts
 * one connection at a time, reads the request, writes the reply, closes.
 * Server-side TFO with plain system calls, so the server is the same for
 * every client mode and never depends on the library under test.
 *
 *   rr_server [-a addr] [-p port] [-q reqbytes] [-r repbytes] [-t seconds]
 */
#define _GNU_SOURCE
#include <sys/socket.h>

#include "rr.h"
#include "srv.h"

static void
serve(int fd, const struct srv_opts *o)
{
	if (rr_read_all(fd, o->q, o->req) == 0)
		(void)send(fd, o->r, o->rep, MSG_NOSIGNAL);
}

int
main(int argc, char *argv[])
{
	struct srv_opts o;
	int s;

	srv_parse(&o, "rr_server", 8001, argc, argv);
	if ((s = srv_listen(&o, "rr_server", 0)) == -1)
		return 1;
	return srv_loop(s, "rr_server", serve, &o);
}

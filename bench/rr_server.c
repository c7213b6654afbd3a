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
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "rr.h"
#include "srv.h"

struct exchange {
	char *q, *r;
	size_t req, rep;
};

static void
serve(int fd, void *arg)
{
	struct exchange *x = arg;

	if (rr_read_all(fd, x->q, x->req) == 0)
		(void)send(fd, x->r, x->rep, MSG_NOSIGNAL);
}

int
main(int argc, char *argv[])
{
	struct srv_opts o;
	struct exchange x;
	int s;

	srv_parse(&o, "rr_server", 8001, argc, argv);
	x.req = o.req;
	x.rep = o.rep;
	x.q = malloc(o.req);
	x.r = malloc(o.rep);
	if (x.q == NULL || x.r == NULL)
		return 1;
	memset(x.r, 'r', o.rep);
	if ((s = srv_listen(&o, "rr_server", 0)) == -1)
		return 1;
	return srv_loop(s, "rr_server", serve, &x);
}

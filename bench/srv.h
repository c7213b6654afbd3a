/* SPDX-License-Identifier: ISC */
/*
 * What the benchmark servers (rr_server, tls_server) share: the command
 * line, a TFO listener made with plain system calls (never the library
 * under test), and the accept loop.  One connection at a time.
 */
#ifndef SRV_H
#define SRV_H

#include <stddef.h>
#include <netinet/in.h>

struct srv_opts {
	struct sockaddr_in sa;	/* -a addr (198.18.0.2), -p port */
	size_t req, rep;	/* -q, -r: request and reply bytes (100) */
	unsigned lifetime;	/* -t: seconds before the server ends (600) */
	char *q, *r;		/* req bytes to read into; rep bytes of 'r' */
	void *arg;		/* the server's own, for serve() */
};

/*
 * Parse the options and allocate the buffers; a bad option prints usage
 * for name and exits 2, no memory exits 1.
 */
void srv_parse(struct srv_opts *o, const char *name, int port, int argc,
    char *argv[]);

/*
 * Ignore SIGPIPE, end after o->lifetime, and listen on o->sa with
 * server-side TFO (and TCP_NODELAY, inherited by accepted sockets, when
 * nodelay).  The socket, or -1 after a message.
 */
int srv_listen(const struct srv_opts *o, const char *name, int nodelay);

/*
 * Accept for ever; each connection gets 5 s send and receive timeouts, is
 * handed to serve, then closed.  Returns 1 only when accept(2) fails.
 */
int srv_loop(int s, const char *name,
    void (*serve)(int fd, const struct srv_opts *o), const struct srv_opts *o);

#endif /* !SRV_H */

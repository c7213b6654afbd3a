/* SPDX-License-Identifier: ISC */
/* tfocat -l PORT: a TFO listener, on all addresses or on one. */
#include "config.h"

#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/types.h>

#include "tfo.h"
#include "tfocat.h"

static int
bound_listener(const char *port, const struct tfocat_opts *o)
{
	struct addrinfo hints, *res, *ai;
	char text[NI_MAXHOST + 16];
	int fd = -1, one = 1, zero = 0, r;

	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV |
	    (o->numeric ? AI_NUMERICHOST : 0);
	/* No address: prefer IPv6, which takes IPv4 peers too. */
	hints.ai_family = o->source == NULL && o->family == AF_UNSPEC ?
	    AF_INET6 : o->family;
	r = getaddrinfo(o->source, port, &hints, &res);
	if (r != 0 && o->source == NULL && o->family == AF_UNSPEC) {
		hints.ai_family = AF_INET;
		r = getaddrinfo(NULL, port, &hints, &res);
	}
	if (r != 0) {
		fprintf(stderr, "tfocat: %s: %s\n", o->source != NULL ?
		    o->source : "listening address", gai_strerror(r));
		return -1;
	}
	for (ai = res; ai != NULL && fd == -1; ai = ai->ai_next) {
		fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
		if (fd == -1) {
			perror("tfocat: socket");
			continue;
		}
		(void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one,
		    sizeof(one));
		if (ai->ai_family == AF_INET6 && o->family == AF_UNSPEC)
			(void)setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &zero,
			    sizeof(zero));
		if (bind(fd, ai->ai_addr, ai->ai_addrlen) == -1) {
			fprintf(stderr, "tfocat: bind %s: %s\n",
			    tfocat_addr_text(ai->ai_addr, ai->ai_addrlen, text,
			    sizeof(text)), strerror(errno));
			close(fd);
			fd = -1;
		}
	}
	freeaddrinfo(res);
	return fd;
}

static int
echo_back(int fd)
{
	char buf[16384];
	ssize_t n, w, off;

	for (;;) {
		n = read(fd, buf, sizeof(buf));
		if (n == 0)
			return 0;
		if (n == -1) {
			if (errno == EINTR)
				continue;
			perror("tfocat: receive");
			return -1;
		}
		for (off = 0; off < n; off += w) {
			w = write(fd, buf + off, (size_t)(n - off));
			if (w == -1 && errno != EINTR) {
				perror("tfocat: send");
				return -1;
			}
			if (w == -1)
				w = 0;
		}
	}
}

static void
say_listening(int fd, int tfo, const struct tfocat_opts *o)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	char text[NI_MAXHOST + 16];

	if (!o->verbose && tfo == TFO_YES)
		return;
	if (getsockname(fd, (struct sockaddr *)&ss, &len) == -1)
		snprintf(text, sizeof(text), "(unknown address)");
	else
		tfocat_addr_text((struct sockaddr *)&ss, len, text,
		    sizeof(text));
	if (tfo == TFO_NO)
		fprintf(stderr, "tfocat: listening on %s, server TFO off "
		    "(%s)\n", text,
		    tfocat_server_switch_hint());
	else
		fprintf(stderr, "tfocat: listening on %s, server TFO %s\n",
		    text, tfo == TFO_YES ? "on" : "unknown");
}

static void
say_connection(int conn)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	char text[NI_MAXHOST + 16];

	if (getpeername(conn, (struct sockaddr *)&ss, &len) == -1)
		return;
	fprintf(stderr, "tfocat: connection from %s, data in SYN: %s\n",
	    tfocat_addr_text((struct sockaddr *)&ss, len, text, sizeof(text)),
	    tfocat_used_text(tfo_used(conn)));
}

int
tfocat_server(const char *port_text, const struct tfocat_opts *o)
{
	char port[8];
	int fd, conn, r, tfo, failed = 0;

	if (tfocat_port(port_text, 1, port, sizeof(port)) == -1) {
		fprintf(stderr, "tfocat: port %s: not a port number (0-65535) "
		    "or a TCP service name\n", port_text);
		return -1;
	}
	fd = bound_listener(port, o);
	if (fd == -1)
		return -1;
	tfo = tfo_listen(fd, 16);
	if (tfo == -1) {
		perror("tfocat: listen");
		close(fd);
		return -1;
	}
	say_listening(fd, tfo, o);
	do {
		conn = accept(fd, NULL, NULL);
		if (conn == -1) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			perror("tfocat: accept");
			failed = 1;
			break;
		}
		if (o->verbose)
			say_connection(conn);
		r = o->echo ? echo_back(conn) : tfocat_relay(conn,
		    o->keep ? -1 : 0, 1, NULL, 0, o->timeout_s, o->quit_s);
		if (r == -1)
			failed = 1;
		close(conn);
	} while (o->keep);
	close(fd);
	return failed ? -1 : 0;
}

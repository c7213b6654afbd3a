/* SPDX-License-Identifier: ISC */
#ifndef TFOCAT_H
#define TFOCAT_H

#include <stddef.h>
#include <sys/types.h>
#include <sys/socket.h>

/* Largest first chunk of stdin handed to tfo_connect(). */
#define TFOCAT_FIRST_CHUNK 65536
/* How long the client waits for stdin's first bytes, to put them in the SYN. */
#define TFOCAT_FIRST_WAIT_MS 20
/* Most exchanges tfocat demo -n runs. */
#define TFOCAT_DEMO_MAX 100

struct tfocat_opts {
	int family;		/* AF_UNSPEC, or AF_INET / AF_INET6 (-4, -6) */
	int numeric;		/* -n: no name lookups */
	int verbose;		/* -v */
	int keep;		/* -k */
	int echo;		/* -e */
	int zero_io;		/* -z */
	const char *source;	/* -s (client) or -b / the address of -l */
	const char *source_port;	/* -p, numeric after checking */
	long timeout_s;		/* -w: connect and idle timeout; -1: none */
	long quit_s;		/* -q: after stdin's end; -1: wait for the peer */
	long first_wait_ms;	/* -E */
};

int tfocat_client(const char *host, const char *port,
    const struct tfocat_opts *o);
int tfocat_server(const char *port, const struct tfocat_opts *o);
int tfocat_demo(int exchanges);

/*
 * Copy in -> sock and sock -> out until both directions have ended:
 * stdin's end is passed on with shutdown(SHUT_WR), the peer's end stops
 * only the reading, as nc -N does.  first: bytes of in read already and
 * not yet sent.  in == -1: nothing more to send.  0, or -1 with a message
 * printed: some byte may not have been delivered.
 */
int tfocat_relay(int sock, int in, int out, const char *first,
    size_t first_len, long idle_s, long quit_s);

/* Milliseconds on the monotonic clock. */
long long tfocat_now_ms(void);

/* Read up to len bytes, retrying short reads until EOF or len. */
ssize_t tfocat_read_full(int fd, char *buf, size_t len);

/* "yes", "no", "unknown" or "negotiated" for a tfo_used() answer. */
const char *tfocat_used_text(int answer);

/*
 * A port given as a number (1-65535, or 0 with allow_zero) or as a TCP
 * service name, as a decimal string in buf; -1 when it is neither.
 */
int tfocat_port(const char *text, int allow_zero, char *buf, size_t len);

/* "ADDRESS port PORT" of a socket address, numerically. */
const char *tfocat_addr_text(const struct sockaddr *sa, socklen_t len,
    char *buf, size_t buflen);

/* How to turn server TFO on here (the command), or why it cannot be. */
const char *tfocat_server_switch_hint(void);

#endif /* !TFOCAT_H */

/* SPDX-License-Identifier: ISC */
/*
 * libtfo: TCP Fast Open for C programs, one API on Linux, FreeBSD and macOS,
 * a plain connect() + send() everywhere else.  See libtfo(3).
 */
#ifndef TFO_H
#define TFO_H

#include <stddef.h>
#include <sys/types.h>
#include <sys/socket.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Flags for tfo_connect() and tfo_connect_deferred(). */
#define TFO_NO_FALLBACK 0x1	/* fail with EOPNOTSUPP instead of a plain connect */
#define TFO_DONTWAIT	0x2	/* tfo_connect() only: never wait, as on a non-blocking socket */

/* tfo_dial() only: send the first bytes on the winning connection alone,
 * after its handshake, never in a SYN that may reach another server. */
#define TFO_DIAL_ONE_SERVER 0x4

/* Answers of tfo_used() and tfo_kernel_allows(). */
#define TFO_NO		0	/* no */
#define TFO_YES		1	/* yes: for tfo_used(), data rode in the SYN and was acked */
#define TFO_UNKNOWN	2	/* this system cannot tell (or cannot tell yet) */
#define TFO_NEGOTIATED	3	/* TFO options were exchanged; whether data rode in the SYN is not known */

/* Roles for tfo_kernel_allows(). */
#define TFO_CLIENT	1
#define TFO_SERVER	2

/*
 * Connect TCP socket fd to addr and hand the kernel the first len bytes of
 * buf, in the SYN where the system allows.  Returns the bytes accepted
 * (blocking sockets: all of them), or -1 with errno; EINPROGRESS means the
 * connection is under way and nothing was queued.
 */
ssize_t tfo_connect(int _fd, const struct sockaddr *_addr, socklen_t _addrlen,
    const void *_buf, size_t _len, int _flags);

/*
 * Connect so that the SYN leaves with the first write(2) (for a TLS
 * library's ClientHello).  Returns 0 or -1 with errno (EINPROGRESS on a
 * non-blocking socket where the system connects at once).  The first
 * operation on the socket must be a write.
 */
int tfo_connect_deferred(int _fd, const struct sockaddr *_addr,
    socklen_t _addrlen, int _flags);

/*
 * listen(2) and enable server-side TFO by each system's rules.  Returns
 * TFO_YES when the listener accepts TFO, TFO_NO when it listens without TFO
 * (the kernel refused the option, or its switch is off), TFO_UNKNOWN when
 * the kernel cannot say, -1 with errno when listen(2) failed.
 */
int tfo_listen(int _fd, int _backlog);

/* Options of tfo_dial(); all zero (or a NULL pointer) for the defaults. */
struct tfo_dial_opts {
	int timeout_ms;		/* for the whole call; 0: no limit */
	int attempt_delay_ms;	/* before the next address (RFC 8305); 0: 250 */
	int family;		/* AF_UNSPEC (both), AF_INET or AF_INET6 */
	int gai_error;		/* out: getaddrinfo()'s code, for gai_strerror() */
};

/*
 * Resolve host and service, race the addresses as RFC 8305 says (families
 * interleaved, a new attempt every attempt_delay_ms without cancelling the
 * others), each carrying the first len bytes of buf in its SYN where the
 * system allows, and return the first connected socket, blocking, with
 * all len bytes accepted; the other attempts are closed.  -1 with errno.
 */
int tfo_dial(const char *_host, const char *_service, const void *_buf,
    size_t _len, int _flags, struct tfo_dial_opts *_opts);

/* Did TFO carry data on this connection?  TFO_* answer, or -1 with errno. */
int tfo_used(int _fd);

/* Does the running kernel allow TFO in role TFO_CLIENT or TFO_SERVER? */
int tfo_kernel_allows(int _role);

/* The name of the compiled backend: "linux", "freebsd", "darwin", "fallback". */
const char *tfo_backend(void);

#ifdef __cplusplus
}
#endif

#endif /* !TFO_H */

/* SPDX-License-Identifier: ISC */
/*
 * The one interface between the common code and a backend.  Exactly one
 * backend (src/<os>/tfo_<os>.c) is compiled; it speaks only to its own
 * kernel and never calls back into the common code.
 */
#ifndef TFO_IMPL_H
#define TFO_IMPL_H

#include <sys/types.h>
#include <sys/socket.h>

/*
 * Returned by tfo_impl_connect_send() and tfo_impl_connect_deferred() when
 * this kernel (or this build) refuses TFO and the socket is left untouched:
 * the common code then connects plainly and remembers the verdict.
 */
#define TFO_IMPL_REFUSED (-2)

/*
 * As TFO_IMPL_REFUSED, but for this socket or this call only: the common
 * code connects plainly and remembers nothing, so that TFO stays on for
 * the process (Linux: a blocking socket, or no deferred connect before
 * 4.11, while tfo_connect() still has TFO).
 */
#define TFO_IMPL_NOT_HERE (-3)

/* What tfo_impl_socket_state() tells of a socket before anything is sent. */
enum tfo_impl_state {
	TFO_SOCK_FRESH,		/* a TCP socket that has not begun to connect */
	TFO_SOCK_CONNECTING,	/* a connection is under way */
	TFO_SOCK_CONNECTED,	/* connected, or was */
	TFO_SOCK_ENDED,		/* its connection was dropped: it cannot
				   connect again, and its error may wait in
				   SO_ERROR (FreeBSD) */
	TFO_SOCK_LISTENING,
	TFO_SOCK_NOT_TCP,	/* not a TCP socket, or not a socket at all */
	TFO_SOCK_UNTOLD		/* the kernel cannot say in one system call */
};

/*
 * The state of fd, in at most one system call: it runs before every
 * connecting call, in place of the common code's socket-type check, so
 * that a socket already connected is refused before anything is sent
 * (Linux would send the bytes on it).  For TFO_SOCK_NOT_TCP the common
 * code checks the type itself, for TFO_SOCK_UNTOLD the peer and the type.
 */
enum tfo_impl_state tfo_impl_socket_state(int fd);

/*
 * Start a connection to addr carrying the first len (> 0) bytes of buf.
 * Must not block and must not raise SIGPIPE.  Returns the bytes the kernel
 * accepted (>= 0), -1 with errno (EINPROGRESS: under way, nothing queued),
 * TFO_IMPL_REFUSED or TFO_IMPL_NOT_HERE.
 */
ssize_t tfo_impl_connect_send(int fd, const struct sockaddr *addr,
    socklen_t addrlen, const void *buf, size_t len);

/*
 * connect(2) so that the SYN waits for the first write.  Returns what
 * connect(2) would (0, or -1 with errno), TFO_IMPL_REFUSED or
 * TFO_IMPL_NOT_HERE.
 */
int tfo_impl_connect_deferred(int fd, const struct sockaddr *addr,
    socklen_t addrlen);

/* When tfo_impl_server_enable() is called. */
enum tfo_impl_when {
	TFO_IMPL_BEFORE_LISTEN,	/* socket_fastopen() on a socket not yet listening */
	TFO_IMPL_LISTENING,	/* tfo_listen(), or socket_fastopen() on a listener */
	TFO_IMPL_LISTEN_HOOK	/* socket_listen(): apply a request made before */
};

/*
 * Ask for server-side TFO on fd; qlen is the listen backlog (0: unknown).
 * A kernel that only takes the option in LISTEN state remembers a
 * TFO_IMPL_BEFORE_LISTEN request and applies it at TFO_IMPL_LISTEN_HOOK;
 * the others set it at once and do nothing at the hook.  Returns 0 or -1
 * with errno.
 */
int tfo_impl_server_enable(int fd, int qlen, enum tfo_impl_when when);

/* TFO_YES, TFO_NO, TFO_NEGOTIATED, TFO_UNKNOWN, or -1 with errno. */
int tfo_impl_used(int fd);

/* TFO_YES, TFO_NO or TFO_UNKNOWN for TFO_CLIENT or TFO_SERVER. */
int tfo_impl_kernel_allows(int role);

/* "linux", "freebsd", "darwin" or "fallback". */
extern const char tfo_impl_name[];

/*
 * 1 if send(MSG_DONTWAIT) never sleeps on a blocking socket here (Linux;
 * FreeBSD sosend_generic); 0 if the common code must make the socket
 * non-blocking around its own sends (XNU's sosendcheck waits unless
 * SS_NBIO or MSG_NBIO: MSG_DONTWAIT only spares the sblock).
 */
extern const int tfo_impl_send_dontwait;

/*
 * From the common code, for backends whose kernel has no per-call
 * "do not wait": make fd non-blocking for one call and put it back.
 * tfo_nonblock_begin() returns the old file flags, or -1 with errno;
 * tfo_nonblock_end() restores them and leaves errno as it was.
 */
int tfo_nonblock_begin(int fd);
void tfo_nonblock_end(int fd, int flags);

#endif /* !TFO_IMPL_H */

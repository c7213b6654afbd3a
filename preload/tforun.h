/* SPDX-License-Identifier: ISC */
/*
 * The preload library behind tforun(1): what its files share.  Only the
 * interposed libc functions are exported (preload/tforun.sym); every name
 * here stays inside the library.
 */
#ifndef TFORUN_H
#define TFORUN_H

#include <sys/types.h>
#include <sys/socket.h>

/* The libc function name stands for, found once with dlsym(RTLD_NEXT). */
void *tforun_real(void **cache, const char *name);
#define TFORUN_REAL(ret, params, name) \
	static void *real_cache; \
	ret (*real) params = (ret (*) params)tforun_real(&real_cache, name)

/* The settings tforun(1) passes in the environment, read at load time. */
int tforun_port_wanted(unsigned int port);	/* -c */
int tforun_server_wanted(void);			/* -s */
/* -v: one line on stderr, "tforun: pid P fd N: ..." */
void tforun_log(int fd, const char *fmt, ...)
#if defined(__GNUC__) || defined(__clang__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Per-descriptor marks: what tforun did to a socket; none past this. */
#define TFORUN_MAX_FD 65536
enum tforun_mark {
	TFORUN_NONE = 0,
	TFORUN_ARMED,		/* our option set, the connect not deferred */
	TFORUN_PENDING,		/* connect deferred by us, nothing written yet */
	TFORUN_KICKING,		/* a read is sending the SYN without data */
	TFORUN_STARTED		/* ours, and the SYN has left */
};
void tforun_mark_set(int fd, enum tforun_mark m);
enum tforun_mark tforun_mark_get(int fd);
/*
 * For a write: 1 once for the caller that moves fd from PENDING to
 * STARTED, and for any writer while a read is kicking (the socket may
 * still be pending: tforun_first_send() is right either way).
 */
int tforun_mark_take(int fd);
/* For a read: 1 once, for the caller that moves PENDING to KICKING. */
int tforun_mark_take_kick(int fd);
/* The kick's SYN has left: KICKING to STARTED. */
void tforun_mark_kicked(int fd);
/* A first write that sent nothing, the socket still pending: undo take. */
void tforun_mark_untake(int fd);
/* dup(2) and kin: newfd now names oldfd's socket. */
void tforun_mark_copy(int oldfd, int newfd);

/*
 * The client side, per system (preload/tforun_linux.c, tforun_none.c).
 * arm: make a fresh TCP socket's coming connect() wait for the first
 * write; 1 if done, 0 if the socket is left exactly as it was.
 * pending: 1 if fd's connection is deferred and nothing has left yet.
 * peername: the destination of a connection still under way.
 */
int tforun_client_arm(int fd);
/* Undo arm on a socket CLOSED again: 1 if it was, else 0, untouched. */
int tforun_client_disarm(int fd);
int tforun_client_pending(int fd);
int tforun_client_peername(int fd, struct sockaddr *addr, socklen_t *len);

/*
 * The first write on a PENDING socket (preload/tforun_first.c): in the
 * SYN where a cookie allows, never twice, with the program's own blocking
 * or non-blocking semantics.
 */
ssize_t tforun_first_send(int fd, const struct msghdr *msg, int flags);
/* Reads or waits for input before any write: let the SYN go, empty. */
void tforun_kick(int fd);

#endif /* !TFORUN_H */

/* SPDX-License-Identifier: ISC */
/*
 * Internal helpers of the common code: argument checks, waiting, the plain
 * connect path and the cached verdict.  Nothing here knows which backend
 * was compiled.
 */
#ifndef TFO_COMMON_H
#define TFO_COMMON_H

#include <stdint.h>
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>

/*
 * Systems without these flags get the safe meaning of "no such flag"; one
 * without MSG_NOSIGNAL (macOS before 11) needs SO_NOSIGPIPE on the socket.
 */
#ifndef MSG_NOSIGNAL
#define MSG_NOSIGNAL 0
#ifdef SO_NOSIGPIPE
#define TFO_NEED_NOSIGPIPE 1
#endif
#endif
#ifndef MSG_DONTWAIT
#define MSG_DONTWAIT 0
#endif

/* Flags for every send the library makes itself: never block, never SIGPIPE. */
#define TFO_SEND_FLAGS (MSG_NOSIGNAL | MSG_DONTWAIT)

/* How long a kernel's refusal of TFO is believed before TFO is tried again. */
#define TFO_RETRY_SECONDS 5

/* A point in time on the monotonic clock, in milliseconds; -1: never. */
typedef int64_t tfo_deadline;

/* check.c */
int tfo_check_connect(int fd, const struct sockaddr *addr, socklen_t addrlen,
    int flags, int allowed);
int tfo_check_stream(int fd);
int tfo_address_fits_socket(int fd, const struct sockaddr *addr);
void tfo_explain_failure(int fd, const struct sockaddr *addr);

/* wait.c */
int tfo_is_blocking(int fd);
tfo_deadline tfo_send_deadline(int fd);
int tfo_wait_writable(int fd, tfo_deadline deadline);
/* 1 if the handshake is over right now (no waiting), else 0. */
int tfo_established(int fd);
/*
 * Wait for a connection under way to finish, checking the socket's state
 * after every wake-up.  0 when connected; -1 with the connection's error;
 * TFO_WAIT_FAILED when the wait itself ended first: errno EINPROGRESS when
 * the deadline passed (what a blocking connect(2) says when SO_SNDTIMEO
 * expires), else poll's error (ENOMEM, ...).  The connection is then still
 * under way.
 */
#define TFO_WAIT_FAILED (-2)
int tfo_finish_connect(int fd, tfo_deadline deadline);
int tfo_nosigpipe_begin(int fd);
void tfo_nosigpipe_end(int fd, int old);
ssize_t tfo_send_rest(int fd, const char *buf, size_t len, size_t done,
    tfo_deadline deadline);

/* plain.c */
int tfo_plain_connect(int fd, const struct sockaddr *addr, socklen_t addrlen);
ssize_t tfo_plain_connect_send(int fd, const struct sockaddr *addr,
    socklen_t addrlen, const char *buf, size_t len);
ssize_t tfo_plain_connect_send_nowait(int fd, const struct sockaddr *addr,
    socklen_t addrlen, const char *buf, size_t len);

/* verdict.c */
int tfo_verdict_refused(void);
int tfo_verdict_take_refusal(int fd, const struct sockaddr *addr);

/* sockaddr.c */
void tfo_sockaddr4(struct sockaddr_in *sin, const char ip[4], uint16_t port);
void tfo_sockaddr6(struct sockaddr_in6 *sin6, const char ip[16],
    uint16_t port, uint32_t scope_id);
int tfo_socket_family(int fd);
int tfo_ip6_is_v4mapped(const char ip[16]);

#endif /* !TFO_COMMON_H */

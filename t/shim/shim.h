/* SPDX-License-Identifier: ISC */
/*
 * Helpers shared by the kernel shims (xnu.c, freebsd.c): the pieces of
 * Linux they build another kernel's answers from.  Test-only code.
 */
#ifndef TFO_SHIM_H
#define TFO_SHIM_H

#include <stddef.h>
#include <sys/types.h>
#include <sys/socket.h>

/* How long the shim waits for a loopback handshake before giving up. */
#define SHIM_HANDSHAKE_MS 3000

long shim_knob(const char *name, long dflt);
int shim_knob_is(const char *name, const char *value);
long shim_linux_tfo(void);
int shim_tcp_state(int fd);
int shim_nonblocking(int fd, int on);
int shim_restore_flags(int fd, int fl);
int shim_wait_handshake(int fd);
size_t shim_queue(int fd, const char *buf, size_t len, size_t done);

struct tcp_info;
int shim_tcp_info(int fd, struct tcp_info *info);
int shim_route_mtu(const struct sockaddr *addr);
long shim_release(long dflt);
unsigned int shim_tcp_segs_out(int fd);
unsigned int shim_tcp_segs_in(int fd);

/* Per-socket state of the emulated kernel (shim_sock_flags()). */
#define SHIM_SOCK_ACTIVE	0x1	/* connected by the emulated call */
#define SHIM_SOCK_TFO		0x2	/* FreeBSD: TF_FASTOPEN */
#define SHIM_SOCK_SYNACK_SEEN	0x4	/* FreeBSD: SYN-ACK rule applied */
#define SHIM_SOCK_NOSIGPIPE	0x8	/* XNU: SO_NOSIGPIPE */
unsigned int shim_sock_flags(int fd);
void shim_sock_set(int fd, unsigned int set, unsigned int clear);

#endif /* !TFO_SHIM_H */

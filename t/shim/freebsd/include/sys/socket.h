/* SPDX-License-Identifier: ISC */
/*
 * Kernel shim, freebsd backend on a Linux host: the host's <sys/socket.h>,
 * with the backend's setsockopt(), getsockopt() and sendto() routed to the
 * emulated kernel in t/shim/freebsd.c, which answers as FreeBSD would.
 * On the include path of the backend only; never installed.
 */
#ifndef TFO_SHIM_FREEBSD_SYS_SOCKET_H
#define TFO_SHIM_FREEBSD_SYS_SOCKET_H

#include_next <sys/socket.h>

int tfo_shim_fbsd_setsockopt(int, int, int, const void *, socklen_t);
int tfo_shim_fbsd_getsockopt(int, int, int, void *, socklen_t *);
ssize_t tfo_shim_fbsd_sendto(int, const void *, size_t, int,
    const struct sockaddr *, socklen_t);
#define setsockopt	tfo_shim_fbsd_setsockopt
#define getsockopt	tfo_shim_fbsd_getsockopt
#define sendto		tfo_shim_fbsd_sendto

#endif /* !TFO_SHIM_FREEBSD_SYS_SOCKET_H */

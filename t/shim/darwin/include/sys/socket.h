/* SPDX-License-Identifier: ISC */
/*
 * Kernel shim, darwin backend on a Linux host: the host's <sys/socket.h>
 * plus the XNU declarations the backend uses, with the macOS SDK's values
 * (bsd/sys/socket.h).  On the include path of the backend only; never
 * installed.  The backend's socket-option calls are routed to the emulated
 * kernel in t/shim/xnu.c, which answers as XNU would.
 */
#ifndef TFO_SHIM_DARWIN_SYS_SOCKET_H
#define TFO_SHIM_DARWIN_SYS_SOCKET_H

#include_next <sys/socket.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/uio.h>

#define SO_NOSIGPIPE			0x1022

typedef uint32_t sae_associd_t;
typedef uint32_t sae_connid_t;
#define SAE_ASSOCID_ANY			0

#define CONNECT_RESUME_ON_READ_WRITE	0x1
#define CONNECT_DATA_IDEMPOTENT		0x2

typedef struct sa_endpoints {
	unsigned int		 sae_srcif;
	const struct sockaddr	*sae_srcaddr;
	socklen_t		 sae_srcaddrlen;
	const struct sockaddr	*sae_dstaddr;
	socklen_t		 sae_dstaddrlen;
} sa_endpoints_t;

int connectx(int, const sa_endpoints_t *, sae_associd_t, unsigned int,
    const struct iovec *, unsigned int, size_t *, sae_connid_t *);

int tfo_shim_xnu_setsockopt(int, int, int, const void *, socklen_t);
int tfo_shim_xnu_getsockopt(int, int, int, void *, socklen_t *);
#define setsockopt	tfo_shim_xnu_setsockopt
#define getsockopt	tfo_shim_xnu_getsockopt

#endif /* !TFO_SHIM_DARWIN_SYS_SOCKET_H */

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
#include "../../../xnu_abi.h"

int tfo_shim_xnu_setsockopt(int, int, int, const void *, socklen_t);
int tfo_shim_xnu_getsockopt(int, int, int, void *, socklen_t *);
#define setsockopt	tfo_shim_xnu_setsockopt
#define getsockopt	tfo_shim_xnu_getsockopt
int tfo_shim_xnu_getpeername(int, struct sockaddr *, socklen_t *);
#define getpeername	tfo_shim_xnu_getpeername

#endif /* !TFO_SHIM_DARWIN_SYS_SOCKET_H */

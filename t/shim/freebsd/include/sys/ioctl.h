/* SPDX-License-Identifier: ISC */
/*
 * Kernel shim, freebsd backend on a Linux host: the host's <sys/ioctl.h>,
 * with FreeBSD's FIONWRITE (sys/filio.h: bytes in the send queue) and the
 * backend's ioctl() routed to t/shim/freebsd.c.
 */
#ifndef TFO_SHIM_FREEBSD_SYS_IOCTL_H
#define TFO_SHIM_FREEBSD_SYS_IOCTL_H

#include_next <sys/ioctl.h>

#define FIONWRITE	0x40046677	/* _IOR('f', 119, int) */
int tfo_shim_fbsd_ioctl(int, unsigned long, ...);
#define ioctl		tfo_shim_fbsd_ioctl

#endif /* !TFO_SHIM_FREEBSD_SYS_IOCTL_H */

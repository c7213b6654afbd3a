/* SPDX-License-Identifier: ISC */
/*
 * Kernel shim, freebsd backend on a Linux host: sysctlbyname() as declared
 * by FreeBSD, answered by t/shim/freebsd.c from TFO_SHIM_* variables.
 */
#ifndef TFO_SHIM_FREEBSD_SYS_SYSCTL_H
#define TFO_SHIM_FREEBSD_SYS_SYSCTL_H

#include <stddef.h>

int sysctlbyname(const char *, void *, size_t *, const void *, size_t);

#endif /* !TFO_SHIM_FREEBSD_SYS_SYSCTL_H */

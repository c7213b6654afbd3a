/* SPDX-License-Identifier: ISC */
/*
 * Kernel shim, darwin backend on a Linux host: sysctlbyname() as declared
 * by the macOS SDK, answered by t/shim/xnu.c from TFO_SHIM_FASTOPEN.
 */
#ifndef TFO_SHIM_DARWIN_SYS_SYSCTL_H
#define TFO_SHIM_DARWIN_SYS_SYSCTL_H

#include <stddef.h>

int sysctlbyname(const char *, void *, size_t *, void *, size_t);

#endif /* !TFO_SHIM_DARWIN_SYS_SYSCTL_H */

/* SPDX-License-Identifier: ISC */
/*
 * Kernel shim, darwin backend on a Linux host: the host's <netinet/tcp.h>
 * plus XNU's TCP_CONNECTION_INFO and its structure, laid out as in the
 * macOS SDK (bsd/netinet/tcp.h).  TCP_FASTOPEN stays the host's number:
 * the shim interprets it with XNU's rules.
 */
#ifndef TFO_SHIM_DARWIN_NETINET_TCP_H
#define TFO_SHIM_DARWIN_NETINET_TCP_H

#include_next <netinet/tcp.h>
#include "../../../xnu_abi.h"

#endif /* !TFO_SHIM_DARWIN_NETINET_TCP_H */

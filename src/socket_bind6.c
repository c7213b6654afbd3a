/* SPDX-License-Identifier: ISC */
#include "config.h"

#include "tfo_socket.h"
#include "tfo_socket_new.h"

/* libowfat's socket_bind6(): bind(2) s to [ip%scope_id]:port (ip NULL: any). */
int
socket_bind6(int s, const char *ip, uint16 port, uint32 scope_id)
{
	return tfo_bind6(s, ip, port, scope_id, 0);
}

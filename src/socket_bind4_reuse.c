/* SPDX-License-Identifier: ISC */
#include "config.h"

#include "tfo_socket.h"
#include "tfo_socket_new.h"

/* libowfat's socket_bind4_reuse(): bind(2) s to ip:port (ip NULL: any). */
int
socket_bind4_reuse(int s, const char *ip, uint16 port)
{
	return tfo_bind4(s, ip, port, 1);
}

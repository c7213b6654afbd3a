/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <sys/socket.h>

#include "tfo_socket.h"
#include "tfo_socket_new.h"

/* libowfat's socket_tcp6(): a new non-blocking IPv6 TCP socket. */
int
socket_tcp6(void)
{
	return tfo_socket_new(AF_INET6, 1);
}

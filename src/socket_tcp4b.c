/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <sys/socket.h>

#include "tfo_socket.h"
#include "tfo_socket_new.h"

/* libowfat's socket_tcp4b(): a new blocking IPv4 TCP socket. */
int
socket_tcp4b(void)
{
	return tfo_socket_new(AF_INET, 0);
}

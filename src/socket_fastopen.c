/* SPDX-License-Identifier: ISC */
/*
 * libowfat's socket_fastopen(): ask for server-side TFO on s, before or
 * after socket_listen().  Where the kernel takes the option only on a
 * listening socket (macOS), the request is applied by socket_listen().
 */
#include "config.h"

#include <sys/types.h>
#include <sys/socket.h>

#include "tfo_socket.h"
#include "tfo_impl.h"

int
socket_fastopen(int s)
{
	int listening = 0;
	socklen_t len = sizeof(listening);

	if (getsockopt(s, SOL_SOCKET, SO_ACCEPTCONN, &listening, &len) == -1)
		return -1;
	return tfo_impl_server_enable(s, 0,
	    listening ? TFO_IMPL_LISTENING : TFO_IMPL_BEFORE_LISTEN);
}

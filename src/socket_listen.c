/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <errno.h>
#include <sys/types.h>
#include <sys/socket.h>

#include "tfo_socket.h"
#include "tfo_impl.h"

/* listen(2); then apply a socket_fastopen() request made before it. */
int
socket_listen(int s, unsigned int backlog)
{
	int saved_errno = errno;
	int qlen = backlog > 0x7fffffff ? 0x7fffffff : (int)backlog;

	if (listen(s, qlen) == -1)
		return -1;
	/* A listener without TFO still listens: the hook's failure is not ours. */
	(void)tfo_impl_server_enable(s, qlen, TFO_IMPL_LISTEN_HOOK);
	errno = saved_errno;
	return 0;
}

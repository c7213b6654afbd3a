/* SPDX-License-Identifier: ISC */
/*
 * tfo_listen(): listen(2), then enable server-side TFO the one way that
 * every kernel takes (after listen(2)), and say whether it is in effect.
 */
#include "config.h"

#include <errno.h>
#include <sys/types.h>
#include <sys/socket.h>

#include "tfo.h"
#include "tfo_impl.h"

int
tfo_listen(int fd, int backlog)
{
	int saved_errno = errno, allowed;

	if (listen(fd, backlog) == -1)
		return -1;
	if (tfo_impl_server_enable(fd, backlog, TFO_IMPL_LISTENING) == -1) {
		errno = saved_errno;
		return TFO_NO;
	}
	/* Linux takes the option even while the sysctl keeps TFO off. */
	allowed = tfo_impl_kernel_allows(TFO_SERVER);
	errno = saved_errno;
	return allowed;
}

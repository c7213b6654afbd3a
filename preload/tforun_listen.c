/* SPDX-License-Identifier: ISC */
/*
 * listen(2) under tforun -s: once the socket listens, server TFO through
 * libtfo's backend, as tfo_listen() does, unless the program set it.
 */
#include "config.h"

#include <errno.h>
#include <stddef.h>
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#include "tforun.h"
#include "tfo_impl.h"

int
listen(int fd, int backlog)
{
	TFORUN_REAL(int, (int, int), "listen");
	int saved_errno, v = 0, r;
	socklen_t len = sizeof(v);

	if (real == NULL) {
		errno = ENOSYS;
		return -1;
	}
	if ((r = real(fd, backlog)) == -1 || !tforun_server_wanted())
		return r;
	saved_errno = errno;
#ifdef TCP_FASTOPEN
	/*
	 * Only TCP answers at this level (UDP and AF_UNIX fail), and a value
	 * other than 0 means the program chose its own setting: keep it.
	 */
	if (getsockopt(fd, IPPROTO_TCP, TCP_FASTOPEN, &v, &len) == 0 &&
	    v == 0) {
		if (tfo_impl_server_enable(fd, backlog, TFO_IMPL_LISTENING) == 0)
			tforun_log(fd, "listener: server TFO enabled (%s backend, backlog %d)",
			    tfo_impl_name, backlog);
		else
			tforun_log(fd, "listener: the kernel refused server TFO");
	}
#else
	(void)v;
	(void)len;
#endif
	errno = saved_errno;
	return 0;
}

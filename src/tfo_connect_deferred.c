/* SPDX-License-Identifier: ISC */
/*
 * tfo_connect_deferred(): connect so that the SYN leaves with the first
 * write, where the kernel can (Linux TCP_FASTOPEN_CONNECT, macOS
 * connectx(CONNECT_RESUME_ON_READ_WRITE)); a plain connect elsewhere.
 */
#include "config.h"

#include <errno.h>
#include <stddef.h>
#include <sys/types.h>
#include <sys/socket.h>

#include "tfo.h"
#include "tfo_impl.h"
#include "tfo_common.h"

int
tfo_connect_deferred(int fd, const struct sockaddr *addr, socklen_t addrlen,
    int flags)
{
	int saved_errno = errno, r;

	if (tfo_check_connect(fd, addr, addrlen, flags,
	    TFO_NO_FALLBACK) == -1)
		return -1;

	if (tfo_verdict_refused())
		r = TFO_IMPL_REFUSED;
	else {
		r = tfo_impl_connect_deferred(fd, addr, addrlen);
		if (r == TFO_IMPL_REFUSED &&
		    tfo_verdict_take_refusal(fd, addr) == -1)
			return -1;
	}
	if (r == TFO_IMPL_REFUSED || r == TFO_IMPL_NOT_HERE) {
		if (flags & TFO_NO_FALLBACK) {
			errno = EOPNOTSUPP;
			r = -1;
		} else
			r = tfo_plain_connect(fd, addr, addrlen);
	} else if (r == -1 && errno == EINTR)
		r = tfo_finish_connect(fd, tfo_send_deadline(fd));
	if (r != 0) {
		tfo_explain_failure(fd, addr);
		return -1;
	}
	errno = saved_errno;
	return 0;
}

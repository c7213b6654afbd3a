/* SPDX-License-Identifier: ISC */
/*
 * Every way a program writes to a socket: the first write on a socket
 * tforun deferred goes through tforun_first_send(); all others, and every
 * other descriptor, straight to libc after one byte is read.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <string.h>
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include "tforun.h"

#ifndef IOV_MAX
#define IOV_MAX 1024	/* Linux's UIO_MAXIOV */
#endif

/* The first write, as one sendmsg(2). */
static ssize_t
first(int fd, const struct sockaddr *to, socklen_t tolen,
    const struct iovec *iov, int iovcnt, int flags)
{
	struct msghdr msg;

	memset(&msg, 0, sizeof(msg));
	msg.msg_name = (void *)to;
	msg.msg_namelen = tolen;
	msg.msg_iov = (struct iovec *)iov;
	msg.msg_iovlen = iovcnt;
	return tforun_first_send(fd, &msg, flags);
}

ssize_t
write(int fd, const void *buf, size_t len)
{
	TFORUN_REAL(ssize_t, (int, const void *, size_t), "write");
	struct iovec iov;

	if (tforun_mark_take(fd) && tforun_client_pending(fd)) {
		iov.iov_base = (void *)buf;
		iov.iov_len = len;
		return first(fd, NULL, 0, &iov, 1, 0);
	}
	if (real == NULL) {
		errno = ENOSYS;
		return -1;
	}
	return real(fd, buf, len);
}

ssize_t
writev(int fd, const struct iovec *iov, int iovcnt)
{
	TFORUN_REAL(ssize_t, (int, const struct iovec *, int), "writev");

	/* What writev(2) says of a bad count (sendmsg would say EMSGSIZE). */
	if ((iovcnt < 0 || iovcnt > IOV_MAX) &&
	    tforun_mark_get(fd) == TFORUN_PENDING) {
		errno = EINVAL;
		return -1;
	}
	if (tforun_mark_take(fd) && tforun_client_pending(fd))
		return first(fd, NULL, 0, iov, iovcnt, 0);
	if (real == NULL) {
		errno = ENOSYS;
		return -1;
	}
	return real(fd, iov, iovcnt);
}

ssize_t
send(int fd, const void *buf, size_t len, int flags)
{
	TFORUN_REAL(ssize_t, (int, const void *, size_t, int), "send");
	struct iovec iov;

	if (tforun_mark_take(fd) && tforun_client_pending(fd)) {
		iov.iov_base = (void *)buf;
		iov.iov_len = len;
		return first(fd, NULL, 0, &iov, 1, flags);
	}
	if (real == NULL) {
		errno = ENOSYS;
		return -1;
	}
	return real(fd, buf, len, flags);
}

ssize_t
sendto(int fd, const void *buf, size_t len, int flags,
    const struct sockaddr *to, socklen_t tolen)
{
	TFORUN_REAL(ssize_t, (int, const void *, size_t, int,
	    const struct sockaddr *, socklen_t), "sendto");
	struct iovec iov;

	if (tforun_mark_take(fd) && tforun_client_pending(fd)) {
		iov.iov_base = (void *)buf;
		iov.iov_len = len;
		return first(fd, to, tolen, &iov, 1, flags);
	}
	if (real == NULL) {
		errno = ENOSYS;
		return -1;
	}
	return real(fd, buf, len, flags, to, tolen);
}

ssize_t
sendmsg(int fd, const struct msghdr *msg, int flags)
{
	TFORUN_REAL(ssize_t, (int, const struct msghdr *, int), "sendmsg");

	if (tforun_mark_take(fd) && tforun_client_pending(fd))
		return tforun_first_send(fd, msg, flags);
	if (real == NULL) {
		errno = ENOSYS;
		return -1;
	}
	return real(fd, msg, flags);
}

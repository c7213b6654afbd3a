/* SPDX-License-Identifier: ISC */
/*
 * dup(2), dup2(2), dup3(2): the new descriptor names the same socket, so
 * it carries the same mark (a read through the copy must start a
 * deferred handshake too).  fcntl(F_DUPFD) is not interposed (a variadic
 * call cannot be passed on portably): see tforun(1), CAVEATS.
 */
#include "config.h"

#include <errno.h>
#include <unistd.h>

#include "tforun.h"

int
dup(int fd)
{
	TFORUN_REAL(int, (int), "dup");
	int r;

	if (real == NULL) {
		errno = ENOSYS;
		return -1;
	}
	if ((r = real(fd)) != -1)
		tforun_mark_copy(fd, r);
	return r;
}

int
dup2(int fd, int newfd)
{
	TFORUN_REAL(int, (int, int), "dup2");
	int r;

	if (real == NULL) {
		errno = ENOSYS;
		return -1;
	}
	if ((r = real(fd, newfd)) != -1 && r != fd)
		tforun_mark_copy(fd, r);
	return r;
}

#ifdef HAVE_DUP3
int
dup3(int fd, int newfd, int flags)
{
	TFORUN_REAL(int, (int, int, int), "dup3");
	int r;

	if (real == NULL) {
		errno = ENOSYS;
		return -1;
	}
	if ((r = real(fd, newfd, flags)) != -1)
		tforun_mark_copy(fd, r);
	return r;
}
#endif

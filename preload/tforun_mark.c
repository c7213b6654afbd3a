/* SPDX-License-Identifier: ISC */
/*
 * What tforun did to each descriptor, one byte each, atomically: threads
 * may share sockets.  Descriptors past the table are never changed.
 */
#include "config.h"

#include "tforun.h"

static unsigned char marks[TFORUN_MAX_FD];

void
tforun_mark_set(int fd, enum tforun_mark m)
{
	if (fd >= 0 && fd < TFORUN_MAX_FD)
		__atomic_store_n(&marks[fd], (unsigned char)m, __ATOMIC_RELEASE);
}

enum tforun_mark
tforun_mark_get(int fd)
{
	if (fd < 0 || fd >= TFORUN_MAX_FD)
		return TFORUN_NONE;
	return (enum tforun_mark)__atomic_load_n(&marks[fd], __ATOMIC_ACQUIRE);
}

static int
move(int fd, enum tforun_mark from, enum tforun_mark to)
{
	unsigned char want = (unsigned char)from;

	return __atomic_compare_exchange_n(&marks[fd], &want,
	    (unsigned char)to, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
}

int
tforun_mark_take(int fd)
{
	/* A plain load first: every write of the program passes here. */
	switch (tforun_mark_get(fd)) {
	case TFORUN_PENDING:
		return move(fd, TFORUN_PENDING, TFORUN_STARTED) ||
		    tforun_mark_get(fd) == TFORUN_KICKING;
	case TFORUN_KICKING:
		return 1;
	default:
		return 0;
	}
}

int
tforun_mark_take_kick(int fd)
{
	return fd >= 0 && fd < TFORUN_MAX_FD &&
	    tforun_mark_get(fd) == TFORUN_PENDING &&
	    move(fd, TFORUN_PENDING, TFORUN_KICKING);
}

void
tforun_mark_kicked(int fd)
{
	if (fd >= 0 && fd < TFORUN_MAX_FD)
		(void)move(fd, TFORUN_KICKING, TFORUN_STARTED);
}

void
tforun_mark_untake(int fd)
{
	if (fd >= 0 && fd < TFORUN_MAX_FD)
		(void)move(fd, TFORUN_STARTED, TFORUN_PENDING);
}

void
tforun_mark_copy(int oldfd, int newfd)
{
	enum tforun_mark m = tforun_mark_get(oldfd);

	/* A kick under way on oldfd sends the SYN for both. */
	tforun_mark_set(newfd, m == TFORUN_KICKING ? TFORUN_STARTED : m);
}

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

int
tforun_mark_take(int fd)
{
	unsigned char want = TFORUN_PENDING;

	/* A plain load first: every write of the program passes here. */
	if (tforun_mark_get(fd) != TFORUN_PENDING)
		return 0;
	return __atomic_compare_exchange_n(&marks[fd], &want,
	    (unsigned char)TFORUN_STARTED, 0, __ATOMIC_ACQ_REL,
	    __ATOMIC_ACQUIRE);
}

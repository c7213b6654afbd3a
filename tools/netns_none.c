/* SPDX-License-Identifier: ISC */
/* Systems without network namespaces: say so; callers use the host as is. */
#include "config.h"

#include <errno.h>
#include <stdio.h>

#include "netns.h"

int
netns_write_file(const char *path, const char *text)
{
	(void)path, (void)text;
	errno = ENOSYS;
	return -1;
}

int
netns_enter(int mode, char *why, size_t whylen)
{
	(void)mode;
	snprintf(why, whylen, "this system has no network namespaces");
	return -1;
}

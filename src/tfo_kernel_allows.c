/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <errno.h>

#include "tfo.h"
#include "tfo_impl.h"

/*
 * Does the running kernel allow TFO in this role right now?  An answer
 * leaves errno as it was, whatever the backend tried on the way (the
 * freebsd one reads a second, older sysctl that is usually missing).
 */
int
tfo_kernel_allows(int role)
{
	int saved_errno = errno, r;

	if (role != TFO_CLIENT && role != TFO_SERVER) {
		errno = EINVAL;
		return -1;
	}
	r = tfo_impl_kernel_allows(role);
	if (r != -1)
		errno = saved_errno;
	return r;
}

/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <errno.h>

#include "tfo.h"
#include "tfo_impl.h"

/* Does the running kernel allow TFO in this role right now? */
int
tfo_kernel_allows(int role)
{
	if (role != TFO_CLIENT && role != TFO_SERVER) {
		errno = EINVAL;
		return -1;
	}
	return tfo_impl_kernel_allows(role);
}

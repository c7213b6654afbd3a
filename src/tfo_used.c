/* SPDX-License-Identifier: ISC */
#include "config.h"

#include "tfo.h"
#include "tfo_impl.h"

/* Did TFO carry data on this connection?  Each kernel's own answer. */
int
tfo_used(int fd)
{
	return tfo_impl_used(fd);
}

/* SPDX-License-Identifier: ISC */
#include "config.h"

#include "tfo.h"
#include "tfo_impl.h"

const char *
tfo_backend(void)
{
	return tfo_impl_name;
}

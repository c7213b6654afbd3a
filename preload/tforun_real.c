/* SPDX-License-Identifier: ISC */
/* The next definition of a libc function, found once and kept. */
#include "config.h"

#include <dlfcn.h>
#include <stddef.h>

#include "tforun.h"

void *
tforun_real(void **cache, const char *name)
{
	void *p = __atomic_load_n(cache, __ATOMIC_ACQUIRE);

	/* Threads racing here find the same pointer: no lock needed. */
	if (p == NULL) {
		p = dlsym(RTLD_NEXT, name);
		__atomic_store_n(cache, p, __ATOMIC_RELEASE);
	}
	return p;
}

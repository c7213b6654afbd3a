/* SPDX-License-Identifier: ISC */
/*
 * What each backend is expected to do on this machine.  The tests ask
 * here instead of comparing backend names themselves, so a new backend
 * (freebsd, darwin) is one more entry in backends[].
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "tfo.h"
#include "tap.h"
#include "testlib.h"

static const struct test_expect backends[] = {
	/* name       tfo deferred server_enable_errno */
	{ "linux",    1,  1,       0 },
	/* No TFO: every call connects plainly; the server option is refused
	 * with libowfat's errno for a system without TCP_FASTOPEN. */
	{ "fallback", 0,  0,       ENOPROTOOPT },
};

const struct test_expect *
test_expect(void)
{
	size_t i;

	for (i = 0; i < sizeof(backends) / sizeof(backends[0]); i++)
		if (strcmp(backends[i].name, tfo_backend()) == 0)
			return &backends[i];
	skip_all("no test expectations for backend \"%s\" yet", tfo_backend());
}

int
test_expect_syn_data(int mode, int second, size_t len)
{
	if (len == 0 || !test_expect()->tfo)
		return 0;
	if (mode == TEST_MODE_NOCOOKIE)
		return 1;
	return mode == TEST_MODE_BOTH && second;
}

int
test_expect_allows(int mode, int role)
{
	if (!test_expect()->tfo)
		return TFO_NO;
	return (mode & (role == TFO_CLIENT ? 0x1 : 0x2)) ? TFO_YES : TFO_NO;
}

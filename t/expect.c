/* SPDX-License-Identifier: ISC */
/*
 * What each backend is expected to do on this machine.  The tests ask
 * here instead of comparing backend names themselves, so a new backend
 * is one more entry in backends[].  The darwin and freebsd entries run
 * under the kernel shims (t/shim), whose switches follow the namespace's
 * net.ipv4.tcp_fastopen: client bit 0x1, server bit 0x2.  Each differs
 * from Linux by a documented kernel behaviour, cited in its entry
 * (research/semantics.md, "sem" below).
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "tfo.h"
#include "tap.h"
#include "testlib.h"

#ifndef ENOTSUP
#define ENOTSUP EOPNOTSUPP
#endif

/* Fields left out are 0 or NULL; see struct test_expect in testlib.h. */
static const struct test_expect backends[] = {
	{
		/*
		 * A blocking socket is not deferred: a signal during the
		 * first write's wait would make Linux queue its bytes twice.
		 */
		.name = "linux", .tfo = 1, .deferred = TEST_DEFER_COOKIE,
		.defer_blocking = 0,
		/* socket_fastopen(): Linux takes the option in any state. */
		.server_errno = 0,
		/* EOPNOTSUPP from sendto(MSG_FASTOPEN) while 0x1 is off. */
		.refuse_unless = 0x1,
		/* Non-blocking: only what rode in the SYN is accepted. */
		.queues = 0,
		.used_syn = TFO_YES, .nocookie = 1,
	},
	{
		/* No TFO: every call connects plainly; the server option is
		 * refused with libowfat's errno for a system without
		 * TCP_FASTOPEN. */
		.name = "fallback", .tfo = 0, .deferred = TEST_DEFER_NONE,
		.server_errno = ENOPROTOOPT,
		.used_syn = TFO_NO, .nocookie = 1,
	},
	{
		/*
		 * FreeBSD (t/shim/freebsd.c names each kernel function): no
		 * deferred connect; sendto()'s implied connect queues
		 * everything and never says EINPROGRESS; refused unless
		 * client_enable is on (the backend reads it); socket_fastopen()
		 * is EPERM while server_enable is 0, before listen(2) too.
		 * tfo_used(): against this Linux server the data-in-SYN
		 * connection loses its TFO flag and disables the path, so
		 * UNKNOWN, and the next connection carries no data; a cookie
		 * request answered with a cookie is NEGOTIATED.  No no-cookie
		 * mode (only a PSK mode, not emulated).
		 */
		.name = "freebsd", .tfo = 1, .deferred = TEST_DEFER_NONE,
		.server_errno = EPERM, .server_before = 0x2,
		.server_after = 0x2,
		.refuse_unless = 0x1, .queues = 1,
		.used_syn = TFO_UNKNOWN, .used_plain = TFO_UNKNOWN,
		.used_plain_also = 1 << TFO_NEGOTIATED | 1 << TFO_NO,
		.syn_once = 1,
		.nocookie = 0,
		.shim = "t/shim/freebsd.c",
	},
	{
		/*
		 * XNU (t/shim/xnu.c names each kernel function): connectx()
		 * queues the data with or without TFO; the backend refuses
		 * unless the client bit is on (connectx itself would connect
		 * plainly); on loopback (lo0's MTU 16384) the 2048-byte
		 * preconnect buffer is below tcp_tfo_check's limit, so data
		 * of any size rides (its first 2048 bytes);
		 * RESUME_ON_READ_WRITE returns 0 at once; TCP_FASTOPEN is
		 * ENOTSUP while the server bit is off, before listen(2)
		 * included (the backend asks the sysctl then).
		 */
		.name = "darwin", .tfo = 1, .deferred = TEST_DEFER_ALWAYS,
		.defer_blocking = 1,
		.server_errno = ENOTSUP, .server_before = 0x2,
		.server_after = 0x2,
		.refuse_unless = 0x1, .queues = 1,
		.used_syn = TFO_YES, .nocookie = 0,
		.refuse_env = "TFO_SHIM_CONNECTX=enosys",
		.shim = "t/shim/xnu.c",
	},
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
test_expect_modes(const int *modes, int n, int *out)
{
	const struct test_expect *x = test_expect();
	int i, k = 0;

	for (i = 0; i < n; i++) {
		if (modes[i] == TEST_MODE_NOCOOKIE && !x->nocookie) {
			skip("tcp_fastopen=0x%x: Linux's no-cookie bit 0x200 "
			    "has no %s equivalent; its shim would only pass "
			    "Linux's cookieless SYN data through", modes[i],
			    x->name);
			continue;
		}
		out[k++] = modes[i];
	}
	return k;
}

int
test_expect_syn_data(int mode, int second, size_t len)
{
	const struct test_expect *x = test_expect();

	if (len == 0 || !x->tfo || (x->syn_max != 0 && len > x->syn_max))
		return 0;
	if (mode == TEST_MODE_NOCOOKIE)
		return 1;
	/* Both bits, whatever else (examples/run.sh uses 0x403). */
	return (mode & TEST_MODE_BOTH) == TEST_MODE_BOTH && second;
}

int
test_expect_refused(int mode)
{
	const struct test_expect *x = test_expect();

	if (!x->tfo)
		return 1;
	return x->refuse_unless != 0 && (mode & x->refuse_unless) == 0;
}

int
test_expect_accepts(int mode, int second, size_t len)
{
	if (len == 0 || test_expect_refused(mode))
		return 0;	/* a plain connect(2) */
	if (test_expect()->queues)
		return 1;
	return test_expect_syn_data(mode, second, len);
}

int
test_expect_deferred_at_once(int mode, int second, int nb)
{
	if (!nb && !test_expect()->defer_blocking)
		return 0;
	switch (test_expect()->deferred) {
	case TEST_DEFER_COOKIE:
		return test_expect_syn_data(mode, second, 1);
	case TEST_DEFER_ALWAYS:
		return (mode & TEST_MODE_CLIENT) != 0;
	default:
		return 0;
	}
}

int
test_expect_deferred_syn(int mode, int second, size_t len, int nb)
{
	const struct test_expect *x = test_expect();

	if (x->deferred == TEST_DEFER_NONE || (!nb && !x->defer_blocking))
		return 0;
	return test_expect_syn_data(mode, second, len);
}

int
test_expect_deferred_refused_blocking(int mode)
{
	const struct test_expect *x = test_expect();

	if (test_expect_refused(mode))
		return 1;
	return x->deferred != TEST_DEFER_NONE && !x->defer_blocking;
}

int
test_expect_used(int syn)
{
	return syn ? test_expect()->used_syn : test_expect()->used_plain;
}

/*
 * FreeBSD against a Linux server (t/shim/freebsd.c, synack_rule): the
 * SYN-ACK to a valid cookie has no TFO option, the client then clears
 * its flag and disables the path, so the connection whose data rode
 * reads TFO_UNKNOWN, a cookie request answered with a cookie
 * TFO_NEGOTIATED, one refused TFO (the client switch off) TFO_NO.
 */
int
test_expect_used_after(int mode, size_t len, int syn)
{
	const struct test_expect *x = test_expect();

	if (syn)
		return x->used_syn;
	if (test_expect_refused(mode))
		return TFO_NO;	/* the client switch is off */
	if ((x->used_plain_also & 1 << TFO_NEGOTIATED) && len > 0 &&
	    (mode & TEST_MODE_BOTH) == TEST_MODE_BOTH)
		return TFO_NEGOTIATED;
	return x->used_plain;
}

int
test_expect_syn_again(void)
{
	return !test_expect()->syn_once;
}

int
test_expect_used_ok(int syn, int got)
{
	const struct test_expect *x = test_expect();

	if (got == test_expect_used(syn))
		return 1;
	return !syn && got >= 0 && got < 8 && (x->used_plain_also & 1 << got);
}

int
test_expect_server_errno(int mode, int after_listen)
{
	const struct test_expect *x = test_expect();
	int need = after_listen ? x->server_after : x->server_before;

	if (x->server_errno == 0 || (need != 0 && (mode & need) != 0))
		return 0;
	return x->server_errno;
}

int
test_expect_allows(int mode, int role)
{
	if (!test_expect()->tfo)
		return TFO_NO;
	return (mode & (role == TFO_CLIENT ? 0x1 : 0x2)) ? TFO_YES : TFO_NO;
}

int
test_expect_refuse(int on, int mode)
{
	const char *env = test_expect()->refuse_env;
	char name[64];
	size_t n;

	if (env == NULL)
		return test_set_mode(on ? TEST_MODE_OFF : mode);
	n = strcspn(env, "=");
	if (n >= sizeof(name)) {
		errno = EINVAL;
		return -1;
	}
	memcpy(name, env, n);
	name[n] = '\0';
	return on ? setenv(name, env + n + 1, 1) : unsetenv(name);
}

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
		 * FreeBSD, sem 2.2 and 2.3 (sys/netinet/tcp_usrreq.c,
		 * sys/kern/uipc_socket.c sosend_generic): no deferred connect;
		 * TCP_FASTOPEN is EPERM only with client_enable and
		 * server_enable both 0, and on a listener with server_enable
		 * 0; sendto()'s implied connect queues everything and never
		 * says EINPROGRESS; TCPI_OPT_TFO means "negotiated" (sem 2.4).
		 * No no-cookie mode (only a PSK mode, not emulated).
		 */
		.name = "freebsd", .tfo = 1, .deferred = TEST_DEFER_NONE,
		.server_errno = EPERM, .server_before = 0x3,
		.server_after = 0x2,
		.refuse_unless = 0x3, .queues = 1,
		.used_syn = TFO_NEGOTIATED, .nocookie = 0,
		.shim = "t/shim/freebsd.c",
	},
	{
		/*
		 * XNU, sem 3.1, 3.2 and 3.4 (bsd/kern/uipc_syscalls.c,
		 * bsd/netinet/tcp_usrreq.c, tcp_output.c tcp_tfo_check):
		 * connectx() queues the data with or without TFO and is never
		 * refused but by ENOSYS; data above one MSS less 40 (the
		 * shim's MSS: 1460) gets no TFO at all; RESUME_ON_READ_WRITE
		 * returns 0 at once while the client bit is on; TCP_FASTOPEN
		 * is ENOTSUP while the server bit is off, before listen(2)
		 * included (the backend asks the sysctl then).
		 */
		.name = "darwin", .tfo = 1, .deferred = TEST_DEFER_ALWAYS,
		.defer_blocking = 1,
		.server_errno = ENOTSUP, .server_before = 0x2,
		.server_after = 0x2,
		.refuse_unless = 0, .queues = 1, .syn_max = 1460 - 40,
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

/*
 * FreeBSD's TCPI_OPT_TFO is also kept on a cookie-request connection
 * (sem 2.4); the shim cannot see that and clears it (t/shim/freebsd.c,
 * "Not reproduced"), so without SYN data TFO_NO is what runs here.
 */
int
test_expect_used(int syn)
{
	return syn ? test_expect()->used_syn : TFO_NO;
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

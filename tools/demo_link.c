/* SPDX-License-Identifier: ISC */
/*
 * The demo's emulated link (Linux): bench/linkemu's namespaces and relay,
 * the relay in a child process that dies with the demo.  Needs root and
 * /dev/net/tun; the host's own namespace and sysctls are never touched.
 */
#include "config.h"

#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/prctl.h>
#include <sys/wait.h>

#include "demo_link.h"
#include "emu_ns.h"
#include "emu_relay.h"

const char demo_link_server_addr[] = EMU_ADDR_B;

static void
relay_until(struct emu_link *link, pid_t parent, int64_t end)
{
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	/* ppoll wakes up to 50 us late by default; the delay is the point. */
	prctl(PR_SET_TIMERSLACK, 1UL);
	while (getppid() == parent && emu_now() < end)
		if (emu_link_step(link, -1, emu_now() + 100000000) == -1)
			_exit(1);
	_exit(0);
}

int
demo_link_start(struct demo_link *l, int delay_ms, int mode, int lifetime_s,
    char *why, size_t whylen)
{
	struct emu_side a, b;
	struct emu_link link;
	pid_t parent = getpid();

	l->client_ns = l->server_ns = -1;
	l->relay = -1;
	if (geteuid() != 0) {
		snprintf(why, whylen, "the link emulator needs root");
		return -1;
	}
	if (access("/dev/net/tun", R_OK | W_OK) == -1) {
		snprintf(why, whylen, "/dev/net/tun: %s", strerror(errno));
		return -1;
	}
	if (emu_side_make(&a, EMU_ADDR_A, mode) == -1) {
		snprintf(why, whylen, "cannot make the client's namespace");
		return -1;
	}
	if (emu_side_make(&b, EMU_ADDR_B, mode) == -1) {
		snprintf(why, whylen, "cannot make the server's namespace");
		close(a.nsfd), close(a.tunfd);
		return -1;
	}
	if (emu_link_init(&link, a.tunfd, b.tunfd,
	    (int64_t)delay_ms * 1000000) == -1) {
		snprintf(why, whylen, "link emulator: %s", strerror(errno));
		goto fail;
	}
	l->relay = fork();
	if (l->relay == -1) {
		snprintf(why, whylen, "fork: %s", strerror(errno));
		emu_link_free(&link);
		goto fail;
	}
	if (l->relay == 0)
		relay_until(&link, parent, emu_now() +
		    (int64_t)lifetime_s * 1000000000);
	emu_link_free(&link);
	close(a.tunfd), close(b.tunfd);	/* the relay holds them now */
	l->client_ns = a.nsfd;
	l->server_ns = b.nsfd;
	return 0;
fail:
	close(a.nsfd), close(a.tunfd), close(b.nsfd), close(b.tunfd);
	return -1;
}

int
demo_link_enter(const struct demo_link *l, int server_side)
{
	return setns(server_side ? l->server_ns : l->client_ns, CLONE_NEWNET);
}

void
demo_link_stop(struct demo_link *l)
{
	if (l->relay > 0) {
		kill(l->relay, SIGKILL);
		waitpid(l->relay, NULL, 0);
	}
	if (l->client_ns != -1)
		close(l->client_ns);
	if (l->server_ns != -1)
		close(l->server_ns);
	l->relay = -1;
	l->client_ns = l->server_ns = -1;
}

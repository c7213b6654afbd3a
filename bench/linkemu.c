/* SPDX-License-Identifier: ISC */
/*
 * linkemu: a link with a fixed one-way delay between two network
 * namespaces, for measuring round trips where the kernel has no netem.
 *
 *   linkemu [-d ms] [-t s] [-f tcp_fastopen] [-r rule]... [-p port] [-w ms]
 *           [-s 'server command'] [client command [arg...]]
 *
 * Namespace A (client, 198.18.0.1) and B (server, 198.18.0.2) each hold a
 * TUN device; this process relays between them.  The server command runs
 * in B through /bin/sh -c, the client command in A; when the client exits
 * the server is stopped and linkemu exits with the client's status.  The
 * namespaces are anonymous: they vanish with the processes and devices,
 * so a signal, the lifetime (-t) or a crash leaves nothing behind.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/wait.h>

#include "emu_ns.h"
#include "emu_relay.h"

static void
usage(void)
{
	fprintf(stderr, "usage: linkemu [-d ms] [-t seconds] [-f tcp_fastopen] "
	    "[-r rule]... [-p port] [-w ms]\n"
	    "               [-s 'server command'] [client command [arg...]]\n"
	    "rules:\n");
	emu_rules_list(stderr);
	exit(2);
}

/* A child in namespace ns, in its own process group, dying with us. */
static pid_t
spawn(int nsfd, const sigset_t *mask, char *const argv[])
{
	pid_t pid = fork();

	if (pid != 0)
		return pid;
	setpgid(0, 0);
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() == 1)
		_exit(127);
	sigprocmask(SIG_UNBLOCK, mask, NULL);
	if (setns(nsfd, CLONE_NEWNET) == -1) {
		perror("linkemu: setns");
		_exit(127);
	}
	execvp(argv[0], argv);
	perror(argv[0]);
	_exit(127);
}

/* Stop a process group: TERM, then KILL after a grace period. */
static void
stop(pid_t pid)
{
	int i;

	if (pid <= 0)
		return;
	kill(-pid, SIGTERM);
	for (i = 0; i < 200; i++) {	/* 2 s */
		if (waitpid(pid, NULL, WNOHANG) == pid)
			return;
		usleep(10000);
	}
	kill(-pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

int
main(int argc, char *argv[])
{
	struct emu_side a, b;
	struct emu_link link;
	struct emu_rules rules;
	struct signalfd_siginfo si;
	sigset_t mask;
	char *server = NULL, text[32];
	char *sh[4] = { "/bin/sh", "-c", NULL, NULL };
	double delay_ms = 5, wait_ms = 200;
	long lifetime = 300, fastopen = 3, port;
	pid_t spid = -1, cpid = -1;
	int64_t end, start_client;
	int c, sfd, r, status = 0, code = 0;

	memset(&rules, 0, sizeof(rules));
	while ((c = getopt(argc, argv, "+d:f:p:r:s:t:w:")) != -1) {
		switch (c) {
		case 'd': delay_ms = strtod(optarg, NULL); break;
		case 'f': fastopen = strtol(optarg, NULL, 0); break;
		case 'p':	/* rules act only on this server port */
			port = strtol(optarg, NULL, 10);
			if (port <= 0 || port > 65535)
				usage();
			rules.port = (unsigned)port;
			break;
		case 'r':
			if (emu_rules_add(&rules, optarg) == -1)
				usage();
			break;
		case 's': server = optarg; break;
		case 't': lifetime = strtol(optarg, NULL, 10); break;
		case 'w': wait_ms = strtod(optarg, NULL); break;
		default: usage();
		}
	}
	if (delay_ms < 0 || delay_ms > 10000 || lifetime <= 0 || wait_ms < 0)
		usage();
	if (geteuid() != 0) {
		fprintf(stderr, "linkemu: must run as root\n");
		return 77;
	}
	if (access("/dev/net/tun", R_OK | W_OK) == -1) {
		perror("linkemu: /dev/net/tun");
		return 77;
	}
	/* ppoll wakes up to 50 us late by default; the delay is the point. */
	prctl(PR_SET_TIMERSLACK, 1UL);

	sigemptyset(&mask);
	sigaddset(&mask, SIGCHLD);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGHUP);
	sigprocmask(SIG_BLOCK, &mask, NULL);
	sfd = signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC);
	if (sfd == -1 ||
	    emu_side_make(&a, EMU_ADDR_A, fastopen) == -1 ||
	    emu_side_make(&b, EMU_ADDR_B, fastopen) == -1 ||
	    emu_link_init(&link, a.tunfd, b.tunfd,
	    (int64_t)(delay_ms * 1e6)) == -1)
		return 1;
	link.rules = rules;

	snprintf(text, sizeof(text), "%g", delay_ms);
	setenv("LINKEMU_DELAY_MS", text, 1);
	setenv("LINKEMU_A", EMU_ADDR_A, 1);
	setenv("LINKEMU_B", EMU_ADDR_B, 1);
	fprintf(stderr, "linkemu: %s <-> %s, %g ms each way, lifetime %ld s; "
	    "namespaces: /proc/%ld/fd/%d (A), /proc/%ld/fd/%d (B)\n",
	    EMU_ADDR_A, EMU_ADDR_B, delay_ms, lifetime, (long)getpid(),
	    a.nsfd, (long)getpid(), b.nsfd);

	if (server != NULL) {
		sh[2] = server;
		spid = spawn(b.nsfd, &mask, sh);
	}
	end = emu_now() + (int64_t)lifetime * 1000000000;
	start_client = optind < argc ? emu_now() + (int64_t)(wait_ms * 1e6) :
	    -1;
	for (;;) {
		int64_t deadline = end;

		if (start_client > 0 && start_client < deadline)
			deadline = start_client;
		r = emu_link_step(&link, sfd, deadline);
		if (r == -1) {
			perror("linkemu: relay");
			code = 1;
			break;
		}
		if (start_client > 0 && emu_now() >= start_client) {
			start_client = -1;
			cpid = spawn(a.nsfd, &mask, argv + optind);
		}
		if (emu_now() >= end) {
			fprintf(stderr, "linkemu: lifetime of %ld s is over\n",
			    lifetime);
			code = 124;
			break;
		}
		if (r == 0)
			continue;
		if (read(sfd, &si, sizeof(si)) != sizeof(si))
			continue;
		if (si.ssi_signo != SIGCHLD) {
			fprintf(stderr, "linkemu: signal %u, cleaning up\n",
			    si.ssi_signo);
			code = 128 + (int)si.ssi_signo;
			break;
		}
		if (cpid > 0 && waitpid(cpid, &status, WNOHANG) == cpid) {
			cpid = -1;
			code = WIFEXITED(status) ? WEXITSTATUS(status) :
			    128 + WTERMSIG(status);
			break;
		}
		if (spid > 0 && waitpid(spid, &status, WNOHANG) == spid) {
			fprintf(stderr, "linkemu: server exited early\n");
			spid = -1;
			if (cpid <= 0 && start_client < 0) {
				code = 1;
				break;
			}
		}
	}
	stop(cpid);
	stop(spid);
	emu_link_report(&link, stderr);
	emu_link_free(&link);
	/* Closing the last fds destroys the devices and the namespaces. */
	close(a.tunfd);
	close(b.tunfd);
	close(a.nsfd);
	close(b.nsfd);
	return code;
}

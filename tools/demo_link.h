/* SPDX-License-Identifier: ISC */
/*
 * The demo's emulated link: two private network namespaces joined by
 * bench/linkemu's relay, with a round trip a person can see.
 */
#ifndef DEMO_LINK_H
#define DEMO_LINK_H

#include <stddef.h>
#include <sys/types.h>

struct demo_link {
	int client_ns, server_ns;	/* namespace fds, for setns(2) */
	pid_t relay;			/* the process that delays packets */
};

/* The server's end of the link, as a string for inet_pton(3). */
extern const char demo_link_server_addr[];

/*
 * Make the link, delay_ms each way, with net.ipv4.tcp_fastopen = mode on
 * both sides, and leave the caller in its own namespace; the relay lives
 * at most lifetime_s.  0, or -1 with the reason in why.
 */
int demo_link_start(struct demo_link *l, int delay_ms, int mode,
    int lifetime_s, char *why, size_t whylen);

/* Move the calling process to one side: 0 or -1 with errno. */
int demo_link_enter(const struct demo_link *l, int server_side);

/* Stop the relay and close the namespaces. */
void demo_link_stop(struct demo_link *l);

#endif /* !DEMO_LINK_H */

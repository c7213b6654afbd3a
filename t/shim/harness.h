/* SPDX-License-Identifier: ISC */
/*
 * What the kernel-shim tests add to the shared test library (t/tap.h,
 * t/testlib.h): each case runs in its own process (fresh verdict cache,
 * own environment) at a loopback address of its own, against the
 * testlib's Linux TFO server, inside a private network namespace.
 */
#ifndef TFO_SHIM_HARNESS_H
#define TFO_SHIM_HARNESS_H

#include <stddef.h>
#include <sys/types.h>
#include <netinet/in.h>

#include "tap.h"
#include "testlib.h"

#define CASE_PASS 0
#define CASE_FAIL 1

#define SHIM_SEED 7	/* test_pattern() seed of every payload */
#define CASE_SECONDS 20	/* each case's alarm, and its waits */

/* What the server saw on its one connection. */
struct seen {
	long long	bytes;		/* bytes read until EOF */
	int		pattern_ok;	/* the bytes are test_pattern(SHIM_SEED) */
	int		syn_data;	/* TCPI_OPT_SYN_DATA on the accepted socket */
	int		accepted;	/* a connection arrived and ended cleanly */
};

/* One tfo_connect() and its outcome. */
struct result {
	ssize_t		ret;	/* tfo_connect()'s return */
	int		err;	/* errno after it */
	int		used;	/* tfo_used() after the exchange */
	int		flags_kept;	/* the socket's file flags unchanged */
	struct seen	seen;
};

/* A testlib server on the case's own address. */
struct server {
	struct test_server	*ts;
	struct sockaddr_in	addr;
};

void run_case(const char *desc, int (*fn)(int));
int fail(const char *fmt, ...) TAP_PRINTF(1, 2);

void case_ip(int n, char ip[16]);
int server_start(struct server *s, const char *ip, int tfo);
int server_wait(struct server *s, struct seen *seen);
int closed_port(const char *ip, struct sockaddr_in *sin);
int warm_cookie(const char *ip);
int finish(int fd, const char *buf, size_t len, size_t done);

int exchange(int n, int cookie, int nonblock, size_t len,
    struct result *res);
int exact(const struct result *res, size_t len);
int refused_nofallback(int n);
int server_saw_nothing(int fd, struct server *s);
int plain_nonblocking(int n);
int qlen(int fd);
int listener(int n);

extern int client_sndbuf;	/* SO_SNDBUF for exchange()'s client, if > 0 */

#endif /* !TFO_SHIM_HARNESS_H */

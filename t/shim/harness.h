/* SPDX-License-Identifier: ISC */
/*
 * A small TAP harness for the kernel-shim tests: each case runs in its own
 * process (fresh verdict cache, own environment), against a Linux TFO
 * server on loopback inside a private network namespace.
 */
#ifndef TFO_SHIM_HARNESS_H
#define TFO_SHIM_HARNESS_H

#include <stddef.h>
#include <sys/types.h>
#include <netinet/in.h>

#define CASE_PASS 0
#define CASE_FAIL 1
#define CASE_SKIP 2

/* What a server saw on its one connection. */
struct seen {
	long long	bytes;		/* bytes read until EOF */
	int		pattern_ok;	/* every byte matched fill()'s pattern */
	int		syn_data;	/* TCPI_OPT_SYN_DATA on the accepted socket */
	int		accepted;	/* a connection arrived */
};

/* One tfo_connect() and its outcome. */
struct result {
	ssize_t		ret;	/* tfo_connect()'s return */
	int		err;	/* errno after it */
	int		used;	/* tfo_used() after the exchange */
	int		flags_kept;	/* the socket's file flags unchanged */
	struct seen	seen;
};

struct server {
	pid_t			pid;
	int			report;	/* read end of the child's pipe */
	struct sockaddr_in	addr;
};

void tap_plan(int n);
void run_case(const char *desc, int (*fn)(int));
int tap_exit(void);
void diag(const char *fmt, ...);
int fail(const char *fmt, ...);
int skip(const char *reason);

int netns_enter(const char *tfo_sysctl);
int set_linux_tfo(const char *value);
void case_ip(int n, char ip[16]);
void fill(char *buf, size_t len);
int server_start(struct server *s, const char *ip, int tfo);
int server_wait(struct server *s, struct seen *seen);
int closed_port(const char *ip, struct sockaddr_in *sin);
int warm_cookie(const char *ip);
int client_socket(int nonblocking);
int finish(int fd, const char *buf, size_t len, size_t done);

int exchange(int n, int cookie, int nonblock, size_t len,
    struct result *res);
int exact(const struct result *res, size_t len);
int qlen(int fd);
int listener(int n);

extern int server_slow;		/* small receive buffer, late first read */
extern int client_sndbuf;	/* SO_SNDBUF for exchange()'s client, if > 0 */

#endif /* !TFO_SHIM_HARNESS_H */

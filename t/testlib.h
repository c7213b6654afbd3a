/* SPDX-License-Identifier: ISC */
/*
 * Shared test helpers: private network namespaces with a chosen
 * net.ipv4.tcp_fastopen, a TFO server on loopback that records exactly what
 * each connection delivered, and client-side helpers that do not use the
 * library under test.
 */
#ifndef TFO_TESTLIB_H
#define TFO_TESTLIB_H

#include <stddef.h>
#include <sys/types.h>
#include <sys/socket.h>

/* The sysctl values every TFO test runs under (see DESIGN.md). */
#define TEST_MODE_OFF		0x0	/* TFO off: the fallback carries all */
#define TEST_MODE_CLIENT	0x1	/* Linux default: client only */
#define TEST_MODE_BOTH		0x3	/* client and server, with cookies */
#define TEST_MODE_NOCOOKIE	0x207	/* SYN data without a cookie */

/*
 * Run fn(mode, arg) once per mode, each in a forked child inside a fresh
 * network namespace with net.ipv4.tcp_fastopen = mode.  TAP numbering
 * continues across children.  Where no namespace can be made, a mode that
 * equals the host's value runs in the host; the others are skipped with a
 * reason.  Every child is bounded by an alarm of timeout_s seconds.
 */
void test_in_modes(const int *modes, int nmodes,
    void (*fn)(int mode, void *arg), void *arg, unsigned int timeout_s);

/*
 * 1 in a test_in_modes() child that runs in its own namespace: only then
 * may a test write the namespace's sysctls.
 */
int test_netns_is_private(void);

/*
 * diag() the namespace's TcpExt counters about TFO, listen queues and SYN
 * retransmissions that are not zero: what the kernel did.
 */
void test_kernel_counters(void);

/* Enter a fresh network namespace with lo up and the sysctl set; -1: why. */
int test_enter_netns(int mode, char *why, size_t whylen);

/* Add an IPv6 address (with prefix length) to lo; 0 or -1 with errno. */
int test_lo_add_ipv6(const char *text, int prefixlen);

/* Parse "127.0.0.1", "::1" or "fe80::1%lo" into ss; 0 or -1. */
int test_sockaddr(const char *text, unsigned short port,
    struct sockaddr_storage *ss, socklen_t *len);

/* What one accepted connection delivered. */
struct test_conn {
	unsigned char *data;	/* malloc'ed, len bytes */
	size_t len;
	int syn_data;		/* TCPI_OPT_SYN_DATA on the accepted socket */
	int error;		/* errno of a failed read, 0 if it ended with EOF */
	int reset;		/* the server reset it (test_server_reset_after) */
};

struct test_server;

/*
 * A server thread on addr (port 0: any) that accepts connections one by
 * one, reads each to EOF and records it.  tfo_qlen 0: no TFO on the
 * listener; otherwise TCP_FASTOPEN is set to it.  reply: bytes written back
 * after EOF (NULL: none).  NULL with a diag on failure.
 */
struct test_server *test_server_start(const struct sockaddr *addr,
    socklen_t len, int tfo_qlen, const char *reply);
/*
 * The same with nthreads (1..32) threads accepting at once, for concurrent
 * clients; records then come in the order connections end.
 */
struct test_server *test_server_start_threads(const struct sockaddr *addr,
    socklen_t len, int tfo_qlen, const char *reply, int nthreads);
/*
 * From now on, reset each connection (SO_LINGER 0, close) once at least
 * bytes of it were read, instead of reading to EOF; 0: never.
 */
void test_server_reset_after(struct test_server *srv, size_t bytes);

/* The bound address, with its port. */
const struct sockaddr *test_server_addr(struct test_server *srv,
    socklen_t *len);
/* Wait up to timeout_s for the next finished connection; 0 or -1. */
int test_server_next(struct test_server *srv, struct test_conn *conn,
    unsigned int timeout_s);
void test_server_stop(struct test_server *srv);
void test_conn_free(struct test_conn *conn);

/* Deterministic bytes for a payload, different for each seed. */
void test_pattern(char *buf, size_t len, unsigned int seed);

/* 1 if fd's data rode in the SYN (TCP_INFO, not the library), else 0. */
int test_syn_data(int fd);

/*
 * Finish what a non-blocking connect-and-send left: wait for the
 * connection (up to timeout_s), then write buf[done..len).  Returns 0,
 * or -1 with errno.
 */
int test_finish_send(int fd, const char *buf, size_t len, size_t done,
    unsigned int timeout_s);

/* A new TCP socket of family, blocking or not; bails on failure. */
int test_socket(int family, int nonblocking);

#endif /* !TFO_TESTLIB_H */

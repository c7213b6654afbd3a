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
#include <stdint.h>
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

/* Set net.ipv4.tcp_fastopen in the namespace entered; 0 or -1 with errno. */
int test_set_mode(int mode);

/* Seconds on the monotonic clock. */
double test_now(void);

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
 * listener; otherwise TCP_FASTOPEN is set to it (where the headers have
 * it; elsewhere no TFO).  reply: bytes written back after EOF (NULL:
 * none).  NULL with a diag on failure.
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

/* Big-endian 32-bit fields in the headers of test payloads. */
void test_put32(unsigned char *p, uint32_t v);
uint32_t test_get32(const unsigned char *p);

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

/*
 * Send a fresh marker on a plain connection and check that it is the next
 * thing the server saw: proof that nothing (no connection, no byte)
 * reached the server before it.  1 if so, 0 with a diag.
 */
int test_server_quiet(struct test_server *srv);

/*
 * For tests that run their own listener: accept one connection on l
 * (waiting up to timeout_s), read it to EOF, keep up to cap bytes in buf
 * and say in *syn whether its data rode in the SYN.  Returns the bytes
 * received (more than cap if more came), or -1 with errno.
 */
ssize_t test_accept_read(int l, char *buf, size_t cap, int *syn,
    unsigned int timeout_s);

/*
 * What the compiled backend is expected to do (t/expect.c).  The "mode"
 * arguments are the namespace's net.ipv4.tcp_fastopen; the kernel shims
 * (t/shim) derive their kernels' switches from it, client bit 0x1 and
 * server bit 0x2.  A mask of mode bits below is "needs one of these bits";
 * 0 means "needs none" where said.
 */
struct test_expect {
	const char *name;	/* tfo_backend() */
	int tfo;		/* data can ride in the SYN on this system */
	int deferred;		/* tfo_connect_deferred(): TEST_DEFER_* */
	int defer_blocking;	/* ... on a blocking socket too; 0: there
				   it is a plain connect(2) */
	int server_errno;	/* socket_fastopen()'s errno where it fails;
				   0: it always succeeds */
	int server_before;	/* mode bits it needs before listen(2), one
				   of them; 0: with server_errno, never */
	int server_after;	/* ... and after listen(2) */
	int refuse_unless;	/* the client path is refused unless one of
				   these bits is on; 0: never refused */
	int queues;		/* the kernel queues data on a connecting
				   socket: tfo_connect() returns bytes at once
				   whenever it is not refused */
	size_t syn_max;		/* no TFO at all above this; 0: no limit */
	int used_syn;		/* tfo_used() when data rode in the SYN */
	int used_plain;		/* ... when none did (TFO_NO is 0) */
	int used_plain_also;	/* ... or these too: 1 << TFO_* bits */
	int syn_once;		/* after a SYN's data was accepted, a
				   server gets none for a while (FreeBSD's
				   disabled path) */
	int nocookie;		/* Linux's no-cookie mode 0x207 means the
				   same on this kernel */
	const char *refuse_env;	/* NAME=value that makes the kernel refuse
				   TFO; NULL: sysctl 0 does */
	const char *shim;	/* on Linux, the kernel shim this backend runs
				   on (t/shim); NULL: the kernel's own */
};

/* tfo_connect_deferred() kinds. */
#define TEST_DEFER_NONE		0	/* a plain connect(2) */
#define TEST_DEFER_COOKIE	1	/* returns at once with a cookie (Linux) */
#define TEST_DEFER_ALWAYS	2	/* whenever client TFO is on (XNU) */

/* The entry for tfo_backend(); skip_all() when there is none. */
const struct test_expect *test_expect(void);

/*
 * Copy to out the modes that mean something on this backend; skip() the
 * others with the reason.  Returns how many were copied.
 */
int test_expect_modes(const int *modes, int n, int *out);

/* Will data ride in the SYN under this sysctl mode (second: cookie)? */
int test_expect_syn_data(int mode, int second, size_t len);

/* Does tfo_connect() refuse TFO under this mode (fallback, EOPNOTSUPP)? */
int test_expect_refused(int mode);

/*
 * Does tfo_connect() of len bytes accept bytes before the handshake is
 * done: a non-blocking call returns a count instead of -1/EINPROGRESS,
 * and a refused connection shows up on the next call, not this one?
 */
int test_expect_accepts(int mode, int second, size_t len);

/*
 * Does tfo_connect_deferred() defer the SYN on a socket that is (nb 1) or
 * is not (nb 0) non-blocking, and return 0 at once?
 */
int test_expect_deferred_at_once(int mode, int second, int nb);

/* Will the first write after tfo_connect_deferred() ride in the SYN? */
int test_expect_deferred_syn(int mode, int second, size_t len, int nb);

/*
 * Does tfo_connect_deferred(..., TFO_NO_FALLBACK) on a blocking socket fail
 * with EOPNOTSUPP?
 */
int test_expect_deferred_refused_blocking(int mode);

/* tfo_used() on an established connection, syn: data rode in the SYN. */
int test_expect_used(int syn);

/* May tfo_used() say got when data did (syn 1) or did not ride? */
int test_expect_used_ok(int syn, int got);

/*
 * tfo_used() after tfo_connect() of len bytes under mode, when data did
 * (syn 1) or did not ride: the one answer where the mode tells.
 */
int test_expect_used_after(int mode, size_t len, int syn);

/* After a server accepted SYN data, will the next connection's ride too? */
int test_expect_syn_again(void);

/* socket_fastopen()'s errno before or after listen(2), 0: it succeeds. */
int test_expect_server_errno(int mode, int after_listen);

/* tfo_kernel_allows(role) under this sysctl mode. */
int test_expect_allows(int mode, int role);

/*
 * Make the kernel refuse client TFO (on), or take it back to mode;
 * 0, or -1 with errno.
 */
int test_expect_refuse(int on, int mode);

#endif /* !TFO_TESTLIB_H */

/* SPDX-License-Identifier: ISC */
/*
 * Signals during blocking calls.  An interval timer fires SIGALRM every
 * 100 us while hundreds of blocking 64 KiB tfo_connect() calls run, to
 * fresh destinations (no cookie) and to one destination (cookie), once
 * with SA_RESTART and once without.  Linux's own blocking MSG_FASTOPEN
 * re-sends the whole buffer when a signal restarts it, or fails with EINTR
 * after the data left: every call here must return 65536, and the server
 * must receive each connection's bytes exactly once.  The count of signals
 * that landed inside calls is asserted > 0, so the test proves it was
 * actually interrupted.  The same runs again with tfo_connect_deferred()
 * on a blocking socket and the caller's own first write, retried after
 * EINTR and short counts as careful code does: Linux's deferred first
 * write waits in the kernel and queues the bytes twice when a signal cuts
 * in, so the library must not defer there.
 */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>

#include "tfo.h"
#include "tap.h"
#include "testlib.h"

#define LEN 65536		/* the largest call */
/* Per mode and SA_RESTART setting; TFO_LONG=1: 3 x 2 x 1700 = 10 200. */
static int CALLS = 300;
static int RUN_SECONDS = 40;		/* a cap for slow hosts, not timing */
static int WATCHDOG_SECONDS = 240;	/* the whole child: 4 runs x 40 s, with room */
/* Varied sizes: one byte, one segment, a page fragment's worth, 64 KiB. */
static const size_t sizes[] = { 1, 1400, 32769, LEN };

static volatile sig_atomic_t in_call, during_calls, delivered;

static void
on_alarm(int sig)
{
	(void)sig;
	++delivered;
	if (in_call)
		++during_calls;
}

/*
 * ITIMER_REAL is alarm()'s timer, so the harness's alarm cannot guard
 * this child: a thread kills it instead if it runs too long.
 */
static void *
watchdog(void *arg)
{
	struct timespec t = { WATCHDOG_SECONDS, 0 };

	(void)arg;
	while (nanosleep(&t, &t) == -1 && errno == EINTR)
		;
	diag("watchdog: still running after %d s, killing the test",
	    WATCHDOG_SECONDS);
	kill(getpid(), SIGKILL);
	return NULL;
}

/*
 * Cookies are per destination address: even calls go to one address (a
 * cookie after the first call), odd ones each to a fresh one.  run keeps
 * the two runs of a mode apart.
 */
static void
destination(int run, int i, unsigned short port, struct sockaddr_storage *ss,
    socklen_t *len)
{
	char text[32];

	if (i % 2 == 0)
		snprintf(text, sizeof(text), "127.0.0.%d", 1 + run);
	else
		snprintf(text, sizeof(text), "127.%d.%d.%d", 1 + run,
		    i / 2 / 250, 1 + i / 2 % 250);
	if (test_sockaddr(text, port, ss, len) == -1)
		bail("address %s", text);
}

/*
 * A deferred connect and the caller's writes of all of buf (the test
 * library's loop: EINTR and short counts retried).  size, or -1.
 */
static ssize_t
deferred_call(int fd, const struct sockaddr *sa, socklen_t salen,
    const char *buf, size_t size)
{
	if (tfo_connect_deferred(fd, sa, salen, 0) == -1 ||
	    test_finish_send(fd, buf, size, 0, 10) == -1)
		return -1;
	return (ssize_t)size;
}

static void
one_run(int mode, int restart, int deferred, struct test_server *srv,
    unsigned short port, char *buf)
{
	struct sigaction sa;
	struct itimerval it;
	struct sockaddr_storage ss;
	struct test_conn conn;
	socklen_t sslen;
	const char *how = deferred ?
	    (restart ? "deferred, with SA_RESTART" :
	    "deferred, without SA_RESTART") :
	    (restart ? "with SA_RESTART" : "without SA_RESTART");
	int i, fd, e, done = 0, failed = 0, wrong = 0, syn_wrong = 0;
	int syn_seen = 0;
	int want_syn;
	size_t size;
	double start;
	ssize_t n;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	sa.sa_flags = restart ? SA_RESTART : 0;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, NULL);
	delivered = during_calls = 0;
	memset(&it, 0, sizeof(it));
	it.it_interval.tv_usec = 100;
	it.it_value.tv_usec = 100;
	if (setitimer(ITIMER_REAL, &it, NULL) == -1)
		bail("setitimer: %s", strerror(errno));

	start = test_now();
	for (i = 0; i < CALLS && test_now() - start < RUN_SECONDS; i++) {
		destination(!restart + 2 * deferred, i, port, &ss, &sslen);
		test_pattern(buf, LEN, (unsigned)(mode * 1000 + restart * 500 +
		    deferred * 250 + i));
		size = sizes[i / 2 % (sizeof(sizes) / sizeof(sizes[0]))];
		fd = test_socket(AF_INET, 0);
		errno = 0;
		in_call = 1;
		n = deferred ? deferred_call(fd, (struct sockaddr *)&ss,
		    sslen, buf, size) : tfo_connect(fd, (struct sockaddr *)&ss,
		    sslen, buf, size, 0);
		in_call = 0;
		e = errno;
		if (n != (ssize_t)size) {
			if (failed++ < 5)
				diag("0x%x %s call %d returned %zd (%s)", mode,
				    how, i, n, strerror(e));
		}
		shutdown(fd, SHUT_WR);
		if (test_server_next(srv, &conn, 10) == -1) {
			close(fd);
			++wrong;
			diag("0x%x %s call %d: the server saw nothing", mode,
			    how, i);
			break;	/* calls and records no longer pair up */
		}
		if (conn.error != 0 || conn.len != size ||
		    memcmp(conn.data, buf, size) != 0) {
			if (wrong++ < 5)
				diag("0x%x %s call %d: the server got %zu bytes"
				    "%s", mode, how, i, conn.len,
				    conn.len == size ? ", not the ones sent" :
				    "");
		}
		/* The first cookie connection only fetches the cookie. */
		want_syn = deferred ? test_expect_deferred_syn(mode, i >= 2 &&
		    i % 2 == 0, size, 0) : test_expect_syn_data(mode, i >= 2 &&
		    i % 2 == 0, size);
		/* FreeBSD: one accepted, and the path is off (t/expect.c). */
		if (syn_seen && !test_expect_syn_again())
			want_syn = 0;
		syn_seen |= conn.syn_data;
		if (conn.syn_data != want_syn && syn_wrong++ < 5)
			diag("0x%x %s call %d: SYN data %d, expected %d", mode,
			    how, i, conn.syn_data, want_syn);
		test_conn_free(&conn);
		close(fd);
		++done;
	}
	memset(&it, 0, sizeof(it));
	setitimer(ITIMER_REAL, &it, NULL);
	/*
	 * A SIGALRM raised just before the timer stopped may still be
	 * pending: SIG_IGN discards it, where SIG_DFL would end the test.
	 */
	signal(SIGALRM, SIG_IGN);
	signal(SIGALRM, SIG_DFL);

	diag("0x%x %s: %d calls in %.2f s, %ld signals delivered, %ld of them "
	    "inside the calls", mode, how, done, test_now() - start,
	    (long)delivered, (long)during_calls);
	is_int(done, CALLS, "0x%x %s: all %d calls ran within %d s", mode, how,
	    CALLS, RUN_SECONDS);
	is_int(failed, 0, "0x%x %s: every call returned all its bytes", mode,
	    how);
	is_int(wrong, 0, "0x%x %s: the server received each connection's "
	    "bytes exactly once", mode, how);
	is_int(syn_wrong, 0, "0x%x %s: data rode in the SYN exactly where "
	    "expected", mode, how);
	ok(during_calls > 0, "0x%x %s: signals landed inside calls (%ld)",
	    mode, how, (long)during_calls);
}

static void
run_mode(int mode, void *arg)
{
	struct sockaddr_storage ss;
	socklen_t len;
	const struct sockaddr_in *sin;
	struct test_server *srv;
	pthread_t dog;
	sigset_t alrm, old;

	/* The server thread and the watchdog never take SIGALRM. */
	sigemptyset(&alrm);
	sigaddset(&alrm, SIGALRM);
	pthread_sigmask(SIG_BLOCK, &alrm, &old);
	if (pthread_create(&dog, NULL, watchdog, NULL) != 0)
		bail("watchdog thread");
	if (test_sockaddr("0.0.0.0", 0, &ss, &len) == -1 ||
	    (srv = test_server_start((struct sockaddr *)&ss, len, 64,
	    NULL)) == NULL)
		bail("server");
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	sin = (const struct sockaddr_in *)test_server_addr(srv, &len);

	one_run(mode, 1, 0, srv, ntohs(sin->sin_port), arg);
	one_run(mode, 0, 0, srv, ntohs(sin->sin_port), arg);
	if (test_expect()->shim != NULL && test_expect()->defer_blocking)
		skip("0x%x deferred: %s emulates the deferred first write with "
		    "Linux's TCP_FASTOPEN_CONNECT, which this test shows is "
		    "unsafe on a blocking socket", mode, test_expect()->shim);
	else {
		one_run(mode, 1, 1, srv, ntohs(sin->sin_port), arg);
		one_run(mode, 0, 1, srv, ntohs(sin->sin_port), arg);
	}
	alarm((unsigned)WATCHDOG_SECONDS);	/* the guard setitimer replaced */
	test_server_stop(srv);
	/* nanosleep() is a cancellation point: the watchdog ends here. */
	pthread_cancel(dog);
	pthread_join(dog, NULL);
}

int
main(void)
{
	static const int modes[] = { TEST_MODE_BOTH, TEST_MODE_OFF,
	    TEST_MODE_NOCOOKIE };
	const char *lng = getenv("TFO_LONG");
	char *buf = malloc(LEN);
	int run[3], n;

	if (lng != NULL && strcmp(lng, "1") == 0) {
		CALLS = 1700;
		RUN_SECONDS = 120;
		WATCHDOG_SECONDS = 900;
	}
	(void)test_expect();
	if (buf == NULL)
		bail("out of memory");
	n = test_expect_modes(modes, 3, run);
	test_in_modes(run, n, run_mode, buf, (unsigned)WATCHDOG_SECONDS);
	free(buf);
	return done_testing();
}

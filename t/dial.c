/* SPDX-License-Identifier: ISC */
/*
 * tfo_dial(): names from a private /etc/hosts (a mount namespace over the
 * network namespace), servers on ::1 and 127.0.0.1 at the same port, and
 * an IPv6 path that drops every SYN: a listener on ::1 whose accept queue
 * is full (Linux tcp_conn_request() drops a SYN when sk_acceptq_is_full(),
 * silently, as a black hole does).  Exact bytes once at the winner.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#if HAVE_DECL_CLONE_NEWNET
#include <sys/mount.h>
#endif
#include <sys/socket.h>

#include "tfo.h"
#include "tap.h"
#include "testlib.h"

#define HOSTS \
	"127.0.0.1 localhost both.test v4only.test hole.test\n" \
	"::1 localhost both.test v6only.test hole.test hole6.test\n"

#define DIAL_TESTS 16	/* per mode */

static int
open_fds(void)
{
	int fd, n = 0;

	for (fd = 0; fd < 1024; fd++)
		if (fcntl(fd, F_GETFD) != -1)
			n++;
	return n;
}

/* Our own /etc/hosts, seen by this process alone. */
static int
private_hosts(char *why, size_t whylen)
{
	char path[] = "/tmp/libtfo-hosts-XXXXXX";
	int fd = mkstemp(path), r = -1;

	if (fd == -1 || write(fd, HOSTS, sizeof(HOSTS) - 1) !=
	    (ssize_t)sizeof(HOSTS) - 1) {
		snprintf(why, whylen, "hosts file: %s", strerror(errno));
		goto out;
	}
#if !HAVE_DECL_CLONE_NEWNET
	snprintf(why, whylen, "no mount namespaces for a private /etc/hosts");
	goto out;
#else
	if (unshare(CLONE_NEWNS) == -1 ||
	    mount("none", "/", "none", MS_REC | MS_PRIVATE, NULL) == -1 ||
	    mount(path, "/etc/hosts", "none", MS_BIND, NULL) == -1) {
		snprintf(why, whylen, "no private /etc/hosts: %s",
		    strerror(errno));
		goto out;
	}
	r = 0;
#endif
out:
	if (fd != -1)
		close(fd);
	unlink(path);	/* the bind mount keeps the file */
	return r;
}

static struct test_server *
server(const char *addr, unsigned short port, unsigned short *bound)
{
	struct sockaddr_storage ss;
	socklen_t len;
	struct test_server *srv;
	const struct sockaddr *sa;

	if (test_sockaddr(addr, port, &ss, &len) == -1 ||
	    (srv = test_server_start((struct sockaddr *)&ss, len, 16,
	    NULL)) == NULL)
		bail("no server on %s", addr);
	sa = test_server_addr(srv, &len);
	*bound = ntohs(sa->sa_family == AF_INET6 ?
	    ((const struct sockaddr_in6 *)sa)->sin6_port :
	    ((const struct sockaddr_in *)sa)->sin_port);
	return srv;
}

/*
 * A listener on ::1 that drops every SYN: backlog 0, its one queue slot
 * taken by a connection nobody accepts.  *filler: that connection.
 */
static int
black_hole(unsigned short port, int *filler)
{
	struct sockaddr_storage ss;
	socklen_t len;
	int l, one = 1;

	if (test_sockaddr("::1", port, &ss, &len) == -1)
		bail("::1");
	l = socket(AF_INET6, SOCK_STREAM, 0);
	if (l == -1 || setsockopt(l, IPPROTO_IPV6, IPV6_V6ONLY, &one,
	    sizeof(one)) == -1 || bind(l, (struct sockaddr *)&ss, len) == -1 ||
	    listen(l, 0) == -1)
		bail("black hole listener: %s", strerror(errno));
	*filler = test_socket(AF_INET6, 0);
	if (connect(*filler, (struct sockaddr *)&ss, len) == -1)
		bail("filler: %s", strerror(errno));
	return l;
}

/* Nothing more reaches srv within 300 ms. */
static int
quiet(struct test_server *srv)
{
	struct test_conn c;

	if (test_server_next(srv, &c, 1) == -1)
		return 1;
	diag("unexpected connection of %zu bytes", c.len);
	test_conn_free(&c);
	return 0;
}

/* The next connection srv saw carried exactly want; *syn: in the SYN. */
static int
got(struct test_server *srv, const char *want, size_t len, int *syn)
{
	struct test_conn c;
	int r;

	if (test_server_next(srv, &c, 5) == -1) {
		diag("the server saw no connection");
		return 0;
	}
	r = c.len == len && memcmp(c.data, want, len) == 0;
	if (!r)
		diag("the server got %zu bytes, wanted %zu", c.len, len);
	*syn = c.syn_data;
	test_conn_free(&c);
	return r;
}

static void
run(int mode, void *arg)
{
	static char req[3000];
	struct tfo_dial_opts o;
	struct test_server *v6, *v4, *v4b;
	unsigned short port, port2, p;
	char why[160], service[8], service2[8], closed[8];
	int fd, syn, hole, filler, before, want_syn, second_syn;
	double t0, ms;

	(void)arg;
	test_pattern(req, sizeof(req), 7);
	if (private_hosts(why, sizeof(why)) == -1) {
		for (p = 0; p < DIAL_TESTS; p++)
			skip("%s", why);
		return;
	}
	before = open_fds();
	want_syn = test_expect_syn_data(mode, 0, sizeof(req));
	second_syn = test_expect_syn_data(mode, 1, sizeof(req));

	/* Both families fine: IPv6 first (RFC 6724 puts ::1 first). */
	v6 = server("::1", 0, &port);
	v4 = server("127.0.0.1", port, &p);
	snprintf(service, sizeof(service), "%u", port);
	fd = tfo_dial("both.test", service, req, sizeof(req), 0, NULL);
	ok(fd >= 0, "both.test: connected (%s)", fd >= 0 ? "ok" :
	    strerror(errno));
	if (fd >= 0) {
		shutdown(fd, SHUT_WR);
		ok(got(v6, req, sizeof(req), &syn), "both.test: all %zu bytes "
		    "exactly once at the IPv6 server", sizeof(req));
		close(fd);
	} else
		ok(0, "both.test: no connection to check");
	fd = tfo_dial("both.test", service, req, sizeof(req), 0, NULL);
	if (fd >= 0) {
		shutdown(fd, SHUT_WR);
		ok(got(v6, req, sizeof(req), &syn) && syn == second_syn,
		    "both.test again: exactly once, in the SYN: %s",
		    second_syn ? "yes" : "no");
		close(fd);
	} else
		ok(0, "both.test again: %s", strerror(errno));
	ok(quiet(v4), "both.test: the IPv4 server saw nothing");
	(void)want_syn;

	/* The flag: data after the handshake, on the winner only. */
	fd = tfo_dial("both.test", service, req, sizeof(req),
	    TFO_DIAL_ONE_SERVER, NULL);
	if (fd >= 0) {
		shutdown(fd, SHUT_WR);
		ok(got(v6, req, sizeof(req), &syn) && syn == 0,
		    "TFO_DIAL_ONE_SERVER: exactly once, not in the SYN");
		close(fd);
	} else
		ok(0, "TFO_DIAL_ONE_SERVER: %s", strerror(errno));
	ok(quiet(v4), "TFO_DIAL_ONE_SERVER: nothing at the other server");

	/* The IPv6 path black-holed: IPv4 wins after the attempt delay. */
	v4b = server("127.0.0.1", 0, &port2);
	hole = black_hole(port2, &filler);
	snprintf(service2, sizeof(service2), "%u", port2);
	if (test_expect()->shim != NULL) {
		for (p = 0; p < 4; p++)
			skip("the %s shim waits for the handshake inside the "
			    "connect (t/shim/README.md): no race to time",
			    test_expect()->shim);
		goto no_race;
	}
	t0 = test_now();
	fd = tfo_dial("hole.test", service2, req, sizeof(req), 0, NULL);
	ms = (test_now() - t0) * 1000;
	ok(fd >= 0 && ms >= 240 && ms < 1000, "hole.test: IPv4 wins in %.0f "
	    "ms (the 250 ms attempt delay, not a SYN timeout)", ms);
	if (fd >= 0) {
		shutdown(fd, SHUT_WR);
		ok(got(v4b, req, sizeof(req), &syn), "hole.test: all bytes "
		    "exactly once at the IPv4 server");
		close(fd);
	} else
		ok(0, "hole.test: no connection");
	memset(&o, 0, sizeof(o));
	o.attempt_delay_ms = 50;
	t0 = test_now();
	fd = tfo_dial("hole.test", service2, req, sizeof(req), 0, &o);
	ms = (test_now() - t0) * 1000;
	ok(fd >= 0 && ms >= 45 && ms < 500, "hole.test, attempt delay 50 ms: "
	    "connected in %.0f ms", ms);
	if (fd >= 0) {
		shutdown(fd, SHUT_WR);
		(void)got(v4b, req, sizeof(req), &syn);
		close(fd);
	}

	/* The deadline, on a name whose only address is the black hole. */
	memset(&o, 0, sizeof(o));
	o.timeout_ms = 300;
	t0 = test_now();
	fd = tfo_dial("hole6.test", service2, req, sizeof(req), 0, &o);
	ms = (test_now() - t0) * 1000;
	ok(fd == -1 && errno == ETIMEDOUT && ms >= 290 && ms < 800,
	    "hole6.test, timeout 300 ms: ETIMEDOUT after %.0f ms", ms);
no_race:
	close(filler);
	close(hole);

	/* One family only. */
	fd = tfo_dial("v4only.test", service, req, sizeof(req), 0, NULL);
	if (fd >= 0) {
		shutdown(fd, SHUT_WR);
		ok(got(v4, req, sizeof(req), &syn), "v4only.test: exactly once "
		    "at the IPv4 server");
		close(fd);
	} else
		ok(0, "v4only.test: %s", strerror(errno));
	memset(&o, 0, sizeof(o));
	o.family = AF_INET6;
	fd = tfo_dial("v4only.test", service, req, sizeof(req), 0, &o);
	ok(fd == -1 && errno == ENOENT && o.gai_error != 0,
	    "v4only.test with AF_INET6: ENOENT, gai_error set (%s)",
	    o.gai_error != 0 ? gai_strerror(o.gai_error) : "0");

	/* Every address refused: the last error, at once. */
	test_server_stop(v6);
	test_server_stop(v4);
	test_server_stop(v4b);
	snprintf(closed, sizeof(closed), "%u", port);
	t0 = test_now();
	fd = tfo_dial("both.test", closed, req, sizeof(req), 0, NULL);
	ms = (test_now() - t0) * 1000;
	ok(fd == -1 && errno == ECONNREFUSED && ms < 200,
	    "both.test, nothing listening: ECONNREFUSED in %.0f ms (the next "
	    "address at once after a refusal)", ms);

	memset(&o, 0, sizeof(o));
	fd = tfo_dial("nosuch.invalid", "80", req, 10, 0, &o);
	/* No DNS answers in a private namespace: EAI_AGAIN, or EAI_NONAME. */
	ok(fd == -1 && ((errno == ENOENT && o.gai_error == EAI_NONAME) ||
	    (errno == EAGAIN && o.gai_error == EAI_AGAIN)),
	    "nosuch.invalid: ENOENT or EAGAIN as gai_error %d says (%s)",
	    o.gai_error,
	    o.gai_error != 0 ? gai_strerror(o.gai_error) : "none");
	ok(tfo_dial(NULL, "80", req, 1, 0, NULL) == -1 && errno == EINVAL &&
	    tfo_dial("both.test", "80", req, 1, TFO_DONTWAIT, NULL) == -1 &&
	    errno == EINVAL && tfo_dial("both.test", "80", NULL, 1, 0,
	    NULL) == -1 && errno == EINVAL,
	    "EINVAL: no host, TFO_DONTWAIT, no buffer");
	ok(open_fds() == before, "no descriptor leaked (%d open, %d before)",
	    open_fds(), before);
}

int
main(void)
{
	static const int modes[] = { TEST_MODE_BOTH, TEST_MODE_OFF };

	plan(2 * DIAL_TESTS);
	test_in_modes(modes, 2, run, NULL, 60);
	return done_testing();
}

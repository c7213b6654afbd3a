/* SPDX-License-Identifier: ISC */
/*
 * Middlebox faults (issue 6): both ends of t/middlebox.sh, run by
 * bench/linkemu in its two namespaces.
 *
 *   middlebox server -l log [-a addr] [-p port] [-q port] [-t seconds]
 *   middlebox client -F fault -l log [-p port] [-q port] [-n k] [-b secs]
 *                    [-s syn_retries] [-B]
 *
 * The server listens with TFO on a clean port (-p, 8001) and on the port
 * the emulator's fault rule is scoped to (-q, 8002).  Each request is a
 * 16-byte header ("MBOX", id, length) and length bytes derived from the
 * id; the server compares them exactly, answers with what it got, reads
 * on to EOF to catch any byte sent twice, and appends one line per
 * connection to the log.  The client (libtfo's tfo_connect, blocking and
 * non-blocking) warms a cookie and measures a baseline on the clean port,
 * then connects through the fault, then on the clean port again to see
 * what the kernel remembered, then once more through the fault after
 * flushing the kernel's cookie cache (ip tcp_metrics flush).  It prints TAP lines without numbers (the script adds
 * the plan) and, as diagnostics, the delay the fault added, what TCP_INFO
 * and /proc/net/netstat say, and "# RESULT" lines for docs/reliability.md.
 * -b and -s set tcp_fastopen_blackhole_timeout_sec and tcp_syn_retries in
 * the client's namespace (linkemu's, never the host's); -B expects the
 * kernel's blackhole detection to trip, and says so in TAP.

 * Plain system calls on the server side: it never depends on the library.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>

#include "tfo.h"
#include "testlib.h"

#ifndef TCP_FASTOPEN
#define TCP_FASTOPEN 23
#endif
#ifndef TCPI_OPT_SYN_DATA
#define TCPI_OPT_SYN_DATA 32
#endif

#define HDR 16
#define MAXLEN 65536		/* payload bytes per request */
#define SMALL 1000		/* timed requests: fit in the SYN */
#define LARGE 20000		/* one per phase and mode: most after the SYN */
#define MAXCONN 256
#define CONN_MS 8000		/* every wait of one connection */

/* ---- shared ---- */

static void
pattern(unsigned char *p, size_t len, uint32_t id)
{
	uint32_t x = id * 2654435761U + 12345;
	size_t i;

	for (i = 0; i < len; i++) {
		x = x * 1103515245U + 12345;
		p[i] = (unsigned char)(x >> 16);
	}
}

static uint64_t
fnv1a(const unsigned char *p, size_t len)
{
	uint64_t h = 14695981039346656037ULL;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= p[i];
		h *= 1099511628211ULL;
	}
	return h;
}

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* ---- server ---- */

/* Read up to len bytes; the count read (short on EOF), -1 on error. */
static ssize_t
read_full(int fd, unsigned char *p, size_t len)
{
	size_t got = 0;
	ssize_t n;

	while (got < len) {
		n = read(fd, p + got, len - got);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			return got > 0 ? (ssize_t)got : -1;
		if (n == 0)
			break;
		got += (size_t)n;
	}
	return (ssize_t)got;
}

static void
serve_one(int fd, int port, int logfd)
{
	static unsigned char hdr[HDR], buf[MAXLEN], want[MAXLEN], junk[4096];
	struct timeval tv = { 3, 0 };
	struct tcp_info ti;
	socklen_t tl = sizeof(ti);
	char line[256], reply[128];
	uint32_t id = 0, len = 0;
	long extra = 0;
	int match = 0, syn = 0, err = 0, rl;
	ssize_t n;

	(void)setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	(void)setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	memset(&ti, 0, sizeof(ti));
	if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &ti, &tl) == 0)
		syn = (ti.tcpi_options & TCPI_OPT_SYN_DATA) != 0;
	n = read_full(fd, hdr, HDR);
	if (n != HDR || memcmp(hdr, "MBOX", 4) != 0 ||
	    (len = test_get32(hdr + 8)) > MAXLEN) {
		err = n == -1 ? errno : EBADMSG;
		goto log;
	}
	id = test_get32(hdr + 4);
	n = read_full(fd, buf, len);
	if (n != (ssize_t)len) {
		err = n == -1 ? errno : EPIPE;	/* short: bytes lost */
		goto log;
	}
	pattern(want, len, id);
	match = memcmp(buf, want, len) == 0;
	rl = snprintf(reply, sizeof(reply), "%lu %lu %016llx %d %d\n",
	    (unsigned long)id, (unsigned long)len,
	    (unsigned long long)fnv1a(buf, len), match, syn);
	if (send(fd, reply, (size_t)rl, MSG_NOSIGNAL) != rl)
		err = errno;
	/* Anything after the request is a byte sent twice. */
	for (;;) {
		n = read(fd, junk, sizeof(junk));
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n == -1 && err == 0 && errno != ECONNRESET)
				err = errno;
			break;
		}
		extra += n;
	}
log:
	tl = sizeof(ti);
	if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &ti, &tl) == -1)
		ti.tcpi_total_retrans = 0;
	rl = snprintf(line, sizeof(line),
	    "id=%lu port=%d len=%lu match=%d syn=%d extra=%ld err=%d "
	    "retrans=%lu\n", (unsigned long)id, port, (unsigned long)len,
	    match, syn, extra, err, (unsigned long)ti.tcpi_total_retrans);
	if (write(logfd, line, (size_t)rl) != rl)
		perror("middlebox server: log");
}

static int
listener(const char *addr, int port)
{
	struct sockaddr_in sa;
	int s, one = 1, qlen = 64;

	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)port);
	if (inet_pton(AF_INET, addr, &sa.sin_addr) != 1)
		return -1;
	s = socket(AF_INET, SOCK_STREAM, 0);
	if (s == -1 ||
	    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) == -1 ||
	    bind(s, (struct sockaddr *)&sa, sizeof(sa)) == -1 ||
	    setsockopt(s, IPPROTO_TCP, TCP_FASTOPEN, &qlen, sizeof(qlen)) == -1 ||
	    listen(s, 64) == -1)
		return -1;
	return s;
}

static int
server(int argc, char *argv[])
{
	const char *addr = "198.18.0.2", *log = NULL;
	int c, port[2] = { 8001, 8002 }, ls[2], logfd, fd, i;
	unsigned lifetime = 60;
	struct pollfd pfd[2];
	pid_t pid;

	while ((c = getopt(argc, argv, "a:l:p:q:t:")) != -1) {
		switch (c) {
		case 'a': addr = optarg; break;
		case 'l': log = optarg; break;
		case 'p': port[0] = atoi(optarg); break;
		case 'q': port[1] = atoi(optarg); break;
		case 't': lifetime = (unsigned)atoi(optarg); break;
		default: return 2;
		}
	}
	if (log == NULL || lifetime == 0)
		return 2;
	signal(SIGCHLD, SIG_IGN);	/* children reap themselves */
	signal(SIGPIPE, SIG_IGN);
	alarm(lifetime);		/* bounded even if linkemu is not */
	logfd = open(log, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
	for (i = 0; i < 2; i++) {
		ls[i] = listener(addr, port[i]);
		if (ls[i] == -1 || logfd == -1) {
			perror("middlebox server");
			return 1;
		}
		pfd[i].fd = ls[i];
		pfd[i].events = POLLIN;
	}
	for (;;) {
		if (poll(pfd, 2, -1) == -1) {
			if (errno == EINTR)
				continue;
			perror("middlebox server: poll");
			return 1;
		}
		for (i = 0; i < 2; i++) {
			if (!(pfd[i].revents & POLLIN))
				continue;
			fd = accept(ls[i], NULL, NULL);
			if (fd == -1)
				continue;
			pid = fork();
			if (pid == 0) {
				close(ls[0]);
				close(ls[1]);
				alarm(10);
				serve_one(fd, port[i], logfd);
				_exit(0);
			}
			close(fd);
		}
	}
}

/* ---- client ---- */

static volatile const char *current = "start";

static void
on_alarm(int sig)
{
	static const char msg[] = "Bail out! a client call outlived its "
	    "alarm, in phase ";
	const char *p = (const char *)current;

	(void)sig;
	(void)!write(1, msg, sizeof(msg) - 1);
	(void)!write(1, p, strlen(p));
	(void)!write(1, "\n", 1);
	_exit(1);
}

/* What a connection should do. */
enum {
	EXPECT_DONE,		/* complete, every byte once */
	EXPECT_REFUSED,		/* fail with ECONNREFUSED or ECONNRESET */
	EXPECT_TIMEOUT_OR_DONE	/* either, or time out with ETIMEDOUT */
};

struct result {
	uint32_t id;
	int nonblock, expect, port;
	size_t len;
	int ok;			/* behaved as expected */
	int err;		/* errno of a failure, 0 if it completed */
	const char *step;	/* where it failed */
	double ms;		/* socket() to the reply, or to the failure */
	int syn_data;		/* client TCPI_OPT_SYN_DATA */
	int client_fail;	/* tcpi_fastopen_client_fail (5.5+) */
	unsigned retrans;	/* tcpi_total_retrans */
	int server_syn;		/* the server said: the data came in the SYN */
	char why[200];
};

static struct result res[MAXCONN];
static int nres;
static uint32_t next_id = 1;
static unsigned char req[HDR + MAXLEN];

/* struct tcp_info's first 8 bytes as <linux/tcp.h> (5.5+) declares them. */
struct tcp_info_head {
	uint8_t state, ca_state, retransmits, probes, backoff, options;
	uint8_t snd_wscale : 4, rcv_wscale : 4;
	uint8_t app_limited : 1, fastopen_client_fail : 2;
};

static void
conn_info(int fd, struct result *r)
{
	union {
		struct tcp_info ti;
		struct tcp_info_head h;
		unsigned char raw[512];
	} u;
	socklen_t len = sizeof(u);

	memset(&u, 0, sizeof(u));
	if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &u, &len) == -1)
		return;
	r->syn_data = (u.h.options & TCPI_OPT_SYN_DATA) != 0;
	r->client_fail = u.h.fastopen_client_fail;
	r->retrans = u.ti.tcpi_total_retrans;
}

/* Wait for events on fd until deadline; 0, or -1 with ETIMEDOUT. */
static int
wait_for(int fd, short events, double deadline)
{
	struct pollfd p;
	double left;
	int r;

	for (;;) {
		left = deadline - now_ms();
		if (left <= 0) {
			errno = ETIMEDOUT;
			return -1;
		}
		p.fd = fd;
		p.events = events;
		p.revents = 0;
		r = poll(&p, 1, (int)left + 1);
		if (r > 0)
			return 0;
		if (r == -1 && errno != EINTR)
			return -1;
	}
}

#define FAIL(s) do { r->step = (s); r->err = errno; goto out; } while (0)

/* One request through tfo_connect(); fills r. */
static void
one(const struct sockaddr_in *sa, struct result *r)
{
	size_t total = HDR + r->len, done;
	double t0, deadline;
	char reply[128], want[128];
	struct timeval tv;
	socklen_t sl;
	ssize_t n;
	size_t got = 0;
	int fd, soerr;

	memcpy(req, "MBOX", 4);
	test_put32(req + 4, r->id);
	test_put32(req + 8, (uint32_t)r->len);
	test_put32(req + 12, 0);
	pattern(req + HDR, r->len, r->id);
	r->step = "";
	r->err = 0;
	alarm(CONN_MS / 1000 + 4);
	t0 = now_ms();
	deadline = t0 + CONN_MS;
	fd = socket(AF_INET, SOCK_STREAM | (r->nonblock ? SOCK_NONBLOCK : 0),
	    0);
	if (fd == -1)
		FAIL("socket");
	/* A blocking call gives up as connect(2) would, at SO_SNDTIMEO. */
	tv.tv_sec = CONN_MS / 1000;
	tv.tv_usec = 0;
	(void)setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	n = tfo_connect(fd, (const struct sockaddr *)sa, sizeof(*sa), req,
	    total, 0);
	if (!r->nonblock) {
		if (n == -1)
			FAIL("tfo_connect");
		if ((size_t)n != total) {
			errno = EIO;	/* the contract: all of it */
			FAIL("tfo_connect short");
		}
	} else {
		if (n == -1 && errno != EINPROGRESS)
			FAIL("tfo_connect");
		done = n == -1 ? 0 : (size_t)n;
		if (wait_for(fd, POLLOUT, deadline) == -1)
			FAIL("connect wait");
		sl = sizeof(soerr);
		if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &sl) == -1)
			FAIL("SO_ERROR");
		if (soerr != 0) {
			errno = soerr;
			FAIL("connect");
		}
		while (done < total) {
			n = send(fd, req + done, total - done, MSG_NOSIGNAL);
			if (n > 0) {
				done += (size_t)n;
				continue;
			}
			if (n == -1 && (errno == EAGAIN || errno == EINTR)) {
				if (wait_for(fd, POLLOUT, deadline) == -1)
					FAIL("send wait");
				continue;
			}
			FAIL("send");
		}
	}
	while (got == 0 || reply[got - 1] != '\n') {
		if (got == sizeof(reply) - 1) {
			errno = EBADMSG;
			FAIL("reply");
		}
		if (wait_for(fd, POLLIN, deadline) == -1)
			FAIL("reply wait");
		n = read(fd, reply + got, sizeof(reply) - 1 - got);
		if (n == -1 && (errno == EAGAIN || errno == EINTR))
			continue;
		if (n == -1)
			FAIL("reply");
		if (n == 0) {
			errno = EPIPE;
			FAIL("reply EOF");
		}
		got += (size_t)n;
	}
	reply[got] = '\0';
	r->ms = now_ms() - t0;
	conn_info(fd, r);
	snprintf(want, sizeof(want), "%lu %lu %016llx 1 ",
	    (unsigned long)r->id, (unsigned long)r->len,
	    (unsigned long long)fnv1a(req + HDR, r->len));
	if (strncmp(reply, want, strlen(want)) != 0) {
		snprintf(r->why, sizeof(r->why), "server got other bytes: "
		    "said \"%.60s\", expected \"%.60s...\"", reply, want);
		close(fd);
		alarm(0);
		r->ok = 0;
		return;
	}
	r->server_syn = reply[strlen(want)] == '1';
out:
	if (r->err != 0) {
		r->ms = now_ms() - t0;
		if (fd != -1)
			conn_info(fd, r);
		snprintf(r->why, sizeof(r->why), "%s: %s", r->step,
		    strerror(r->err));
	}
	if (fd != -1)
		close(fd);
	alarm(0);
	if (r->expect == EXPECT_REFUSED)
		r->ok = r->err == ECONNREFUSED || r->err == ECONNRESET;
	else if (r->expect == EXPECT_TIMEOUT_OR_DONE)
		r->ok = r->err == 0 || r->err == ETIMEDOUT;
	else
		r->ok = r->err == 0;
}

/* TcpExt counters of this namespace whose names start with TCPFastOpen. */
#define NCTR 12
struct counters {
	int n;
	char name[NCTR][40];
	long long v[NCTR];
};

static void
read_counters(struct counters *c)
{
	static char names[8192], values[8192];
	char *np, *vp, *ns, *vs, *nt, *vt;
	FILE *f = fopen("/proc/net/netstat", "r");

	c->n = 0;
	if (f == NULL)
		return;
	while (fgets(names, sizeof(names), f) != NULL &&
	    fgets(values, sizeof(values), f) != NULL) {
		if (strncmp(names, "TcpExt:", 7) != 0)
			continue;
		nt = strtok_r(names + 7, " \n", &ns);
		vt = strtok_r(values + 7, " \n", &vs);
		while (nt != NULL && vt != NULL && c->n < NCTR) {
			np = nt;
			vp = vt;
			if (strncmp(np, "TCPFastOpen", 11) == 0) {
				snprintf(c->name[c->n], sizeof(c->name[0]),
				    "%s", np + 11);
				c->v[c->n++] = atoll(vp);
			}
			nt = strtok_r(NULL, " \n", &ns);
			vt = strtok_r(NULL, " \n", &vs);
		}
	}
	fclose(f);
}

/* "Active+2 ActiveFail+4 ..." for the counters that moved. */
static void
counter_delta(const struct counters *a, const struct counters *b, char *out,
    size_t size)
{
	size_t used = 0;
	int i;

	out[0] = '\0';
	for (i = 0; i < a->n && i < b->n; i++)
		if (b->v[i] != a->v[i] && used < size)
			used += (size_t)snprintf(out + used, size - used,
			    "%s%s%+lld", used ? " " : "", b->name[i],
			    b->v[i] - a->v[i]);
	if (out[0] == '\0')
		snprintf(out, size, "none moved");
}

static long long
counter(const struct counters *c, const char *name)
{
	int i;

	for (i = 0; i < c->n; i++)
		if (strcmp(c->name[i], name) == 0)
			return c->v[i];
	return 0;
}

static int
write_sysctl(const char *path, long v)
{
	FILE *f = fopen(path, "w");

	if (f == NULL)
		return -1;
	fprintf(f, "%ld\n", v);
	return fclose(f) == 0 ? 0 : -1;
}

static long
read_sysctl(const char *path)
{
	char text[32];
	FILE *f = fopen(path, "r");
	long v = -1;

	if (f != NULL) {
		if (fgets(text, sizeof(text), f) != NULL)
			v = strtol(text, NULL, 0);
		fclose(f);
	}
	return v;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

struct summary {
	int n, ok, syn, fail_hist[4], retrans;
	double median;
};

/* Results [from, to) of one mode; median over the timed (small) ones. */
static void
summarize(int from, int to, int nonblock, struct summary *s)
{
	double t[MAXCONN];
	int i, nt = 0;

	memset(s, 0, sizeof(*s));
	for (i = from; i < to; i++) {
		if (res[i].nonblock != nonblock)
			continue;
		s->n++;
		s->ok += res[i].ok;
		s->syn += res[i].syn_data;
		s->fail_hist[res[i].client_fail & 3]++;
		s->retrans += res[i].retrans > 0;
		if (res[i].len == SMALL)
			t[nt++] = res[i].ms;
	}
	qsort(t, (size_t)nt, sizeof(t[0]), cmp_double);
	s->median = nt == 0 ? -1 : nt % 2 ? t[nt / 2] :
	    (t[nt / 2 - 1] + t[nt / 2]) / 2;
}

static const char *fault;

/* k small requests and one large per mode, interleaved; TAP per mode. */
static void
phase(const char *name, const struct sockaddr_in *sa, int k, int expect,
    struct summary sum[2], const char *what)
{
	int from = nres, i, m, total = 2 * (k + 1);

	current = name;
	for (i = 0; i < total && nres < MAXCONN; i++) {
		struct result *r = &res[nres++];

		memset(r, 0, sizeof(*r));
		r->id = next_id++;
		r->nonblock = i % 2;
		r->len = i / 2 == k ? LARGE : SMALL;
		r->expect = expect;
		r->port = ntohs(sa->sin_port);
		one(sa, r);
		/* Every failure, expected or not, says where and why. */
		if (!r->ok || r->err != 0)
			printf("# %s %s: id %lu (%lu bytes, %s) %s after "
			    "%.2f ms: %s\n", fault, name, (unsigned long)r->id,
			    (unsigned long)r->len,
			    r->nonblock ? "non-blocking" : "blocking",
			    r->ok ? "failed as expected" : "FAILED", r->ms,
			    r->why[0] ? r->why : "completed, expected a failure");
	}
	for (m = 0; m < 2; m++) {
		summarize(from, nres, m, &sum[m]);
		printf("%s - %s %s %s: %d/%d %s\n",
		    sum[m].ok == sum[m].n && sum[m].n > 0 ? "ok" : "not ok",
		    fault, name, m ? "non-blocking" : "blocking", sum[m].ok,
		    sum[m].n, what);
		printf("# %s %s %s: median %.2f ms, SYN data acked %d/%d, "
		    "client_fail 0/1/2/3: %d/%d/%d/%d, retransmitted %d\n",
		    fault, name, m ? "non-blocking" : "blocking",
		    sum[m].median, sum[m].syn, sum[m].n, sum[m].fail_hist[0],
		    sum[m].fail_hist[1], sum[m].fail_hist[2],
		    sum[m].fail_hist[3], sum[m].retrans);
	}
	fflush(stdout);
}

/* One diagnostic per problem, the first ten. */
static void
problem(int *bad, const char *why)
{
	if (++*bad <= 10)
		printf("# %s server log: %s%s", fault, why,
		    why[0] && why[strlen(why) - 1] == '\n' ? "" : "\n");
}

/*
 * The server log holds one line per connection it accepted: every
 * completed request exactly once, with its exact bytes, nothing more, and
 * nothing at all from a request that failed.
 */
static void
check_log(const char *log)
{
	static int seen[MAXCONN + 1];
	char line[256], why[200] = "";
	unsigned long id, len;
	long extra;
	int port, match, syn, err, i, lines = 0, bad = 0, expect = 0, tries;
	FILE *f;

	current = "server log";
	for (i = 0; i < nres; i++)
		expect += res[i].err == 0;
	/* The server logs at EOF, just after the client closed: wait a bit. */
	for (tries = 0; tries < 30; tries++) {
		lines = 0;
		if ((f = fopen(log, "r")) != NULL) {
			while (fgets(line, sizeof(line), f) != NULL)
				lines++;
			fclose(f);
		}
		if (lines >= expect)
			break;
		usleep(100000);
	}
	usleep(200000);		/* and for lines that should not come */
	memset(seen, 0, sizeof(seen));
	lines = 0;
	if ((f = fopen(log, "r")) == NULL) {
		printf("not ok - %s: server log %s: %s\n", fault, log,
		    strerror(errno));
		return;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		lines++;
		if (sscanf(line, "id=%lu port=%d len=%lu match=%d syn=%d "
		    "extra=%ld err=%d", &id, &port, &len, &match, &syn, &extra,
		    &err) != 7 || id == 0 || id >= next_id) {
			snprintf(why, sizeof(why), "bad line: %.180s", line);
			problem(&bad, why);
			continue;
		}
		seen[id]++;
		if (match != 1 || extra != 0 || err != 0 ||
		    len != res[id - 1].len) {
			snprintf(why, sizeof(why), "%.190s", line);
			problem(&bad, why);
		}
	}
	fclose(f);
	for (i = 0; i < nres; i++) {
		int want = res[i].err == 0;

		if (seen[res[i].id] != want) {
			snprintf(why, sizeof(why), "id %lu seen %d times, "
			    "the client %s\n", (unsigned long)res[i].id,
			    seen[res[i].id], want ? "completed" : "failed");
			problem(&bad, why);
		}
	}
	printf("%s - %s: the server saw %d connections for %d requests "
	    "completed: each exactly once, exact bytes, none extra\n",
	    bad == 0 ? "ok" : "not ok", fault, lines, expect);
}

/* Forget cached cookies and SYN-loss marks (ip tcp_metrics). */
static int
flush_metrics(void)
{
	return system("ip tcp_metrics flush all >/dev/null 2>&1");
}

/* What the kernel's per-destination cache holds (cookie, SYN drops). */
static void
show_metrics(const struct sockaddr_in *sa)
{
	char addr[INET_ADDRSTRLEN], cmd[128], line[512];
	FILE *p;

	if (inet_ntop(AF_INET, &sa->sin_addr, addr, sizeof(addr)) == NULL)
		return;
	snprintf(cmd, sizeof(cmd), "ip tcp_metrics show %s 2>&1", addr);
	if ((p = popen(cmd, "r")) == NULL)
		return;
	while (fgets(line, sizeof(line), p) != NULL)
		printf("# %s %s: tcp_metrics: %s", fault,
		    (const char *)current, line);
	pclose(p);
}

static int
same_netns_as_init(void)
{
	struct stat a, b;

	return stat("/proc/self/ns/net", &a) == 0 &&
	    stat("/proc/1/ns/net", &b) == 0 && a.st_ino == b.st_ino &&
	    a.st_dev == b.st_dev;
}

static void
added(const char *phase_name, const struct summary *f,
    const struct summary *b, int m)
{
	printf("# RESULT fault=%s phase=%s mode=%s ok=%d/%d median_ms=%.2f "
	    "baseline_ms=%.2f added_ms=%.2f syn_data=%d/%d\n", fault,
	    phase_name, m ? "non-blocking" : "blocking", f->ok, f->n,
	    f->median, b->median, f->median - b->median, f->syn, f->n);
}

static int
client(int argc, char *argv[])
{
	struct sockaddr_in clean, faulty;
	struct summary base[2], flt[2], after[2], cold[2];
	struct counters c0, c1, c2, c3, c4;
	const char *log = NULL, *b = getenv("LINKEMU_B");
	char d1[512], d2[512], d3[512];
	int c, k = 3, port = 8001, fport = 8002, m, i, expect, timeouts = 0;
	int want_blackhole = 0;
	long blackhole = -1, syn_retries = -1, bh_after, bh_fault;
	const char *what;
	struct sigaction sa;

	while ((c = getopt(argc, argv, "b:BF:l:n:p:q:s:")) != -1) {
		switch (c) {
		case 'b': blackhole = atol(optarg); break;
		case 'B': want_blackhole = 1; break;
		case 'F': fault = optarg; break;
		case 'l': log = optarg; break;
		case 'n': k = atoi(optarg); break;
		case 'p': port = atoi(optarg); break;
		case 'q': fport = atoi(optarg); break;
		case 's': syn_retries = atol(optarg); break;
		default: return 2;
		}
	}
	if (fault == NULL || log == NULL || k < 1 || k > 10)
		return 2;
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (strcmp(fault, "rst-after-syn") == 0) {
		expect = EXPECT_REFUSED;
		what = "fail with ECONNREFUSED or ECONNRESET, nothing delivered";
	} else if (strcmp(fault, "blackhole-syn-data") == 0) {
		expect = EXPECT_TIMEOUT_OR_DONE;
		what = "complete with exact bytes or time out with nothing "
		    "delivered";
	} else {
		expect = EXPECT_DONE;
		what = "complete, exact bytes";
	}
	if (same_netns_as_init()) {
		printf("Bail out! the client must run in linkemu's namespace\n");
		return 1;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	sigaction(SIGALRM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	memset(&clean, 0, sizeof(clean));
	clean.sin_family = AF_INET;
	clean.sin_port = htons((uint16_t)port);
	if (inet_pton(AF_INET, b != NULL ? b : "198.18.0.2",
	    &clean.sin_addr) != 1)
		return 2;
	faulty = clean;
	faulty.sin_port = htons((uint16_t)fport);

	/* linkemu's namespace, never the host's. */
	if (blackhole >= 0 && write_sysctl(
	    "/proc/sys/net/ipv4/tcp_fastopen_blackhole_timeout_sec",
	    blackhole) == -1) {
		printf("ok - %s # SKIP no tcp_fastopen_blackhole_timeout_sec "
		    "to set in this kernel\n", fault);
		return 0;
	}
	if (syn_retries >= 0 && write_sysctl(
	    "/proc/sys/net/ipv4/tcp_syn_retries", syn_retries) == -1) {
		printf("Bail out! cannot set tcp_syn_retries\n");
		return 1;
	}
	printf("# %s: client namespace tcp_fastopen=%#lx "
	    "tcp_fastopen_blackhole_timeout_sec=%ld tcp_syn_retries=%ld; "
	    "per mode, %d timed requests of %d bytes (%d on the clean port) "
	    "and 1 of %d in each phase\n", fault,
	    read_sysctl("/proc/sys/net/ipv4/tcp_fastopen"),
	    read_sysctl("/proc/sys/net/ipv4/tcp_fastopen_blackhole_timeout_sec"),
	    read_sysctl("/proc/sys/net/ipv4/tcp_syn_retries"),
	    k, SMALL, 3 * k, LARGE);

	/* A log left by an earlier run would count against this one. */
	if (truncate(log, 0) == -1) {
		printf("Bail out! server log %s: %s\n", log, strerror(errno));
		return 1;
	}
	flush_metrics();
	read_counters(&c0);
	/* The warm-up: a cookie for the server's address (both ports). */
	phase("warm-up", &clean, 0, 0, base, "complete, exact bytes");
	/* Cheap phases get more samples: the machine may be shared. */
	phase("baseline", &clean, 3 * k, 0, base, "complete, exact bytes");
	for (m = 0; m < 2; m++)
		printf("%s - %s baseline %s: every request rode in the SYN "
		    "(%d/%d), so the fault phase attempts SYN data\n",
		    base[m].syn == base[m].n ? "ok" : "not ok", fault,
		    m ? "non-blocking" : "blocking", base[m].syn, base[m].n);
	read_counters(&c1);
	i = nres;
	phase("fault", &faulty, k, expect, flt, what);
	read_counters(&c2);
	for (; i < nres; i++)
		timeouts += res[i].err == ETIMEDOUT;
	show_metrics(&clean);
	phase("after", &clean, 3 * k, 0, after, "complete, exact bytes");
	read_counters(&c3);
	/* The fault meets a client with no cookie cached. */
	if (flush_metrics() == 0) {
		phase("flushed", &faulty, 1, expect, cold, what);
		show_metrics(&clean);
	} else {
		memset(cold, 0, sizeof(cold));
		printf("# %s flushed phase skipped: ip tcp_metrics flush "
		    "failed\n", fault);
	}
	read_counters(&c4);
	check_log(log);

	counter_delta(&c1, &c2, d1, sizeof(d1));
	counter_delta(&c2, &c3, d2, sizeof(d2));
	counter_delta(&c0, &c4, d3, sizeof(d3));
	printf("# %s TcpExt TCPFastOpen* during the fault: %s\n", fault, d1);
	printf("# %s TcpExt TCPFastOpen* during the after phase: %s\n",
	    fault, d2);
	printf("# %s TcpExt TCPFastOpen* over the whole run: %s\n", fault,
	    d3);
	for (m = 0; m < 2; m++) {
		added("fault", &flt[m], &base[m], m);
		added("after", &after[m], &base[m], m);
		if (cold[m].n > 0)
			added("flushed", &cold[m], &base[m], m);
	}
	bh_after = counter(&c3, "Blackhole") - counter(&c1, "Blackhole");
	bh_fault = counter(&c2, "Blackhole") - counter(&c1, "Blackhole");
	/* The control: a fault Linux's detection was written for. */
	if (want_blackhole) {
		printf("%s - %s: a connection through the fault timed out "
		    "(%d did)\n", timeouts > 0 ? "ok" : "not ok", fault,
		    timeouts);
		printf("%s - %s: TcpExt TCPFastOpenBlackhole moved during the "
		    "fault (%+ld)\n", bh_fault > 0 ? "ok" : "not ok", fault,
		    bh_fault);
		printf("%s - %s: no later connection on the clean port carried "
		    "SYN data (%d did): TFO is paused in the namespace\n",
		    after[0].syn + after[1].syn == 0 ? "ok" : "not ok", fault,
		    after[0].syn + after[1].syn);
	}
	printf("# RESULT fault=%s blackhole_counter=%+lld "
	    "after_syn_data=%d/%d baseline_syn_data=%d/%d "
	    "blackhole_timeout_sec=%ld\n", fault, (long long)bh_after,
	    after[0].syn + after[1].syn, after[0].n + after[1].n,
	    base[0].syn + base[1].syn, base[0].n + base[1].n,
	    read_sysctl("/proc/sys/net/ipv4/tcp_fastopen_blackhole_timeout_sec"));
	printf("# %s verdict: netns-wide blackhole detection %s; later "
	    "connections on the clean port %s\n", fault,
	    bh_after > 0 ? "KICKED IN (TCPFastOpenBlackhole moved)" :
	    "did not kick in (TCPFastOpenBlackhole unchanged)",
	    after[0].syn + after[1].syn == after[0].n + after[1].n ?
	    "still carry SYN data" : after[0].syn + after[1].syn == 0 ?
	    "no longer carry SYN data" : "carry SYN data only in part");
	fflush(stdout);
	return 0;
}

int
main(int argc, char *argv[])
{
	if (argc >= 2 && strcmp(argv[1], "server") == 0)
		return server(argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "client") == 0)
		return client(argc - 1, argv + 1);
	fprintf(stderr, "usage: middlebox server -l log [-a addr] [-p port] "
	    "[-q port] [-t s]\n"
	    "       middlebox client -F fault -l log [-b s] [-B] [-n k] "
	    "[-p port] [-q port] [-s n]\n");
	return 2;
}

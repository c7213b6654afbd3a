/* SPDX-License-Identifier: ISC */
/* The timing loop, statistics and table of the request/response clients. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <poll.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include "rr.h"

#ifndef TCPI_OPT_SYN_DATA
#define TCPI_OPT_SYN_DATA 32
#endif
#define RR_TIMEOUT_S 10		/* per connection, via alarm(2) */
#define RR_MAX_K 1000000

int
rr_write_all(int fd, const char *buf, size_t len)
{
	struct pollfd pfd;
	ssize_t n;

	while (len > 0) {
		n = send(fd, buf, len, MSG_NOSIGNAL);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			pfd.fd = fd;	/* non-blocking: the alarm bounds it */
			pfd.events = POLLOUT;
			if (poll(&pfd, 1, -1) >= 0 || errno == EINTR)
				continue;
		}
		if (n <= 0)
			return -1;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

int
rr_plain(const struct sockaddr_in *sa, const char *req, size_t len)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	if (fd == -1)
		return -1;
	if (connect(fd, (const struct sockaddr *)sa, sizeof(*sa)) == -1 ||
	    rr_write_all(fd, req, len) == -1) {
		close(fd);
		return -1;
	}
	return fd;
}

/* The hand-written TFO call a user of no library would make. */
int
rr_raw(const struct sockaddr_in *sa, const char *req, size_t len)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	ssize_t n;

	if (fd == -1)
		return -1;
	n = sendto(fd, req, len, MSG_FASTOPEN | MSG_NOSIGNAL,
	    (const struct sockaddr *)sa, sizeof(*sa));
	if (n < 0 || rr_write_all(fd, req + n, len - (size_t)n) == -1) {
		close(fd);
		return -1;
	}
	return fd;
}

static void
on_alarm(int sig)
{
	static const char msg[] = "rr: a connection took over 10 s\n";

	ssize_t r;

	(void)sig;
	r = write(2, msg, sizeof(msg) - 1);
	(void)r;
	_exit(3);
}

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Read exactly len bytes; 0 or -1. */
int
rr_read_all(int fd, char *buf, size_t len)
{
	ssize_t n;

	while (len > 0) {
		n = read(fd, buf, len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

static int
syn_data(int fd)
{
	struct tcp_info ti;
	socklen_t l = sizeof(ti);

	if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &ti, &l) == -1)
		return 0;
	return (ti.tcpi_options & TCPI_OPT_SYN_DATA) != 0;
}

/* One connection; its time in ms, or -1.  *syn: data rode in the SYN. */
static double
one(const struct rr_opts *o, const struct rr_mode *m, const char *req,
    char *rep, int *syn)
{
	double t0, t1;
	int fd;

	alarm(RR_TIMEOUT_S);
	t0 = now_ms();
	fd = m->fn(&o->sa, req, o->req);
	if (fd == -1 ||
	    (!m->reads_reply && rr_read_all(fd, rep, o->rep) == -1)) {
		fprintf(stderr, "rr: %s: %s\n", m->name, strerror(errno));
		if (fd != -1)
			close(fd);
		alarm(0);
		return -1;
	}
	t1 = now_ms();
	*syn = syn_data(fd);
	close(fd);
	if (o->cps)	/* throughput counts the whole life of a connection */
		t1 = now_ms();
	alarm(0);
	return t1 - t0;
}

static int
cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

void
rr_parse(struct rr_opts *o, int argc, char *argv[])
{
	const char *addr = "198.18.0.2";
	int c, port = 8001;

	memset(o, 0, sizeof(*o));
	o->req = o->rep = 100;
	o->k = 100;
	o->warm = 3;
	o->label = "-";
	while ((c = getopt(argc, argv, "a:cK:l:p:q:r:w:")) != -1) {
		switch (c) {
		case 'a': addr = optarg; break;
		case 'c': o->cps = 1; break;
		case 'K': o->k = atoi(optarg); break;
		case 'l': o->label = optarg; break;
		case 'p': port = atoi(optarg); break;
		case 'q': o->req = (size_t)atol(optarg); break;
		case 'r': o->rep = (size_t)atol(optarg); break;
		case 'w': o->warm = atoi(optarg); break;
		default: goto usage;
		}
	}
	o->sa.sin_family = AF_INET;
	o->sa.sin_port = htons((uint16_t)port);
	if (inet_pton(AF_INET, addr, &o->sa.sin_addr) == 1 && o->k > 0 &&
	    o->k <= RR_MAX_K && o->warm >= 0 && o->warm < 100 &&
	    o->req > 0 && o->req <= 65536 && o->rep > 0 && o->rep <= 65536)
		return;
usage:
	fprintf(stderr, "usage: %s [-c] [-a addr] [-p port] [-K conns] "
	    "[-w warm] [-q reqbytes] [-r repbytes] [-l label]\n", argv[0]);
	exit(2);
}

/*
 * Connections per second from the mean time per connection, without the
 * slowest RR_TRIM_PERMILLE: loopback now and then stalls a connection for a
 * 200 ms retransmission, in every mode alike, and one such stall costs as
 * much as a thousand connections.  The count trimmed is the same for every
 * mode, so the ratios compare like with like.  t in any order.
 */
#define RR_TRIM_PERMILLE 10
static double
cps_rate(const double *t, int k)
{
	double *c, sum = 0;
	int i, keep = k - k * RR_TRIM_PERMILLE / 1000;

	if ((c = malloc((size_t)k * sizeof(*c))) == NULL)
		return 0;
	memcpy(c, t, (size_t)k * sizeof(*c));
	qsort(c, (size_t)k, sizeof(*c), cmp);
	for (i = 0; i < keep; i++)
		sum += c[i];
	free(c);
	return sum > 0 ? keep / sum * 1e3 : 0;
}

/* A ratio column: "-" when the run had no such reference mode. */
static void
ratio(double num, double den)
{
	if (den > 0)
		printf(" %9.3f", num / den);
	else
		printf(" %9s", "-");
}

static void
row(const struct rr_opts *o, const char *name, double *t, int syn,
    double plain, double raw)
{
	double med, rate = cps_rate(t, o->k);

	qsort(t, (size_t)o->k, sizeof(*t), cmp);
	med = o->k % 2 ? t[o->k / 2] : (t[o->k / 2 - 1] + t[o->k / 2]) / 2;
	if (o->cps) {	/* connections per second: higher is better */
		printf("%-8s %-24s %9.0f %7.1f%%", o->label, name, rate,
		    100.0 * syn / o->k);
		ratio(rate, plain);
		ratio(rate, raw);
		printf(" %9.2f", t[o->k - 1]);
	} else {
		printf("%-8s %-24s %9.2f %9.2f %9.2f %7.1f%%", o->label, name,
		    med, t[0], t[o->k - 1], 100.0 * syn / o->k);
		ratio(med, plain);
		ratio(med, raw);
	}
	printf("\n");
}

/* name is ref, or ends in "-" ref. */
static int
is_ref(const char *name, const char *ref)
{
	size_t n = strlen(name), r = strlen(ref);

	return strcmp(name, ref) == 0 || (n > r && name[n - r - 1] == '-' &&
	    strcmp(name + n - r, ref) == 0);
}

int
rr_run(const struct rr_opts *o, const struct rr_mode *modes, int nmodes)
{
	double **t, ref[2] = { 0, 0 };
	char *req, *rep;
	int i, j, *syn, s, bad = 0;

	signal(SIGALRM, on_alarm);
	signal(SIGPIPE, SIG_IGN);
	t = calloc((size_t)nmodes, sizeof(*t));
	syn = calloc((size_t)nmodes, sizeof(*syn));
	req = malloc(o->req);
	rep = malloc(o->rep);
	if (t == NULL || syn == NULL || req == NULL || rep == NULL)
		return 1;
	memset(req, 'q', o->req);
	for (j = 0; j < nmodes; j++)
		if ((t[j] = calloc((size_t)o->k, sizeof(double))) == NULL)
			return 1;
	for (i = -o->warm; i < o->k; i++)
		for (j = 0; j < nmodes; j++) {
			double d = one(o, &modes[j], req, rep, &s);

			if (d < 0)
				return 1;
			if (i >= 0) {
				t[j][i] = d;
				syn[j] += s;
			}
		}
	/* References: the modes named (...-)plain and raw-sendto. */
	for (j = 0; j < nmodes; j++) {
		s = is_ref(modes[j].name, "plain") ? 0 :
		    is_ref(modes[j].name, "raw-sendto") ? 1 : -1;
		if (s < 0)
			continue;
		if (o->cps)
			ref[s] = cps_rate(t[j], o->k);
		else {
			double *c = malloc((size_t)o->k * sizeof(double));

			if (c == NULL)
				return 1;
			memcpy(c, t[j], (size_t)o->k * sizeof(double));
			qsort(c, (size_t)o->k, sizeof(*c), cmp);
			ref[s] = o->k % 2 ? c[o->k / 2] :
			    (c[o->k / 2 - 1] + c[o->k / 2]) / 2;
			free(c);
		}
	}
	if (o->cps)
		printf("%-8s %-24s %9s %8s %9s %9s %9s\n", "# label", "mode",
		    "conn/s", "syndata", "vs_plain", "vs_raw", "max_ms");
	else
		printf("%-8s %-24s %9s %9s %9s %8s %9s %9s\n", "# label",
		    "mode", "median_ms", "min_ms", "max_ms", "syndata",
		    "vs_plain", "vs_raw");
	for (j = 0; j < nmodes; j++)
		row(o, modes[j].name, t[j], syn[j], ref[0], ref[1]);
	fflush(stdout);
	return bad;
}

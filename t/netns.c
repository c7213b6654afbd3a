/* SPDX-License-Identifier: ISC */
/*
 * Running tests once per TFO sysctl mode, each in its own network namespace
 * (tools/netns.c): the host's sysctls are never touched, and each mode's
 * cookie cache starts empty.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <time.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <net/if.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>

#include "tap.h"
#include "testlib.h"
#include "netns.h"

/* struct in6_ifreq is in <linux/ipv6.h>, which clashes with libc headers. */
struct test_in6_ifreq {
	struct in6_addr addr;
	uint32_t prefixlen;
	int ifindex;
};

int
test_enter_netns(int mode, char *why, size_t whylen)
{
	if (netns_enter(mode, why, whylen) != 0)
		return -1;
	/* Addresses the tests add to lo must be usable at once: no DAD. */
	(void)netns_write_file("/proc/sys/net/ipv6/conf/all/accept_dad", "0");
	(void)netns_write_file("/proc/sys/net/ipv6/conf/lo/accept_dad", "0");
	return 0;
}

/* Seconds on the monotonic clock, for tests that measure a wait. */
double
test_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int
test_set_mode(int mode)
{
	char value[32];

	snprintf(value, sizeof(value), "%d", mode);
	return netns_write_file("/proc/sys/net/ipv4/tcp_fastopen", value);
}

/*
 * A new IPv6 address stays tentative for a moment even without DAD; wait
 * (at most 3 s) until a socket can bind to it.
 */
static int
wait_usable(const struct in6_addr *addr, int ifindex)
{
	struct sockaddr_in6 sin6;
	struct timespec pause = { 0, 10000000 };	/* 10 ms */
	int i, s, r = -1;

	memset(&sin6, 0, sizeof(sin6));
	sin6.sin6_family = AF_INET6;
	sin6.sin6_addr = *addr;
	sin6.sin6_scope_id = (uint32_t)ifindex;
	for (i = 0; i < 300 && r == -1; i++) {
		s = socket(AF_INET6, SOCK_DGRAM, 0);
		if (s == -1)
			return -1;
		r = bind(s, (struct sockaddr *)&sin6, sizeof(sin6));
		close(s);
		if (r == -1 && errno != EADDRNOTAVAIL)
			return -1;
		if (r == -1)
			nanosleep(&pause, NULL);
	}
	return r;
}

int
test_lo_add_ipv6(const char *text, int prefixlen)
{
	/*
	 * Padded to a struct ifreq: the request number is SIOCSIFADDR's, so
	 * valgrind checks that many bytes, and they must be initialized.
	 */
	union {
		struct test_in6_ifreq in6;
		struct ifreq padding;
	} u;
	struct test_in6_ifreq *req = &u.in6;
	int s, r;

	memset(&u, 0, sizeof(u));
	if (inet_pton(AF_INET6, text, &req->addr) != 1) {
		errno = EINVAL;
		return -1;
	}
	req->prefixlen = (uint32_t)prefixlen;
	req->ifindex = (int)if_nametoindex("lo");
	s = socket(AF_INET6, SOCK_DGRAM, 0);
	if (s == -1)
		return -1;
	r = ioctl(s, SIOCSIFADDR, &u);
	if (r == -1 && errno == EEXIST)
		r = 0;
	close(s);
	return r == -1 ? -1 : wait_usable(&req->addr, req->ifindex);
}

static int
host_mode(void)
{
	char text[32];
	ssize_t n;
	int fd = open("/proc/sys/net/ipv4/tcp_fastopen", O_RDONLY);

	if (fd == -1)
		return -1;
	n = read(fd, text, sizeof(text) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	text[n] = '\0';
	return (int)strtol(text, NULL, 0);
}

/*
 * The namespace's TcpExt counters about listen queues and TFO that are not
 * zero: what the kernel did when it was the reason for a delay.
 */
void
test_kernel_counters(void)
{
	char names[4096], values[4096], *n, *v, *sn, *sv;
	FILE *f = fopen("/proc/net/netstat", "r");

	if (f == NULL)
		return;
	while (fgets(names, sizeof(names), f) != NULL &&
	    fgets(values, sizeof(values), f) != NULL) {
		if (strncmp(names, "TcpExt:", 7) != 0)
			continue;
		n = strtok_r(names + 7, " \n", &sn);
		v = strtok_r(values + 7, " \n", &sv);
		for (; n != NULL && v != NULL; n = strtok_r(NULL, " \n", &sn),
		    v = strtok_r(NULL, " \n", &sv))
			if (strcmp(v, "0") != 0 && (strstr(n, "FastOpen") ||
			    strstr(n, "Listen") || strstr(n, "SynRetrans")))
				diag("kernel: TcpExt %s = %s", n, v);
	}
	fclose(f);
}

/* Set in a test_in_modes() child that entered its own namespace. */
static int in_private_netns;

int
test_netns_is_private(void)
{
	return in_private_netns;
}

/* The child's TAP count travels back to the parent through a pipe. */
static void
run_child(int mode, void (*fn)(int, void *), void *arg, int in_ns,
    int report, unsigned int timeout_s)
{
	char why[160];
	int counts[2];

	alarm(timeout_s);	/* SIGALRM's default action ends a hung child */
	if (in_ns && test_enter_netns(mode, why, sizeof(why)) == -1)
		bail("mode 0x%x: %s", mode, why);
	in_private_netns = in_ns;
	diag("net.ipv4.tcp_fastopen = 0x%x (%s)", mode,
	    in_ns ? "private namespace" : "host, no namespace possible");
	fn(mode, arg);
	counts[0] = tap_count();
	counts[1] = tap_failures();
	if (write(report, counts, sizeof(counts)) != (ssize_t)sizeof(counts))
		_exit(1);
	_exit(0);
}

void
test_in_modes(const int *modes, int nmodes, void (*fn)(int, void *),
    void *arg, unsigned int timeout_s)
{
	char why[160];
	int i, in_ns, fds[2], counts[2], status;
	pid_t pid;

	/* Can namespaces be made here at all?  Ask a throwaway child. */
	fflush(stdout);
	pid = fork();
	if (pid == 0)
		_exit(test_enter_netns(1, why, sizeof(why)) == 0 ? 0 : 1);
	in_ns = pid > 0 && waitpid(pid, &status, 0) == pid &&
	    WIFEXITED(status) && WEXITSTATUS(status) == 0;

	for (i = 0; i < nmodes; i++) {
		if (!in_ns && host_mode() != modes[i]) {
			skip("tcp_fastopen=0x%x needs a network namespace, "
			    "and none can be made here", modes[i]);
			continue;
		}
		if (pipe(fds) == -1)
			bail("pipe: %s", strerror(errno));
		fflush(stdout);
		pid = fork();
		if (pid == -1)
			bail("fork: %s", strerror(errno));
		if (pid == 0) {
			close(fds[0]);
			run_child(modes[i], fn, arg, in_ns, fds[1], timeout_s);
		}
		close(fds[1]);
		if (read(fds[0], counts, sizeof(counts)) ==
		    (ssize_t)sizeof(counts))
			tap_set_count(counts[0], counts[1]);
		close(fds[0]);
		if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
		    WEXITSTATUS(status) != 0) {
			ok(0, "mode 0x%x: child ended abnormally (status 0x%x%s)",
			    modes[i], status,
			    WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM ?
			    ", timed out" : "");
		}
	}
}

/* SPDX-License-Identifier: ISC */
/*
 * An ordinary C client, never written for TFO, for t/tforun.sh: each mode
 * does one thing tforun must leave as it would be without it, then one
 * request, and says what it saw.  Exit 0 when all went as it would
 * without tforun.
 *   peer PORT      getpeername() with a sockaddr_storage-sized buffer
 *   again PORT     a second connect() on the connected socket: EISCONN
 *   unspec PORT    connect(AF_UNSPEC), then connect again: a normal socket
 *   writev PORT    a first writev() with too many parts: EINVAL, then OK
 *   write0 PORT    a first write() of 0 bytes (non-blocking): 0
 *   dupread PORT   the server speaks first; read through a dup()
 *   ppoll PORT     the server speaks first; wait for it with ppoll()
 *   zerocopy PORT  a first send() of 240 kB with MSG_ZEROCOPY (blocking):
 *                  the one call gets one completion
 * The HTTP modes expect "tforun test page" in the reply; the others a
 * "220 " greeting, and their "quit" echoed upper case.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
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
#include <sys/socket.h>
#include <sys/uio.h>

#ifndef IOV_MAX
#define IOV_MAX 1024
#endif
/* Linux's fixed ABI (include/uapi), for C libraries that lack them. */
#ifndef SO_ZEROCOPY
#define SO_ZEROCOPY 60
#endif
#ifndef MSG_ZEROCOPY
#define MSG_ZEROCOPY 0x4000000
#endif
#ifndef IP_RECVERR
#define IP_RECVERR 11
#endif
#define ORIGIN_ZEROCOPY 5	/* SO_EE_ORIGIN_ZEROCOPY */
struct extended_err {		/* struct sock_extended_err */
	uint32_t	ee_errno;
	uint8_t		ee_origin, ee_type, ee_code, ee_pad;
	uint32_t	ee_info, ee_data;
};

static struct sockaddr_in server;

static int
fail(const char *what)
{
	printf("%s: %s\n", what, strerror(errno));
	return 1;
}

static int
connected(void)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	if (fd == -1 || connect(fd, (struct sockaddr *)&server,
	    sizeof(server)) == -1) {
		perror("connect");
		exit(1);
	}
	return fd;
}

/* All of the reply, until the server closes; 1 if it holds want. */
static int
reply_has(int fd, const char *want)
{
	static char buf[65536];
	size_t got = 0;
	ssize_t n;

	while (got < sizeof(buf) - 1 &&
	    (n = read(fd, buf + got, sizeof(buf) - 1 - got)) > 0)
		got += (size_t)n;
	buf[got] = '\0';
	return strstr(buf, want) != NULL;
}

static int
request(int fd, const char *mode)
{
	char req[128];
	int n = snprintf(req, sizeof(req),
	    "GET /index.html?c-%s HTTP/1.0\r\n\r\n", mode);

	if (write(fd, req, (size_t)n) != n)
		return fail("write");
	if (!reply_has(fd, "tforun test page"))
		return fail("reply");
	printf("%s: reply exact\n", mode);
	return 0;
}

/* The greeting, then "quit" and its echo. */
static int
greeted(int fd, int rfd, const char *mode)
{
	char buf[64];
	ssize_t n = read(rfd, buf, sizeof(buf) - 1);

	if (n < 4 || memcmp(buf, "220 ", 4) != 0)
		return fail("greeting");
	if (write(fd, "quit\r\n", 6) != 6)
		return fail("write");
	if (!reply_has(rfd, "QUIT"))
		return fail("echo");
	printf("%s: greeting, echo\n", mode);
	return 0;
}

/*
 * One send(MSG_ZEROCOPY) of a valid request with four 60 000-byte
 * headers (more than a SYN holds), then its completions, numbered per
 * call: ids lo..hi must be 0..0.
 */
static int
zerocopy(int fd)
{
	static char req[4 * 60100 + 100];
	struct extended_err ee;
	struct msghdr msg;
	struct cmsghdr *c;
	struct pollfd pfd;
	char control[256];
	size_t len;
	long lo = -1, hi = -1;
	int one = 1, i, tries;

	len = (size_t)snprintf(req, sizeof(req),
	    "GET /index.html?c-zerocopy HTTP/1.0\r\n");
	for (i = 0; i < 4; i++) {
		len += (size_t)snprintf(req + len, sizeof(req) - len, "X-Pad%d: ", i);
		memset(req + len, 'a', 60000);
		len += 60000;
		len += (size_t)snprintf(req + len, sizeof(req) - len, "\r\n");
	}
	len += (size_t)snprintf(req + len, sizeof(req) - len, "\r\n");
	if (setsockopt(fd, SOL_SOCKET, SO_ZEROCOPY, &one, sizeof(one)) == -1)
		return fail("SO_ZEROCOPY");
	if (send(fd, req, len, MSG_ZEROCOPY) != (ssize_t)len)
		return fail("send(MSG_ZEROCOPY)");
	if (!reply_has(fd, "tforun test page"))
		return fail("reply");
	for (tries = 0; tries < 50 && hi < 0; tries++) {
		pfd.fd = fd;
		pfd.events = 0;
		(void)poll(&pfd, 1, 100);	/* POLLERR: a completion */
		memset(&msg, 0, sizeof(msg));
		msg.msg_control = control;
		msg.msg_controllen = sizeof(control);
		while (recvmsg(fd, &msg, MSG_ERRQUEUE | MSG_DONTWAIT) != -1) {
			for (c = CMSG_FIRSTHDR(&msg); c != NULL;
			    c = CMSG_NXTHDR(&msg, c)) {
				if (c->cmsg_level != IPPROTO_IP ||
				    c->cmsg_type != IP_RECVERR)
					continue;
				memcpy(&ee, CMSG_DATA(c), sizeof(ee));
				if (ee.ee_origin != ORIGIN_ZEROCOPY)
					continue;
				if (lo < 0 || (long)ee.ee_info < lo)
					lo = (long)ee.ee_info;
				if ((long)ee.ee_data > hi)
					hi = (long)ee.ee_data;
			}
			msg.msg_controllen = sizeof(control);
		}
	}
	printf("zerocopy: completions %ld..%ld, reply exact\n", lo, hi);
	return lo == 0 && hi == 0 ? 0 : 1;
}

int
main(int argc, char **argv)
{
	struct sockaddr_storage peer;
	struct sockaddr unspec;
	struct iovec iov[IOV_MAX + 1];
	struct pollfd pfd;
	struct timespec five = { 5, 0 };
	socklen_t len = sizeof(peer);
	const char *mode;
	int fd, fl, i;

	if (argc != 3) {
		fprintf(stderr, "usage: tforun-client mode port\n");
		return 2;
	}
	alarm(20);	/* a hang fails the test, it does not stop it */
	mode = argv[1];
	memset(&server, 0, sizeof(server));
	server.sin_family = AF_INET;
	server.sin_port = htons((unsigned short)atoi(argv[2]));
	server.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	fd = connected();
	if (strcmp(mode, "peer") == 0) {
		if (getpeername(fd, (struct sockaddr *)&peer, &len) == -1)
			return fail("getpeername");
		if (len != sizeof(struct sockaddr_in) ||
		    ((struct sockaddr_in *)&peer)->sin_port != server.sin_port)
			return fail("getpeername: another address");
	} else if (strcmp(mode, "again") == 0) {
		if (connect(fd, (struct sockaddr *)&server,
		    sizeof(server)) != -1 || errno != EISCONN)
			return fail("second connect: want EISCONN");
	} else if (strcmp(mode, "unspec") == 0) {
		memset(&unspec, 0, sizeof(unspec));
		unspec.sa_family = AF_UNSPEC;
		if (connect(fd, &unspec, sizeof(unspec)) == -1)
			return fail("connect(AF_UNSPEC)");
		if (connect(fd, (struct sockaddr *)&server,
		    sizeof(server)) == -1)
			return fail("connect again");
		if (getpeername(fd, (struct sockaddr *)&peer, &len) == -1)
			return fail("getpeername after reconnecting");
	} else if (strcmp(mode, "writev") == 0) {
		for (i = 0; i <= IOV_MAX; i++) {
			iov[i].iov_base = (void *)"x";
			iov[i].iov_len = 1;
		}
		if (writev(fd, iov, IOV_MAX + 1) != -1 || errno != EINVAL)
			return fail("writev, too many parts: want EINVAL");
	} else if (strcmp(mode, "write0") == 0) {
		fl = fcntl(fd, F_GETFL);
		if (fcntl(fd, F_SETFL, fl | O_NONBLOCK) == -1 ||
		    write(fd, "", 0) != 0 || fcntl(fd, F_SETFL, fl) == -1)
			return fail("write of 0 bytes: want 0");
	} else if (strcmp(mode, "dupread") == 0) {
		i = greeted(fd, dup(fd), mode);
		close(fd);
		return i;
	} else if (strcmp(mode, "ppoll") == 0) {
		pfd.fd = fd;
		pfd.events = POLLIN;
		if (ppoll(&pfd, 1, &five, NULL) != 1)
			return fail("ppoll: no greeting in 5 s");
		return greeted(fd, fd, mode);
	} else if (strcmp(mode, "zerocopy") == 0) {
		return zerocopy(fd);
	} else {
		fprintf(stderr, "tforun-client: no mode %s\n", mode);
		return 2;
	}
	return request(fd, mode);
}

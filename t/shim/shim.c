/* SPDX-License-Identifier: ISC */
/*
 * Helpers shared by the kernel shims.  Linux cannot queue data on a socket
 * that is still connecting (a send in SYN_SENT blocks or says EAGAIN), so
 * where the emulated kernel "queues" data, the shim waits for the loopback
 * handshake and sends it then.  Return values are reproduced, not timing.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#include "shim.h"

/* A number from the environment (TFO_SHIM_<name>), or dflt. */
long
shim_knob(const char *name, long dflt)
{
	const char *v = getenv(name);
	char *end;
	long n;

	if (v == NULL || *v == '\0')
		return dflt;
	n = strtol(v, &end, 0);
	return *end == '\0' ? n : dflt;
}

int
shim_knob_is(const char *name, const char *value)
{
	const char *v = getenv(name);

	return v != NULL && strcmp(v, value) == 0;
}

/*
 * This network namespace's net.ipv4.tcp_fastopen, or -1.  The emulated
 * kernels' switches default to it, so that a test which sets the Linux
 * switch sets theirs too.
 */
long
shim_linux_tfo(void)
{
	char text[32];
	ssize_t n;
	int fd;

	fd = open("/proc/sys/net/ipv4/tcp_fastopen", O_RDONLY | O_CLOEXEC);
	if (fd == -1)
		return -1;
	n = read(fd, text, sizeof(text) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	text[n] = '\0';
	return strtol(text, NULL, 0);
}

/* Linux TCP state of fd (TCP_CLOSE, TCP_LISTEN, ...), or -1 with errno. */
int
shim_tcp_state(int fd)
{
	struct tcp_info info;
	socklen_t len = sizeof(info);

	memset(&info, 0, sizeof(info));
	if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &info, &len) == -1)
		return -1;
	return info.tcpi_state;
}

/* Set or clear O_NONBLOCK; returns the old flags, or -1. */
int
shim_nonblocking(int fd, int on)
{
	int fl = fcntl(fd, F_GETFL);

	if (fl == -1)
		return -1;
	if (fcntl(fd, F_SETFL, on ? (fl | O_NONBLOCK) : (fl & ~O_NONBLOCK))
	    == -1)
		return -1;
	return fl;
}

int
shim_restore_flags(int fd, int fl)
{
	return fcntl(fd, F_SETFL, fl);
}

/*
 * Wait for the handshake: 0 when established, 1 when the connection has
 * failed (its error left in SO_ERROR for the caller's next call, as the
 * emulated kernels report it), -1 with ETIMEDOUT after SHIM_HANDSHAKE_MS.
 */
int
shim_wait_handshake(int fd)
{
	struct pollfd pfd;
	int i, r;

	for (i = 0; i < SHIM_HANDSHAKE_MS / 10; i++) {
		pfd.fd = fd;
		pfd.events = POLLOUT;
		pfd.revents = 0;
		r = poll(&pfd, 1, 10);
		if (r == -1 && errno != EINTR)
			return -1;
		if (r > 0)
			return (pfd.revents & (POLLERR | POLLHUP)) ? 1 : 0;
	}
	errno = ETIMEDOUT;
	return -1;
}

/*
 * "Queue" buf[done..len) as a BSD kernel would on a connecting socket:
 * after the handshake, send what the socket buffer takes without waiting
 * for room.  Returns the bytes now queued in all.  A failed connection
 * counts everything as queued: the BSD kernels accept the data and report
 * the error on the next call.
 */
size_t
shim_queue(int fd, const char *buf, size_t len, size_t done)
{
	ssize_t n;
	int r;

	r = shim_wait_handshake(fd);
	if (r == 1)
		return len;
	if (r == -1)
		return done;
	while (done < len) {
		n = send(fd, buf + done, len - done,
		    MSG_NOSIGNAL | MSG_DONTWAIT);
		if (n > 0)
			done += (size_t)n;
		else if (n == -1 && errno == EINTR)
			continue;
		else
			break;	/* buffer full (EAGAIN), or an error */
	}
	return done;
}

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
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <arpa/inet.h>
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

/*
 * State an emulated kernel keeps per socket where Linux has no room for
 * it (FreeBSD's TF_FASTOPEN after the handshake, XNU's SO_NOSIGPIPE),
 * by descriptor and inode: Linux never gives two live sockets one inode,
 * so a reused descriptor starts clean.
 */
struct shim_sock {
	ino_t		ino;
	unsigned int	flags;
};

static pthread_mutex_t socks_lock = PTHREAD_MUTEX_INITIALIZER;
static struct shim_sock *socks;
static size_t nsocks;

unsigned int
shim_sock_flags(int fd)
{
	struct stat st;
	unsigned int flags = 0;

	if (fd < 0 || fstat(fd, &st) == -1)
		return 0;
	pthread_mutex_lock(&socks_lock);
	if ((size_t)fd < nsocks && socks[fd].ino == st.st_ino)
		flags = socks[fd].flags;
	pthread_mutex_unlock(&socks_lock);
	return flags;
}

void
shim_sock_set(int fd, unsigned int set, unsigned int clear)
{
	struct stat st;
	struct shim_sock *p;
	size_t n;

	if (fd < 0 || fstat(fd, &st) == -1)
		return;
	pthread_mutex_lock(&socks_lock);
	if ((size_t)fd >= nsocks) {
		n = (size_t)fd * 2 + 64;
		if ((p = realloc(socks, n * sizeof(*p))) != NULL) {
			memset(p + nsocks, 0, (n - nsocks) * sizeof(*p));
			socks = p;
			nsocks = n;
		}
	}
	if ((size_t)fd < nsocks) {
		if (socks[fd].ino != st.st_ino) {
			socks[fd].ino = st.st_ino;
			socks[fd].flags = 0;
		}
		socks[fd].flags = (socks[fd].flags | set) & ~clear;
	}
	pthread_mutex_unlock(&socks_lock);
}

/*
 * The emulated release, TFO_SHIM_RELEASE ("14.2", "10.13", "15"), as
 * major * 100 + minor; dflt when unset or unreadable.
 */
long
shim_release(long dflt)
{
	const char *v = getenv("TFO_SHIM_RELEASE");
	char *end;
	long major, minor = 0;

	if (v == NULL || *v == '\0')
		return dflt;
	major = strtol(v, &end, 10);
	if (*end == '.')
		minor = strtol(end + 1, &end, 10);
	if (*end != '\0' || major <= 0 || minor < 0 || minor > 99)
		return dflt;
	return major * 100 + minor;
}

/*
 * Linux's tcp_info of fd, for shims that need more than the state:
 * 0, or -1 with errno.
 */
int
shim_tcp_info(int fd, struct tcp_info *info)
{
	socklen_t len = sizeof(*info);

	memset(info, 0, sizeof(*info));
	return getsockopt(fd, IPPROTO_TCP, TCP_INFO, info, &len);
}

/*
 * The MTU of Linux's route to addr (a UDP socket connected there asks
 * the routing table, IP_MTU / IPV6_MTU), or 0 when it cannot tell.
 */
int
shim_route_mtu(const struct sockaddr *addr)
{
	socklen_t alen = addr->sa_family == AF_INET6 ?
	    sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in);
	int fd, mtu = 0;
	socklen_t len = sizeof(mtu);

	fd = socket(addr->sa_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd == -1)
		return 0;
	if (connect(fd, addr, alen) == -1 ||
	    getsockopt(fd, addr->sa_family == AF_INET6 ? IPPROTO_IPV6 :
	    IPPROTO_IP, addr->sa_family == AF_INET6 ? IPV6_MTU : IP_MTU,
	    &mtu, &len) == -1)
		mtu = 0;
	close(fd);
	return mtu;
}

/*
 * Segments fd has sent (tcpi_segs_out, Linux 4.2, at byte 136 of the
 * kernel's struct tcp_info, past the end of glibc's): a closed socket
 * that sent one had a connection, or tried to.  0 where unknown.
 */
static unsigned int
raw_info_u32(int fd, size_t offset)
{
	unsigned char raw[256];
	socklen_t len = sizeof(raw);
	uint32_t n = 0;

	memset(raw, 0, sizeof(raw));
	if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, raw, &len) == -1 ||
	    (size_t)len < offset + sizeof(n))
		return 0;
	memcpy(&n, raw + offset, sizeof(n));
	return n;
}

unsigned int
shim_tcp_segs_out(int fd)
{
	return raw_info_u32(fd, 136);
}

/* tcpi_segs_in, next to it. */
unsigned int
shim_tcp_segs_in(int fd)
{
	return raw_info_u32(fd, 140);
}

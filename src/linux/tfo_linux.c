/* SPDX-License-Identifier: ISC */
/*
 * Linux: sendto(MSG_FASTOPEN), TCP_FASTOPEN_CONNECT, TCP_FASTOPEN with a
 * queue length, TCP_INFO's TCPI_OPT_SYN_DATA, /proc/sys/net/ipv4/tcp_fastopen.
 * The facts behind each mapping: research/semantics.md section 1.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#include "tfo.h"
#include "tfo_impl.h"

/* Fixed kernel ABI values, for C libraries whose headers lack them. */
#ifndef MSG_FASTOPEN
#define MSG_FASTOPEN 0x20000000
#endif
#ifndef TCP_FASTOPEN
#define TCP_FASTOPEN 23
#endif
#ifndef TCP_FASTOPEN_CONNECT
#define TCP_FASTOPEN_CONNECT 30
#endif
#ifndef TCPI_OPT_SYN_DATA
#define TCPI_OPT_SYN_DATA 32
#endif

/* Pending TFO requests a listener may hold when the caller gave no backlog. */
#define DEFAULT_QLEN 128

const char tfo_impl_name[] = "linux";

/* tcp_sendmsg_locked: MSG_DONTWAIT is a zero timeout */
const int tfo_impl_send_dontwait = 1;

/*
 * The kernel's ways of saying "no TFO here", each leaving the socket
 * untouched: EOPNOTSUPP (client bit of the sysctl off), EPIPE and ENOTCONN
 * (a kernel that ignores MSG_FASTOPEN and sends on an unconnected socket).
 */
static int
refuses_tfo(int err)
{
	return err == EOPNOTSUPP || err == EPIPE || err == ENOTCONN;
}

/*
 * TCP_INFO answers only for TCP sockets, and its first byte is the state:
 * type and state in one call.  One byte is all the kernel copies.
 */
enum tfo_impl_state
tfo_impl_socket_state(int fd)
{
	unsigned char state;
	socklen_t len = sizeof(state);

	if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &state, &len) == -1 ||
	    len != sizeof(state))
		return TFO_SOCK_NOT_TCP;
	switch (state) {
	case TCP_CLOSE:
		return TFO_SOCK_FRESH;
	case TCP_SYN_SENT:
	case TCP_SYN_RECV:
		return TFO_SOCK_CONNECTING;
	case TCP_LISTEN:
		return TFO_SOCK_LISTENING;
	default:
		return TFO_SOCK_CONNECTED;
	}
}

ssize_t
tfo_impl_connect_send(int fd, const struct sockaddr *addr, socklen_t addrlen,
    const void *buf, size_t len)
{
	ssize_t n;
	int tries;

	/*
	 * Always MSG_DONTWAIT: a blocking MSG_FASTOPEN call that a signal
	 * interrupts re-sends the whole buffer when restarted.  The kernel
	 * then never waits, so EINTR can only mean the call was stopped
	 * before it started (seen under valgrind, which lets signals cut in
	 * around system calls): nothing was sent, and trying again is safe.
	 * Bounded all the same.
	 */
	tries = 0;
	do
		n = sendto(fd, buf, len,
		    MSG_FASTOPEN | MSG_NOSIGNAL | MSG_DONTWAIT, addr, addrlen);
	while (n == -1 && errno == EINTR && ++tries < 100);
	if (n == -1 && refuses_tfo(errno))
		return TFO_IMPL_REFUSED;
	return n;	/* >= 0, or -1 with EINPROGRESS, EALREADY, ... */
}

/*
 * Only on a non-blocking socket.  On a blocking one the first write waits
 * in the kernel for the handshake, and a signal during that wait makes
 * write(2) fail although the bytes are queued: restarted (SA_RESTART) or
 * retried after EINTR, it queues them again and the peer gets them twice.
 * The library cannot wrap the caller's write, so it does not defer there.
 */
int
tfo_impl_connect_deferred(int fd, const struct sockaddr *addr,
    socklen_t addrlen)
{
	int one = 1, fl;

	if ((fl = fcntl(fd, F_GETFL)) == -1)
		return -1;
	if ((fl & O_NONBLOCK) == 0)
		return TFO_IMPL_NOT_HERE;
	if (setsockopt(fd, IPPROTO_TCP, TCP_FASTOPEN_CONNECT, &one,
	    sizeof(one)) == -1) {
		if (errno == EOPNOTSUPP)	/* the sysctl's client bit is off */
			return TFO_IMPL_REFUSED;
		/*
		 * A kernel before 4.11 has no TCP_FASTOPEN_CONNECT, yet its
		 * MSG_FASTOPEN works: tfo_connect() must keep TFO.
		 */
		if (errno == ENOPROTOOPT)
			return TFO_IMPL_NOT_HERE;
		return -1;	/* EINVAL: not a fresh socket */
	}
	return connect(fd, addr, addrlen);
}

int
tfo_impl_server_enable(int fd, int qlen, enum tfo_impl_when when)
{
	/* Linux takes the option before or after listen(2): set it at once. */
	if (when == TFO_IMPL_LISTEN_HOOK)
		return 0;
	if (qlen <= 0)
		qlen = DEFAULT_QLEN;
	return setsockopt(fd, IPPROTO_TCP, TCP_FASTOPEN, &qlen, sizeof(qlen));
}

int
tfo_impl_used(int fd)
{
	struct tcp_info info;
	socklen_t len = sizeof(info);

	if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &info, &len) == -1)
		return -1;
	if (info.tcpi_options & TCPI_OPT_SYN_DATA)
		return TFO_YES;
	/* Before the SYN-ACK nobody knows whether the SYN data is taken. */
	if (info.tcpi_state == TCP_SYN_SENT)
		return TFO_UNKNOWN;
	return TFO_NO;
}

int
tfo_impl_kernel_allows(int role)
{
	char text[32];
	ssize_t n;
	long value;
	int fd;

	fd = open("/proc/sys/net/ipv4/tcp_fastopen", O_RDONLY | O_CLOEXEC);
	if (fd == -1)
		return TFO_UNKNOWN;
	n = read(fd, text, sizeof(text) - 1);
	close(fd);
	if (n <= 0)
		return TFO_UNKNOWN;
	text[n] = '\0';
	value = strtol(text, NULL, 0);
	/* Bit 0x1 lets clients send SYN data, bit 0x2 lets servers take it. */
	if (role == TFO_CLIENT)
		return (value & 0x1) ? TFO_YES : TFO_NO;
	return (value & 0x2) ? TFO_YES : TFO_NO;
}

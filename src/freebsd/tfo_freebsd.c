/* SPDX-License-Identifier: ISC */
/*
 * FreeBSD: setsockopt(TCP_FASTOPEN, 1) on the closed socket, then sendto()
 * with the address (TCP's implied connect), TCP_INFO's TCPI_OPT_TFO,
 * sysctls net.inet.tcp.fastopen.client_enable and server_enable.  The
 * facts behind each mapping: research/semantics.md section 2.
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/sysctl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#include "tfo.h"
#include "tfo_impl.h"

/*
 * FreeBSD's values (sys/netinet/tcp.h), fixed ABI since TFO appeared;
 * defined only where the headers lack them.  Headers that have their own
 * TCP_FASTOPEN (a Linux host building this backend against the kernel
 * shim) keep theirs: that is the number their kernel understands.
 */
#ifndef TCP_FASTOPEN
#define TCP_FASTOPEN 1025
#endif
#ifndef TCPI_OPT_TFO
#define TCPI_OPT_TFO 0x20
#endif

const char tfo_impl_name[] = "freebsd";

/*
 * sendto() found no room for a byte, and sosend() checks for room before
 * it starts the implied connect (inferred, semantics.md 2.2): start the
 * connection without blocking; the caller writes the data when writable.
 */
static ssize_t
start_connect(int fd, const struct sockaddr *addr, socklen_t addrlen)
{
	int fl, r, err;

	if ((fl = tfo_nonblock_begin(fd)) == -1)
		return -1;
	r = connect(fd, addr, addrlen);
	err = errno;
	tfo_nonblock_end(fd, fl);
	if (r == 0 || err == EISCONN)
		return 0;	/* connected, nothing accepted yet */
	/* EALREADY: the implied connect had started after all. */
	errno = (err == EALREADY) ? EINPROGRESS : err;
	return -1;
}

/* TCPS_CLOSED, sys/netinet/tcp_fsm.h: a header only the kernel's own. */
#define FREEBSD_TCPS_CLOSED 0

/*
 * setsockopt(TCP_FASTOPEN) said EINVAL: a socket past CLOSED (the
 * caller's second call while a connection is under way: EALREADY, and no
 * verdict for the process), or a kernel that takes the option only on a
 * listener (before 12.0: TFO refused).  TCP_INFO's state tells which.
 */
static ssize_t
einval_meaning(int fd)
{
	struct tcp_info info;
	socklen_t len = sizeof(info);

	memset(&info, 0, sizeof(info));
	if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &info, &len) == -1)
		return -1;
	if (info.tcpi_state != FREEBSD_TCPS_CLOSED) {
		errno = EALREADY;
		return -1;
	}
	return TFO_IMPL_REFUSED;
}

ssize_t
tfo_impl_connect_send(int fd, const struct sockaddr *addr, socklen_t addrlen,
    const void *buf, size_t len)
{
	socklen_t optlen;
	int one = 1, listening = 0;
	ssize_t n;

	/* On a listener the option would switch on server TFO instead. */
	optlen = sizeof(listening);
	if (getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening,
	    &optlen) == -1)
		return -1;
	if (listening) {
		errno = EINVAL;
		return -1;
	}
	/*
	 * ENOPROTOOPT: no TFO in this kernel (options TCP_RFC7413); EPERM:
	 * both sysctls off; EINVAL: see einval_meaning().  In each case the
	 * socket is untouched.
	 */
	if (setsockopt(fd, IPPROTO_TCP, TCP_FASTOPEN, &one,
	    sizeof(one)) == -1) {
		if (errno == ENOPROTOOPT || errno == EPERM)
			return TFO_IMPL_REFUSED;
		if (errno == EINVAL)
			return einval_meaning(fd);
		return -1;
	}
	/*
	 * Never waits for the handshake and never says EINPROGRESS: it
	 * returns the bytes queued.  MSG_DONTWAIT keeps a blocking socket
	 * from sleeping for buffer space; the common code waits instead.
	 */
	n = sendto(fd, buf, len, MSG_NOSIGNAL | MSG_DONTWAIT, addr, addrlen);
	if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK))
		return start_connect(fd, addr, addrlen);
	return n;
}

/*
 * No deferred SYN on FreeBSD: a plain connect.  Not TFO_IMPL_REFUSED,
 * which would also turn TFO off for tfo_connect() (the verdict is shared).
 */
int
tfo_impl_connect_deferred(int fd, const struct sockaddr *addr,
    socklen_t addrlen)
{
	return connect(fd, addr, addrlen);
}

int
tfo_impl_server_enable(int fd, int qlen, enum tfo_impl_when when)
{
	int one = 1;

	/*
	 * A switch, before or after listen(2); the kernel itself caps
	 * pending TFO connections at half the backlog.
	 */
	(void)qlen;
	if (when == TFO_IMPL_LISTEN_HOOK)
		return 0;
	return setsockopt(fd, IPPROTO_TCP, TCP_FASTOPEN, &one, sizeof(one));
}

int
tfo_impl_used(int fd)
{
	struct tcp_info info;
	socklen_t len = sizeof(info);
	struct sockaddr_storage peer;
	socklen_t peerlen = sizeof(peer);

	memset(&info, 0, sizeof(info));
	if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &info, &len) == -1)
		return -1;
	/*
	 * TCPI_OPT_TFO mirrors the socket's TFO flag: set by setsockopt,
	 * cleared when the SYN-ACK comes without a TFO option.  Set after
	 * the handshake, it says TFO was negotiated, not that data rode in
	 * the SYN (the first, cookie-requesting connection sets it too).
	 */
	if ((info.tcpi_options & TCPI_OPT_TFO) == 0)
		return TFO_NO;
	if (getpeername(fd, (struct sockaddr *)&peer, &peerlen) == -1)
		return TFO_UNKNOWN;	/* no SYN-ACK yet */
	return TFO_NEGOTIATED;
}

/*
 * A missing sysctl means a kernel without client (or any) TFO: TFO_NO.
 * Any other failure to read it: TFO_UNKNOWN.
 */
static int
sysctl_switch(const char *name)
{
	unsigned int value = 0;
	size_t size = sizeof(value);

	if (sysctlbyname(name, &value, &size, NULL, 0) == -1)
		return errno == ENOENT ? TFO_NO : TFO_UNKNOWN;
	return value != 0 ? TFO_YES : TFO_NO;
}

int
tfo_impl_kernel_allows(int role)
{
	int r;

	if (role == TFO_CLIENT)
		return sysctl_switch("net.inet.tcp.fastopen.client_enable");
	r = sysctl_switch("net.inet.tcp.fastopen.server_enable");
	/* 10.3 and 11.x: server-only TFO under an older name. */
	if (r == TFO_NO)
		r = sysctl_switch("net.inet.tcp.fastopen.enabled");
	return r;
}

/* No state in one call: the common code asks getpeername(2). */
enum tfo_impl_state
tfo_impl_socket_state(int fd)
{
	(void)fd;
	return TFO_SOCK_UNTOLD;
}

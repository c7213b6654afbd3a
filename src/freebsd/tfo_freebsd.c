/* SPDX-License-Identifier: ISC */
/*
 * FreeBSD: setsockopt(TCP_FASTOPEN, 1) on the closed socket, then sendto()
 * with the address (TCP's implied connect), TCP_INFO's TCPI_OPT_TFO,
 * sysctls net.inet.tcp.fastopen.client_enable and server_enable.  Each
 * mapping names the kernel function it rests on (sys/netinet/, 12.0 to
 * 14.x); t/shim/freebsd.c emulates them, release by release.
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/types.h>
#include <sys/ioctl.h>
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

const char tfo_impl_name[] = "freebsd";

/* sosend_generic: MSG_DONTWAIT is EWOULDBLOCK at the space check */
const int tfo_impl_send_dontwait = 1;

/*
 * sendto() found less room than SO_SNDLOWAT, and sosend_generic() checks
 * for room before tcp_usr_send starts the implied connect: start the
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

/* TCP states, sys/netinet/tcp_fsm.h: a header only the kernel's own. */
#define FREEBSD_TCPS_CLOSED		0
#define FREEBSD_TCPS_LISTEN		1
#define FREEBSD_TCPS_SYN_SENT		2
#define FREEBSD_TCPS_SYN_RECEIVED	3

/*
 * The switch a client needs.  setsockopt(TCP_FASTOPEN) fails only with
 * both switches 0 (tcp_usrreq.c:tcp_default_ctloutput); with
 * client_enable 0 alone the kernel still connects, asking for a cookie
 * it can never keep (tcp_fastopen.c: the client cache is disabled), so
 * no data ever rides in the SYN.  Before 12.0 the sysctl does not exist:
 * a server-only TFO, whose setsockopt on a client socket succeeds and
 * does nothing.  Read at every call, so a change takes effect at once.
 */
static int
client_switch_on(void)
{
	unsigned int value = 0;
	size_t size = sizeof(value);

	if (sysctlbyname("net.inet.tcp.fastopen.client_enable", &value,
	    &size, NULL, 0) == -1)
		return 0;
	return value != 0;
}

/*
 * The socket's TCP state, or -1 with errno: ECONNRESET once its
 * connection was dropped, and before 14.0 also in TIME_WAIT
 * (tcp_usrreq.c:tcp_ctloutput).
 */
static int
tcp_state(int fd)
{
	struct tcp_info info;
	socklen_t len = sizeof(info);

	memset(&info, 0, sizeof(info));
	if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &info, &len) == -1)
		return -1;
	return info.tcpi_state;
}

ssize_t
tfo_impl_connect_send(int fd, const struct sockaddr *addr, socklen_t addrlen,
    const void *buf, size_t len)
{
	int one = 1;
	ssize_t n;

	if (!client_switch_on())
		return TFO_IMPL_REFUSED;
	/*
	 * The common code checked the state (tfo_impl_socket_state): a
	 * socket still CLOSED.  ENOPROTOOPT: no TFO in this kernel
	 * (options TCP_RFC7413); EPERM: both switches off.  EINVAL, only
	 * from 13.0, means the state changed meanwhile (another thread):
	 * what connect(2) says then.  The socket is untouched in each case.
	 */
	if (setsockopt(fd, IPPROTO_TCP, TCP_FASTOPEN, &one,
	    sizeof(one)) == -1) {
		if (errno == ENOPROTOOPT || errno == EPERM)
			return TFO_IMPL_REFUSED;
		if (errno == EINVAL)
			errno = EALREADY;
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
	if (n >= 0 && tcp_state(fd) == FREEBSD_TCPS_CLOSED) {
		/*
		 * A count, yet never connected: the implied connect said
		 * EAGAIN, its connection not hashed for want of memory
		 * (in_pcbinshash: main in_pcbconnect, 13.1 tcp_connect; in
		 * older releases in_pcbbind/in6_pcbbind), and kern_sendit/
		 * sousrsend turn that into the count once the data was
		 * copied; tcp_usr_send flushed the data from 13.1 (sbflush),
		 * before it stays (10.4, stable/12, 13.0).  A connection that
		 * ended is dropped instead (ECONNRESET), or in TIME_WAIT:
		 * only this reads CLOSED.  Nothing will be sent: say so, as
		 * no buffers.
		 */
		errno = ENOBUFS;
		return -1;
	}
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
	/*
	 * Before listen(2) the kernel takes the option with only the
	 * client switch on, and the listener then serves no TFO
	 * (server_enable is read in tcp_syncache.c:syncache_add): say now
	 * what it says on a listener, EPERM.
	 */
	if (when == TFO_IMPL_BEFORE_LISTEN &&
	    tfo_impl_kernel_allows(TFO_SERVER) == TFO_NO) {
		errno = EPERM;
		return -1;
	}
	return setsockopt(fd, IPPROTO_TCP, TCP_FASTOPEN, &one, sizeof(one));
}

/*
 * What FreeBSD can know: its TF_FASTOPEN flag (getsockopt(TCP_FASTOPEN),
 * every release; TCP_INFO's TCPI_OPT_TFO only in recent ones) and the
 * state.
 * A client's flag survives the handshake only when the SYN-ACK carried a
 * TFO option (tcp_input.c:tcp_do_segment): the server gave a cookie,
 * which a Linux server does on a cookie request, not when it accepts the
 * SYN's data (it answers a valid cookie without one, and the FreeBSD
 * client then disables TFO to it: tcp_fastopen_disable_path).  An
 * accepted socket has the flag when its SYN had a valid cookie
 * (tcp_syncache.c).  So: flag set once connected, TFO_NEGOTIATED;
 * cleared, TFO_UNKNOWN: no TFO, or SYN data a Linux server accepted;
 * cleared while the client switch is off, TFO_NO (no client TFO, and a
 * server's TFO connection keeps its flag).
 */
int
tfo_impl_used(int fd)
{
	int flag = 0, state;
	socklen_t len = sizeof(flag);

	if ((state = tcp_state(fd)) == -1)
		return errno == ECONNRESET ? TFO_UNKNOWN : -1;
	if (state == FREEBSD_TCPS_CLOSED || state == FREEBSD_TCPS_LISTEN ||
	    state == FREEBSD_TCPS_SYN_SENT)
		return TFO_UNKNOWN;	/* no connection, or no SYN-ACK yet */
	if (getsockopt(fd, IPPROTO_TCP, TCP_FASTOPEN, &flag, &len) == -1) {
		if (errno == ENOPROTOOPT)
			return TFO_NO;	/* no TFO in this kernel */
		return errno == ECONNRESET ? TFO_UNKNOWN : -1;
	}
	if (flag != 0)
		return TFO_NEGOTIATED;
	return client_switch_on() ? TFO_UNKNOWN : TFO_NO;
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

/*
 * kern.osreldate, read once (__FreeBSD_version: 1301000 is 13.1); 0
 * where it cannot be read.
 */
static int
osreldate(void)
{
	static int cached = -1;
	int v = 0;
	size_t size = sizeof(v);

	if (cached == -1) {
		if (sysctlbyname("kern.osreldate", &v, &size, NULL, 0) == -1)
			v = 0;
		cached = v;
	}
	return cached;
}

/*
 * Before 13.1 a failed implied connect leaves its bytes in the send
 * buffer (tcp_usr_send appends first and does not sbflush on error), so
 * a CLOSED socket may still hold them: any later connect would send them
 * first.  Such a socket is not fresh.
 */
static int
holds_stale_bytes(int fd)
{
	int n = 0;

	if (osreldate() >= 1301000)
		return 0;
	return ioctl(fd, FIONWRITE, &n) == 0 && n > 0;
}

/*
 * TCP_INFO's state, every release: it keeps a second call on a
 * connecting socket from reaching sendto(), which would append its bytes
 * to the first's (tcp_usr_send ignores the address past CLOSED, and
 * before 13.0 setsockopt(TCP_FASTOPEN) has no state check).  ECONNRESET:
 * a dropped connection (connect(2) would say ECONNREFUSED), or TIME_WAIT
 * before 14.0.
 */
enum tfo_impl_state
tfo_impl_socket_state(int fd)
{
	int state = tcp_state(fd);

	if (state == -1)
		return errno == ECONNRESET ? TFO_SOCK_ENDED :
		    TFO_SOCK_NOT_TCP;
	switch (state) {
	case FREEBSD_TCPS_CLOSED:
		return holds_stale_bytes(fd) ? TFO_SOCK_ENDED : TFO_SOCK_FRESH;
	case FREEBSD_TCPS_LISTEN:
		return TFO_SOCK_LISTENING;
	case FREEBSD_TCPS_SYN_SENT:
	case FREEBSD_TCPS_SYN_RECEIVED:
		return TFO_SOCK_CONNECTING;
	default:
		return TFO_SOCK_CONNECTED;
	}
}

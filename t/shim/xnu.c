/* SPDX-License-Identifier: ISC */
/*
 * Kernel shim: XNU's answers, built on Linux TCP Fast Open, so that the
 * darwin backend's own code runs here.  Facts reproduced, with the XNU
 * source they come from (research/semantics.md section 3):
 *
 * - connectx() with data queues it all and reports the count in *len,
 *   written even on failure; a non-blocking socket gets -1/EINPROGRESS
 *   with the data queued; a blocking one waits for the handshake and
 *   returns 0 or the connection's error, or -1/EINPROGRESS when the data
 *   did not fit (bsd/kern/uipc_syscalls.c connectitx, bsd/kern/uipc_socket.c
 *   soconnectxlocked, sosendcheck).
 * - TFO only with CONNECT_DATA_IDEMPOTENT, the client bit 0x2 of
 *   net.inet.tcp.fastopen, and data of at most one MSS less 40 bytes;
 *   above that, no TFO at all (bsd/netinet/tcp_usrreq.c
 *   tcp_usr_connectx_common, bsd/netinet/tcp_output.c tcp_tfo_check).
 * - CONNECT_RESUME_ON_READ_WRITE without data returns 0 at once.
 * - EISCONN on a connected socket, EALREADY on a connecting non-blocking
 *   one, EOPNOTSUPP on a listener, EINVAL for missing endpoints.
 * - setsockopt(TCP_FASTOPEN): value 0 or 1, LISTEN state only (EINVAL),
 *   ENOTSUP when the server bit 0x1 is off (bsd/netinet/tcp_usrreq.c).
 * - SO_NOSIGPIPE accepted (bsd/kern/uipc_socket.c sosetoptlock).
 * - TCP_CONNECTION_INFO's tcpi_tfo_syn_data_sent and _acked on a client
 *   (our SYN's data was acked), tcpi_tfo_syn_data_rcv on a server (data
 *   came in the peer's SYN) (bsd/netinet/tcp_usrreq.c
 *   tcp_connection_fill_info).
 * - sysctl net.inet.tcp.fastopen, default 3, bit 0x1 server, 0x2 client
 *   (bsd/netinet/tcp_subr.c).
 *
 * Controls, read at every call: TFO_SHIM_FASTOPEN (the sysctl's value;
 * "missing" for a kernel without it; unset, it follows the namespace's
 * net.ipv4.tcp_fastopen, client and server bits swapped), TFO_SHIM_CONNECTX=enosys (a kernel
 * without connectx), TFO_SHIM_MSS (the path MSS, default 1460).
 *
 * Not reproduced: timing (the shim waits for the loopback handshake where
 * XNU would return at once), XNU's heuristics and blackhole detection,
 * its cookie cache (Linux's is used), SO_NOSIGPIPE itself (Linux has no
 * such option; the library's own sends use MSG_NOSIGNAL here).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#include "shim.h"
#include "xnu_abi.h"

#ifndef MSG_FASTOPEN
#define MSG_FASTOPEN 0x20000000
#endif
#ifndef TCP_FASTOPEN_CONNECT
#define TCP_FASTOPEN_CONNECT 30
#endif
#ifndef TCPI_OPT_SYN_DATA
#define TCPI_OPT_SYN_DATA 32
#endif

/* More of XNU, as in its source (the SDK part: xnu_abi.h). */
#define FASTOPEN_SERVER			0x1
#define FASTOPEN_CLIENT			0x2
#define XNU_TCPS_CLOSED		0
#define XNU_TCPS_LISTEN		1
#define XNU_TCPS_SYN_SENT	2
#define XNU_TCPS_SYN_RECEIVED	3
#define XNU_TCPS_ESTABLISHED	4
#define XNU_TCPS_CLOSE_WAIT	5
#define XNU_TCPS_FIN_WAIT_1	6
#define XNU_TCPS_CLOSING	7
#define XNU_TCPS_LAST_ACK	8
#define XNU_TCPS_FIN_WAIT_2	9
#define XNU_TCPS_TIME_WAIT	10

/* XNU's global limit on half-open TFO connections (fastopen_backlog). */
#define XNU_TFO_BACKLOG 10

int sysctlbyname(const char *, void *, size_t *, void *, size_t);
int tfo_shim_xnu_setsockopt(int, int, int, const void *, socklen_t);
int tfo_shim_xnu_getsockopt(int, int, int, void *, socklen_t *);

/*
 * The emulated net.inet.tcp.fastopen; -1: no such sysctl.  Unless set,
 * it follows the namespace's Linux switch, bits swapped; 3 (XNU's
 * default) when that cannot be read.
 */
static long
fastopen_sysctl(void)
{
	long lin;

	if (shim_knob_is("TFO_SHIM_FASTOPEN", "missing"))
		return -1;
	lin = shim_linux_tfo();
	return shim_knob("TFO_SHIM_FASTOPEN", lin == -1 ? 3 :
	    ((lin & 0x1) ? FASTOPEN_CLIENT : 0) |
	    ((lin & 0x2) ? FASTOPEN_SERVER : 0));
}

/*
 * Sockets connectx() was called on, by descriptor: their inode, which
 * Linux never gives two live sockets, so a reused descriptor is told
 * apart.  Linux's SYN_DATA bit means "our SYN data was acked" on these
 * and "data came in the SYN" on the others (accepted ones), the two
 * facts XNU reports in separate bits.
 */
static pthread_mutex_t active_lock = PTHREAD_MUTEX_INITIALIZER;
static ino_t *active;
static size_t nactive;

static void
active_open(int fd)
{
	struct stat st;
	ino_t *p;
	size_t n;

	if (fd < 0 || fstat(fd, &st) == -1)
		return;
	pthread_mutex_lock(&active_lock);
	if ((size_t)fd >= nactive) {
		n = (size_t)fd * 2 + 64;
		if ((p = realloc(active, n * sizeof(*p))) != NULL) {
			memset(p + nactive, 0, (n - nactive) * sizeof(*p));
			active = p;
			nactive = n;
		}
	}
	if ((size_t)fd < nactive)
		active[fd] = st.st_ino;
	pthread_mutex_unlock(&active_lock);
}

static int
is_active_open(int fd)
{
	struct stat st;
	int r;

	if (fd < 0 || fstat(fd, &st) == -1)
		return 0;
	pthread_mutex_lock(&active_lock);
	r = (size_t)fd < nactive && active[fd] == st.st_ino;
	pthread_mutex_unlock(&active_lock);
	return r;
}

static int
xnu_state(int linux_state)
{
	switch (linux_state) {
	case TCP_LISTEN:	return XNU_TCPS_LISTEN;
	case TCP_SYN_SENT:	return XNU_TCPS_SYN_SENT;
	case TCP_SYN_RECV:	return XNU_TCPS_SYN_RECEIVED;
	case TCP_ESTABLISHED:	return XNU_TCPS_ESTABLISHED;
	case TCP_CLOSE_WAIT:	return XNU_TCPS_CLOSE_WAIT;
	case TCP_FIN_WAIT1:	return XNU_TCPS_FIN_WAIT_1;
	case TCP_CLOSING:	return XNU_TCPS_CLOSING;
	case TCP_LAST_ACK:	return XNU_TCPS_LAST_ACK;
	case TCP_FIN_WAIT2:	return XNU_TCPS_FIN_WAIT_2;
	case TCP_TIME_WAIT:	return XNU_TCPS_TIME_WAIT;
	default:		return XNU_TCPS_CLOSED;
	}
}

/* connect(2) without blocking: 0, or -1 with errno (EINPROGRESS). */
static int
connect_nowait(int fd, const struct sockaddr *addr, socklen_t addrlen)
{
	int fl, r, err;

	if ((fl = shim_nonblocking(fd, 1)) == -1)
		return -1;
	r = connect(fd, addr, addrlen);
	err = errno;
	(void)shim_restore_flags(fd, fl);
	errno = err;
	return r;
}

/*
 * CONNECT_RESUME_ON_READ_WRITE without data: XNU returns 0 at once and
 * sends the SYN with the first write.  Linux's nearest is
 * TCP_FASTOPEN_CONNECT, whose connect() returns at once when a cookie is
 * cached; without one the cookie-request SYN leaves now, and the shim
 * still returns 0 as XNU does.
 */
static int
preconnect(int fd, const struct sockaddr *dst, socklen_t dstlen)
{
	int one = 1;

	if (setsockopt(fd, IPPROTO_TCP, TCP_FASTOPEN_CONNECT, &one,
	    sizeof(one)) == -1 && errno != EOPNOTSUPP)
		return -1;
	if (connect_nowait(fd, dst, dstlen) == -1 && errno != EINPROGRESS)
		return -1;
	return 0;
}

int
connectx(int fd, const sa_endpoints_t *ep, uint32_t aid, unsigned int flags,
    const struct iovec *iov, unsigned int iovcnt, size_t *len, uint32_t *cid)
{
	const struct sockaddr *dst;
	socklen_t dstlen;
	size_t want, done = 0;
	long sysctl = fastopen_sysctl();
	int state, fl, blocking, tfo, r, err;
	socklen_t errlen = sizeof(err);
	ssize_t n;

	(void)aid, (void)cid;
	if (shim_knob_is("TFO_SHIM_CONNECTX", "enosys")) {
		errno = ENOSYS;
		return -1;
	}
	/* XNU takes several iovecs; the backend passes one, the shim too. */
	if (ep == NULL || ep->sae_dstaddr == NULL || iovcnt > 1 ||
	    (iovcnt == 1 && (iov == NULL || len == NULL))) {
		errno = EINVAL;
		return -1;
	}
	dst = ep->sae_dstaddr;
	dstlen = ep->sae_dstaddrlen;
	if (len != NULL)
		*len = 0;
	if ((state = shim_tcp_state(fd)) == -1 || (fl = fcntl(fd, F_GETFL))
	    == -1)
		return -1;
	blocking = (fl & O_NONBLOCK) == 0;
	if (state == TCP_LISTEN) {
		errno = EOPNOTSUPP;
		return -1;
	}
	if (state != TCP_CLOSE) {
		errno = (state == TCP_SYN_SENT && !blocking) ? EALREADY : EISCONN;
		return -1;
	}

	active_open(fd);
	want = iovcnt == 1 ? iov->iov_len : 0;
	tfo = (flags & CONNECT_DATA_IDEMPOTENT) && sysctl != -1 &&
	    (sysctl & FASTOPEN_CLIENT);
	if (want == 0) {
		/* IDEMPOTENT without data and without RESUME: plain connect. */
		if (tfo && (flags & CONNECT_RESUME_ON_READ_WRITE))
			return preconnect(fd, dst, dstlen);
		return connect(fd, dst, dstlen);
	}
	/* tcp_tfo_check(): more than one MSS less 40 bytes, no TFO at all. */
	if (want > (size_t)shim_knob("TFO_SHIM_MSS", 1460) - 40)
		tfo = 0;
	if (tfo) {
		n = sendto(fd, iov->iov_base, want,
		    MSG_FASTOPEN | MSG_DONTWAIT | MSG_NOSIGNAL, dst, dstlen);
		if (n >= 0)
			done = (size_t)n;
		else if (errno == EOPNOTSUPP)
			tfo = 0;	/* this namespace's Linux says no */
		else if (errno != EINPROGRESS)
			return -1;
	}
	if (!tfo && connect_nowait(fd, dst, dstlen) == -1 &&
	    errno != EINPROGRESS)
		return -1;

	/* Everything is queued, the SYN is out: *len says so. */
	done = shim_queue(fd, iov->iov_base, want, done);
	*len = done;
	if (!blocking || done < want) {
		/* Non-blocking; or blocking when the data did not fit. */
		errno = EINPROGRESS;
		return -1;
	}
	r = shim_wait_handshake(fd);
	if (r == 1) {
		if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &errlen) == -1)
			return -1;
		errno = err != 0 ? err : ECONNREFUSED;
		return -1;
	}
	return r;
}

int
sysctlbyname(const char *name, void *old, size_t *oldlen, void *new,
    size_t newlen)
{
	long v = fastopen_sysctl();
	int value;

	(void)newlen;
	if (name == NULL || strcmp(name, "net.inet.tcp.fastopen") != 0 ||
	    v == -1) {
		errno = ENOENT;
		return -1;
	}
	if (new != NULL) {
		errno = EPERM;	/* the shim's sysctls are read-only */
		return -1;
	}
	value = (int)v;
	if (old == NULL) {
		if (oldlen != NULL)
			*oldlen = sizeof(value);
		return 0;
	}
	if (oldlen == NULL || *oldlen < sizeof(value)) {
		errno = ENOMEM;
		return -1;
	}
	memcpy(old, &value, sizeof(value));
	*oldlen = sizeof(value);
	return 0;
}

int
tfo_shim_xnu_setsockopt(int fd, int level, int name, const void *val,
    socklen_t len)
{
	long sysctl;
	int v, qlen, state, type;
	socklen_t typelen = sizeof(type);

	if (level == SOL_SOCKET && name == SO_NOSIGPIPE) {
		if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &typelen) == -1)
			return -1;
		if (val == NULL || len != sizeof(int)) {
			errno = EINVAL;
			return -1;
		}
		return 0;
	}
	if (level == IPPROTO_TCP && name == TCP_FASTOPEN) {
		sysctl = fastopen_sysctl();
		if (sysctl == -1 || (sysctl & FASTOPEN_SERVER) == 0) {
			errno = ENOTSUP;
			return -1;
		}
		if (val == NULL || len != sizeof(int)) {
			errno = EINVAL;
			return -1;
		}
		memcpy(&v, val, sizeof(v));
		if (v != 0 && v != 1) {
			errno = EINVAL;
			return -1;
		}
		if ((state = shim_tcp_state(fd)) == -1)
			return -1;
		if (state != TCP_LISTEN) {
			errno = EINVAL;
			return -1;
		}
		qlen = v ? XNU_TFO_BACKLOG : 0;
		return setsockopt(fd, IPPROTO_TCP, TCP_FASTOPEN, &qlen,
		    sizeof(qlen));
	}
	return setsockopt(fd, level, name, val, len);
}

int
tfo_shim_xnu_getsockopt(int fd, int level, int name, void *val,
    socklen_t *len)
{
	struct tcp_info li;
	struct tcp_connection_info ci;
	socklen_t lilen = sizeof(li);
	size_t n;

	if (level != IPPROTO_TCP || name != TCP_CONNECTION_INFO)
		return getsockopt(fd, level, name, val, len);
	if (val == NULL || len == NULL) {
		errno = EINVAL;
		return -1;
	}
	memset(&li, 0, sizeof(li));
	if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &li, &lilen) == -1)
		return -1;
	memset(&ci, 0, sizeof(ci));
	ci.tcpi_state = (uint8_t)xnu_state(li.tcpi_state);
	ci.tcpi_maxseg = li.tcpi_snd_mss;
	ci.tcpi_rto = li.tcpi_rto / 1000;
	ci.tcpi_srtt = li.tcpi_rtt / 1000;
	ci.tcpi_rttvar = li.tcpi_rttvar / 1000;
	/* Linux has one bit for both sides (see active_open()). */
	if (li.tcpi_options & TCPI_OPT_SYN_DATA) {
		if (is_active_open(fd)) {
			ci.tcpi_tfo_syn_data_sent = 1;
			ci.tcpi_tfo_syn_data_acked = 1;
		} else
			ci.tcpi_tfo_syn_data_rcv = 1;
	}
	n = *len < sizeof(ci) ? *len : sizeof(ci);
	memcpy(val, &ci, n);
	*len = (socklen_t)n;
	return 0;
}

/* SPDX-License-Identifier: ISC */
/*
 * Kernel shim: XNU's answers, built on Linux TCP Fast Open, so that the
 * darwin backend's own code runs here.  Every rule names the XNU function
 * it comes from; the release is a parameter, TFO_SHIM_RELEASE (10.11 =
 * xnu-3247.1.106, 10.13 = xnu-4570.1.46, 15 = xnu-11417.101.15, the
 * default), read in apple-oss-distributions/xnu at those tags.
 *
 * Controls, read at every call: TFO_SHIM_RELEASE; TFO_SHIM_FASTOPEN (the
 * sysctl's value; "missing" for a kernel without it; unset, it follows
 * the namespace's net.ipv4.tcp_fastopen, client and server bits swapped);
 * TFO_SHIM_CONNECTX=enosys (a kernel without connectx); TFO_SHIM_MSS (the
 * route's t_maxopd; unset, lo0's MTU 16384 less 40 or 60 bytes on a
 * route over Linux's lo, Ethernet's 1460 or 1440 elsewhere).
 *
 * Not reproduced: with no cookie cached, a write above tcp_tfo_check's
 * size limit still asks for a cookie there (the cookie test comes first);
 * the shim, which cannot see Linux's cookie cache, sends a plain SYN.
 * XNU's TFO backlog is global (tcp_tfo_halfcnt), the shim's per listener;
 * setsockopt(TCP_FASTOPEN) takes a longer option there, only an int here.
 * Also not: timing (the shim waits for the loopback handshake where
 * XNU returns at once, and a deferred connect with the client bit off
 * sends its SYN at once: Linux cannot hold one back without TFO); the
 * heuristics, blackhole detection and the one-byte-proxy ENODATA
 * (tcp_input.c; needs a middlebox); the cookie cache (Linux's is used);
 * SO_NOSIGPIPE itself (stored and reported, but Linux raises no SIGPIPE
 * here: the library's sends use MSG_NOSIGNAL); the partial connectx's
 * cleared SS_ISCONNECTING (read gives ENOTCONN there); MSG_NOSIGNAL's
 * absence before macOS 11 (a header matter, not a kernel one).
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
int tfo_shim_xnu_getpeername(int, struct sockaddr *, socklen_t *);
static int ended(int fd, int state);

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

/* Releases, as shim_release() numbers them. */
#define XNU_10_13	1013	/* 2048-byte preconnect buffer (10.12 on) */
#define XNU_13		1300	/* xnu-8792: TFO bits kept once CLOSED */
#define XNU_DEFAULT	1500

static long
release(void)
{
	return shim_release(XNU_DEFAULT);
}

/*
 * What a socket's send buffer takes before the connection is up:
 * sb_preconn_hiwat (uipc_socket2.c:sbspace), set in tcp_usrreq.c:
 * tcp_attach: soreserve_preconnect(so, 2048) from xnu-3789 (10.12; the
 * shim models 10.13); 3247 sizes it from net.inet.tcp.preconn_sbsz, 1024
 * by default.
 */
static size_t
preconnect_buffer(void)
{
	return release() >= XNU_10_13 ? 2048 : 1024;
}

/*
 * t_maxopd for the route (tcp_input.c:tcp_mss): the MTU less the headers,
 * capped by the MSS the last SYN-ACK offered; once a cookie is cached,
 * that one came too.  A route over Linux's lo (MTU 65536) is one over
 * lo0, whose MTU is 16384 (LOMTU); others keep theirs, at most
 * Ethernet's 1500.
 */
static size_t
maxopd(const struct sockaddr *dst)
{
	int v6 = dst->sa_family == AF_INET6, mtu;

	if (shim_knob("TFO_SHIM_MSS", 0) > 0)
		return (size_t)shim_knob("TFO_SHIM_MSS", 0);
	mtu = shim_route_mtu(dst);
	mtu = mtu >= 16384 ? 16384 : mtu > 0 && mtu < 1500 ? mtu : 1500;
	return (size_t)mtu - (v6 ? 60 : 40);
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
 * CONNECT_RESUME_ON_READ_WRITE without data: SOF1_PRECONNECT_DATA is set
 * from the flag alone, whatever the sysctl (soconnectxlocked; connectitx
 * before xnu-7195), tcp_connect_complete skips tcp_output, and connectitx
 * returns 0 at once; the SYN leaves with the first write or read.
 * Linux's nearest is TCP_FASTOPEN_CONNECT, whose connect() returns at
 * once when a cookie is cached; without one, or without TFO, the SYN
 * leaves now.  0 but for the address's own faults: the connection's
 * failure shows on the next call.
 */
static int
preconnect(int fd, const struct sockaddr *dst, socklen_t dstlen, int tfo)
{
	int one = 1;

	if (tfo)
		(void)setsockopt(fd, IPPROTO_TCP, TCP_FASTOPEN_CONNECT, &one,
		    sizeof(one));
	/* What tcp_connect itself refuses (the address) is said now. */
	if (connect_nowait(fd, dst, dstlen) == -1 && errno != EINPROGRESS &&
	    errno != ECONNREFUSED)
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
	/*
	 * tcp_usrreq.c:tcp_usr_connect on an INPCB_STATE_DEAD inpcb: the
	 * pending so_error, taken, else EINVAL.
	 */
	if (ended(fd, state)) {
		if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &errlen) == -1)
			return -1;
		errno = err != 0 ? err : EINVAL;
		return -1;
	}

	shim_sock_set(fd, SHIM_SOCK_ACTIVE, 0);
	want = iovcnt == 1 ? iov->iov_len : 0;
	/* tcp_usr_connectx_common: TF_FASTOPEN from these two alone. */
	tfo = (flags & CONNECT_DATA_IDEMPOTENT) && sysctl != -1 &&
	    (sysctl & FASTOPEN_CLIENT);
	if (want == 0) {
		if (flags & CONNECT_RESUME_ON_READ_WRITE)
			return preconnect(fd, dst, dstlen, tfo);
		/* IDEMPOTENT without data or RESUME: dropped, a connect. */
		return connect(fd, dst, dstlen);
	}
	/*
	 * One sosend() pass copies what the preconnect buffer takes; the
	 * next finds no room and says EWOULDBLOCK, which connectx turns
	 * into EINPROGRESS, blocking socket or not (sosendcheck,
	 * tcp_usr_connectx_common).
	 */
	if (want > preconnect_buffer())
		want = preconnect_buffer();
	/*
	 * tcp_output.c:tcp_tfo_check: more queued than t_maxopd less
	 * MAX_TCPOPTLEN (40), and TFO is off for the connection: a plain
	 * SYN, no cookie request (tcp_disable_tfo).
	 */
	if (want > maxopd(dst) - 40)
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

	/* What fitted is queued, the SYN is out: *len says so. */
	done = shim_queue(fd, iov->iov_base, want, done);
	*len = done;
	if (!blocking || done < iov->iov_len) {
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

/*
 * The connection on fd has ended: Linux's CLOSED after a connection, or
 * an attempt (the emulated connectx started one, or a segment was sent),
 * or a state where both directions are shut.  XNU's inpcb is dead then
 * (tcp_close: in_pcbdetach), both SS_CANTRCVMORE and SS_CANTSENDMORE set
 * (soisdisconnected).
 */
static int
ended(int fd, int state)
{
	if (state == TCP_CLOSE)
		return (shim_sock_flags(fd) & SHIM_SOCK_ACTIVE) ||
		    shim_tcp_segs_out(fd) > 0;
	return state == TCP_TIME_WAIT || state == TCP_LAST_ACK ||
	    state == TCP_CLOSING;
}

/*
 * bsd/kern/uipc_syscalls.c:getpeername, every release: EINVAL once both
 * directions are shut ("no more getpeername's"), before the ENOTCONN of
 * a socket never connected.
 */
int
tfo_shim_xnu_getpeername(int fd, struct sockaddr *sa, socklen_t *len)
{
	int state = shim_tcp_state(fd);

	if (state != -1 && ended(fd, state)) {
		errno = EINVAL;
		return -1;
	}
	return getpeername(fd, sa, len);
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

	/* uipc_socket.c:sosetoptlock: SOF_NOSIGPIPE, kept per socket. */
	if (level == SOL_SOCKET && name == SO_NOSIGPIPE) {
		if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &typelen) == -1)
			return -1;
		if (val == NULL || len != sizeof(int)) {
			errno = EINVAL;
			return -1;
		}
		memcpy(&v, val, sizeof(v));
		shim_sock_set(fd, v ? SHIM_SOCK_NOSIGPIPE : 0,
		    v ? 0 : SHIM_SOCK_NOSIGPIPE);
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

	int v, type;
	socklen_t typelen = sizeof(type);

	/* uipc_socket.c:sogetoptlock: whether SOF_NOSIGPIPE is set. */
	if (level == SOL_SOCKET && name == SO_NOSIGPIPE) {
		if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &typelen) == -1)
			return -1;
		if (val == NULL || len == NULL || *len < sizeof(int)) {
			errno = EINVAL;
			return -1;
		}
		v = (shim_sock_flags(fd) & SHIM_SOCK_NOSIGPIPE) != 0;
		memcpy(val, &v, sizeof(v));
		*len = sizeof(v);
		return 0;
	}
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
	/*
	 * tcp_connection_fill_info: up to xnu-8019 (macOS 12) the TFO bits
	 * and packet counts are filled only while t_state > TCPS_LISTEN,
	 * so a CLOSED connection reads 0.  Linux has one SYN_DATA bit for both sides:
	 * "our SYN data was acked" on a socket connectx() connected
	 * (tcp_input.c, SYN_SENT: TFO_S_SYN_DATA_ACKED), "the SYN had a
	 * valid cookie" on an accepted one (tcp_tfo_syn: TFO_S_SYNDATA_RCV;
	 * Linux clients send a cookie only with data).
	 */
	if (ci.tcpi_state == XNU_TCPS_CLOSED && release() < XNU_13)
		;
	else {
		/* inp_stat, as Linux counts segments (tcpi_segs_out/_in). */
		ci.tcpi_txpackets = shim_tcp_segs_out(fd);
		ci.tcpi_rxpackets = shim_tcp_segs_in(fd);
	}
	if (ci.tcpi_state == XNU_TCPS_CLOSED && release() < XNU_13)
		;
	else if (li.tcpi_options & TCPI_OPT_SYN_DATA) {
		if (shim_sock_flags(fd) & SHIM_SOCK_ACTIVE) {
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

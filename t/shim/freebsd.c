/* SPDX-License-Identifier: ISC */
/*
 * Kernel shim: FreeBSD's answers, built on Linux TCP Fast Open, so that
 * the freebsd backend's own code runs here.  Every rule names the FreeBSD
 * function it comes from and the releases that have it; the release is a
 * parameter, TFO_SHIM_RELEASE (11.4, 12.4, 13.1, 14.2; default 14.2).
 * Sources read: 10.4 (coder03/freebsd10.4), a stable/12 tcp_usrreq.c
 * (The-Programming-Foundation/Tesseract, 1201517), the release imports
 * of sobomax/freebsd14_vendor (12.2 4b33055d, 13.0 0f7ff342, 13.1
 * 42edb4ec, 13.2 9bb2b44f; dated by sys/sys/param.h), 13.1
 * (MPTCP-FreeBSD/FB13.1-ML-MPTCP-SRC), a 14-CURRENT fork of about
 * 1400081 (Nevuqe/nqc), main (fel1x-developer/freebsd-src 2d614aa2,
 * 1500012); files sys/netinet/tcp_usrreq.c, tcp_input.c, tcp_output.c,
 * tcp_fastopen.c, tcp_syncache.c, in_pcb.c, sys/kern/uipc_socket.c,
 * uipc_syscalls.c.  No 12.3, 12.4 or 14.0 file was found: rules dated
 * 12.x come from 12.2 and stable/12, and 14.0's from the trees around
 * it.
 *
 * Controls, read at every call: TFO_SHIM_RELEASE; TFO_SHIM_CLIENT_ENABLE
 * and TFO_SHIM_SERVER_ENABLE (unset, they follow the namespace's
 * net.ipv4.tcp_fastopen bits 0x1 and 0x2; before 12.0 the one switch,
 * "enabled", follows 0x2); TFO_SHIM_RFC7413=0 (a kernel built without
 * options TCP_RFC7413: ENOPROTOOPT, no sysctls);
 * TFO_SHIM_PATH_DISABLE_TIME (seconds, default 900); TFO_SHIM_SNDBUF_FULL=1
 * (sendto finds less room than SO_SNDLOWAT: EAGAIN before the implied
 * connect, uipc_socket.c:sosend_generic's space check);
 * TFO_SHIM_CONNECT_EAGAIN=1 (the implied connect's EAGAIN when
 * in_pcbinshash fails for want of memory, after the data was copied,
 * reported as the count: see tfo_shim_fbsd_sendto).
 *
 * Not reproduced: timing (the shim waits for the loopback handshake where
 * FreeBSD returns at once); FreeBSD's own cookie cache, keyed by local
 * address, server address and port (Linux's, keyed by server address,
 * is used) and its MSS-sized SYN
 * payload; the fresh cookie request when a disabled path expires (Linux
 * still holds the cookie and sends data); a PSK; the listener's server
 * switch being read at SYN time (syncache_add) rather than when the option
 * is set.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/types.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#include "shim.h"

#ifndef MSG_FASTOPEN
#define MSG_FASTOPEN 0x20000000
#endif
#ifndef TCPI_OPT_SYN_DATA
#define TCPI_OPT_SYN_DATA 32
#endif
#define TCPI_OPT_TFO 0x20
#ifndef SIOCOUTQ
#define SIOCOUTQ TIOCOUTQ
#endif

/* Pending TFO a Linux listener may hold; FreeBSD caps at backlog / 2. */
#define SHIM_SERVER_QLEN 16

/* Releases, as shim_release() numbers them. */
#define FREEBSD_12_0	1200	/* client TFO, client_enable/server_enable */
#define FREEBSD_13_0	1300	/* CLOSED/LISTEN check on TCP_FASTOPEN
				   (in 13.0, not in 12.2 or stable/12) */
#define FREEBSD_13_1	1301	/* sbflush after a failed implied
				   connect (not in 13.0 or stable/12) */
#define FREEBSD_14_0	1400	/* TIME_WAIT an ordinary state (no
				   INP_TIMEWAIT: not in 13.2, in the
				   14-CURRENT of 1400081); TCPI_OPT_TFO
				   (see get_info) */
#define FREEBSD_DEFAULT	1402

int sysctlbyname(const char *, void *, size_t *, const void *, size_t);
int tfo_shim_fbsd_ioctl(int, unsigned long, ...);
int tfo_shim_fbsd_setsockopt(int, int, int, const void *, socklen_t);
int tfo_shim_fbsd_getsockopt(int, int, int, void *, socklen_t *);
ssize_t tfo_shim_fbsd_sendto(int, const void *, size_t, int,
    const struct sockaddr *, socklen_t);

static long
release(void)
{
	return shim_release(FREEBSD_DEFAULT);
}

static int
rfc7413(void)
{
	return shim_knob("TFO_SHIM_RFC7413", 1) != 0;
}

/*
 * Unless set, the switches follow the namespace's Linux one (0x1 client,
 * 0x2 server); FreeBSD's defaults (1 and 0, tcp_fastopen.c VNET_DEFINE)
 * when that cannot be read.  Before 12.0 there is no client switch.
 */
static int
client_enable(void)
{
	long lin = shim_linux_tfo();

	if (release() < FREEBSD_12_0)
		return 0;
	return shim_knob("TFO_SHIM_CLIENT_ENABLE",
	    lin == -1 ? 1 : (lin & 0x1) != 0) != 0;
}

static int
server_enable(void)
{
	long lin = shim_linux_tfo();

	return shim_knob("TFO_SHIM_SERVER_ENABLE",
	    lin == -1 ? 0 : (lin & 0x2) != 0) != 0;
}

static long
path_disable_time(void)
{
	return shim_knob("TFO_SHIM_PATH_DISABLE_TIME", 900);
}

/*
 * Paths {server address, port} a SYN-ACK without a TFO option disabled
 * (tcp_fastopen.c:tcp_fastopen_disable_path, 12.0 on), until a monotonic
 * second.  The kernel keys by local address too; tests have one.
 */
#define PATHS_MAX 64
struct path {
	struct sockaddr_storage	peer;	/* port included */
	time_t			until;	/* 0: free */
};
static pthread_mutex_t paths_lock = PTHREAD_MUTEX_INITIALIZER;
static struct path paths[PATHS_MAX];

static time_t
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + 1;
}

static int
same_peer(const struct sockaddr_storage *a, const struct sockaddr *b)
{
	const struct sockaddr_in *a4 = (const void *)a, *b4 = (const void *)b;
	const struct sockaddr_in6 *a6 = (const void *)a, *b6 = (const void *)b;

	if (a->ss_family != b->sa_family)
		return 0;
	if (b->sa_family == AF_INET)
		return a4->sin_port == b4->sin_port &&
		    a4->sin_addr.s_addr == b4->sin_addr.s_addr;
	if (b->sa_family == AF_INET6)
		return a6->sin6_port == b6->sin6_port &&
		    memcmp(&a6->sin6_addr, &b6->sin6_addr,
		    sizeof(a6->sin6_addr)) == 0;
	return 0;
}

static socklen_t
peer_len(const struct sockaddr *sa)
{
	return sa->sa_family == AF_INET6 ? sizeof(struct sockaddr_in6) :
	    sizeof(struct sockaddr_in);
}

/* tcp_fastopen_connect(): "Path is disabled, so disable TFO". */
static int
path_disabled(const struct sockaddr *peer)
{
	int i, r = 0;

	pthread_mutex_lock(&paths_lock);
	for (i = 0; i < PATHS_MAX; i++)
		if (paths[i].until != 0 && same_peer(&paths[i].peer, peer)) {
			if (now_s() < paths[i].until)
				r = 1;
			else
				paths[i].until = 0;	/* expired */
		}
	pthread_mutex_unlock(&paths_lock);
	return r;
}

static void
disable_path(const struct sockaddr *peer)
{
	int i, slot = 0;
	time_t oldest = 0;

	pthread_mutex_lock(&paths_lock);
	for (i = 0; i < PATHS_MAX; i++) {
		if (paths[i].until != 0 && same_peer(&paths[i].peer, peer))
			goto out;	/* "Preserve the existing disable time" */
		if (paths[i].until == 0 || oldest == 0 ||
		    paths[i].until < oldest) {
			oldest = paths[i].until;
			slot = i;
			if (oldest == 0)
				break;
		}
	}
	memset(&paths[slot].peer, 0, sizeof(paths[slot].peer));
	memcpy(&paths[slot].peer, peer, peer_len(peer));
	paths[slot].until = now_s() + path_disable_time();
out:
	pthread_mutex_unlock(&paths_lock);
}

/*
 * Bytes a failed implied connect left in a socket's send buffer, before
 * 13.1 (tcp_usr_send: sbappendstream, then tcp_connect, no sbflush on
 * its error); a later connection sends them first.
 */
#define STALE_MAX 16
struct stale {
	int	fd;	/* fd + 1; 0: free */
	ino_t	ino;
	char	*data;
	size_t	len;
};
static pthread_mutex_t stale_lock = PTHREAD_MUTEX_INITIALIZER;
static struct stale stale[STALE_MAX];

static struct stale *
stale_find(int fd)
{
	struct stat st;
	int i;

	if (fstat(fd, &st) == -1)
		return NULL;
	for (i = 0; i < STALE_MAX; i++)
		if (stale[i].fd == fd + 1 && stale[i].ino == st.st_ino)
			return &stale[i];
	return NULL;
}

static void
stale_keep(int fd, const void *buf, size_t len)
{
	struct stat st;
	struct stale *p;
	char *copy;
	int i;

	if (fstat(fd, &st) == -1 || (copy = malloc(len)) == NULL)
		return;
	memcpy(copy, buf, len);
	pthread_mutex_lock(&stale_lock);
	if ((p = stale_find(fd)) == NULL)
		for (i = 0; i < STALE_MAX && p == NULL; i++)
			if (stale[i].fd == 0)
				p = &stale[i];
	if (p != NULL && p->fd != 0) {	/* appended to what was there */
		char *more = realloc(p->data, p->len + len);

		if (more != NULL) {
			memcpy(more + p->len, copy, len);
			p->data = more;
			p->len += len;
		}
		free(copy);
	} else if (p != NULL) {
		p->fd = fd + 1;
		p->ino = st.st_ino;
		p->data = copy;
		p->len = len;
	} else
		free(copy);
	pthread_mutex_unlock(&stale_lock);
}

static size_t
stale_len(int fd)
{
	struct stale *p;
	size_t n;

	pthread_mutex_lock(&stale_lock);
	n = (p = stale_find(fd)) != NULL ? p->len : 0;
	pthread_mutex_unlock(&stale_lock);
	return n;
}

/* The connection is under way: its stale bytes go out ahead. */
static void
stale_send(int fd)
{
	struct stale *p;
	char *data = NULL;
	size_t len = 0;

	pthread_mutex_lock(&stale_lock);
	if ((p = stale_find(fd)) != NULL) {
		data = p->data;
		len = p->len;
		memset(p, 0, sizeof(*p));
	}
	pthread_mutex_unlock(&stale_lock);
	if (data != NULL)
		(void)shim_queue(fd, data, len, 0);
	free(data);
}

/*
 * A closed socket that had a connection, or tried to (the emulated
 * sendto() started one, or it sent a segment: Linux zeroes that count
 * when a blocking connect(2) fails, tcp_disconnect): FreeBSD has dropped
 * its inpcb (tcp_drop/tcp_close: INP_DROPPED), and it cannot connect
 * again.
 */
static int
dropped(int fd, int state)
{
	return state == TCP_CLOSE && ((shim_sock_flags(fd) & SHIM_SOCK_ACTIVE) ||
	    shim_tcp_segs_out(fd) > 0);
}

/*
 * tcp_usrreq.c:tcp_ctloutput, before any TCP option: ECONNRESET for
 * INP_DROPPED (all releases), and for INP_TIMEWAIT before 14.0, which
 * made TIME_WAIT an ordinary tcpcb state.
 */
static int
ctloutput_reset(int fd, int state)
{
	if (dropped(fd, state) ||
	    (state == TCP_TIME_WAIT && release() < FREEBSD_14_0)) {
		errno = ECONNRESET;
		return -1;
	}
	return 0;
}

/*
 * The SYN-ACK's effect on a client's TF_FASTOPEN (tcp_input.c:
 * tcp_do_segment, SYN_SENT option block, 12.0 on): a TFO option keeps it
 * (tcp_fastopen_update_cache), none clears it and disables the path
 * (tcp_fastopen_disable_path), even when the SYN data was acked.  The
 * server here is Linux, whose SYN-ACK carries a cookie option except for
 * a valid cookie (tcp_fastopen.c:tcp_try_fastopen sets foc->len = -1,
 * and tcp_output.c:tcp_synack_options writes only foc->len >= 0): the
 * data-in-SYN connection is the one without the option.  Applied once,
 * when the shim first sees the handshake over.
 */
static void
synack_rule(int fd, int state)
{
	struct tcp_info info;
	struct sockaddr_storage peer;
	socklen_t plen = sizeof(peer);
	unsigned int f = shim_sock_flags(fd);

	if ((f & (SHIM_SOCK_ACTIVE | SHIM_SOCK_SYNACK_SEEN)) !=
	    SHIM_SOCK_ACTIVE || state == TCP_SYN_SENT || state == TCP_CLOSE)
		return;
	shim_sock_set(fd, SHIM_SOCK_SYNACK_SEEN, 0);
	if (!(f & SHIM_SOCK_TFO) || release() < FREEBSD_12_0)
		return;
	if (shim_tcp_info(fd, &info) == -1 ||
	    !(info.tcpi_options & TCPI_OPT_SYN_DATA))
		return;	/* Linux answered with a cookie: flag kept */
	shim_sock_set(fd, 0, SHIM_SOCK_TFO);
	if (getpeername(fd, (struct sockaddr *)&peer, &plen) == 0)
		disable_path((struct sockaddr *)&peer);
}

/* The Linux state, with the SYN-ACK rule applied; -1 with errno. */
static int
state_of(int fd)
{
	int state = shim_tcp_state(fd);

	if (state != -1)
		synack_rule(fd, state);
	return state;
}

/*
 * tcp_usrreq.c:tcp_default_ctloutput, TCP_FASTOPEN, set.  10.4 (and
 * 11.x, inferred): EPERM unless "enabled", any state.  12.0 on: EPERM
 * with both switches 0; sooptcopyin's EINVAL below sizeof(int); 13.0 on:
 * EINVAL outside CLOSED and LISTEN (12.2 and stable/12 have no such
 * check; whether 12.3/12.4 got it is not known); EPERM on a
 * listener with server_enable 0.  ECONNRESET first (ctloutput_reset).
 */
static int
set_fastopen(int fd, const void *val, socklen_t len)
{
	int v, state, qlen;

	/*
	 * Without options TCP_RFC7413: before 12.0 no case TCP_FASTOPEN
	 * (the default's ENOPROTOOPT); from 12.0 the case is compiled and
	 * both switches read 0 (tcp_fastopen.h), so EPERM.
	 */
	if (!rfc7413() && release() < FREEBSD_12_0) {
		errno = ENOPROTOOPT;
		return -1;
	}
	if ((state = state_of(fd)) == -1 || ctloutput_reset(fd, state) == -1)
		return -1;
	if (!rfc7413() || (release() < FREEBSD_12_0 ? !server_enable() :
	    !client_enable() && !server_enable())) {
		errno = EPERM;
		return -1;
	}
	if (val == NULL || len < (socklen_t)sizeof(int)) {
		errno = EINVAL;
		return -1;
	}
	memcpy(&v, val, sizeof(v));
	if (release() >= FREEBSD_13_0 && state != TCP_CLOSE &&
	    state != TCP_LISTEN) {
		errno = EINVAL;
		return -1;
	}
	if (v != 0 && state == TCP_LISTEN && release() >= FREEBSD_12_0 &&
	    !server_enable()) {
		errno = EPERM;
		return -1;
	}
	shim_sock_set(fd, v != 0 ? SHIM_SOCK_TFO : 0,
	    v != 0 ? 0 : SHIM_SOCK_TFO);
	/*
	 * The flag also makes a later listen(2), or this listener, serve
	 * TFO: Linux's queue length does that here.  Linux takes it only
	 * in CLOSED and LISTEN; elsewhere the flag alone is kept.
	 */
	if (state != TCP_CLOSE && state != TCP_LISTEN)
		return 0;
	qlen = v != 0 && server_enable() ? SHIM_SERVER_QLEN : 0;
	return setsockopt(fd, IPPROTO_TCP, TCP_FASTOPEN, &qlen, sizeof(qlen));
}

int
tfo_shim_fbsd_setsockopt(int fd, int level, int name, const void *val,
    socklen_t len)
{
	if (level != IPPROTO_TCP || name != TCP_FASTOPEN)
		return setsockopt(fd, level, name, val, len);
	return set_fastopen(fd, val, len);
}

/* Linux's TCP state as FreeBSD numbers it (sys/netinet/tcp_fsm.h). */
static unsigned char
fbsd_state(unsigned char linux_state)
{
	switch (linux_state) {
	case TCP_LISTEN:	return 1;	/* TCPS_LISTEN */
	case TCP_SYN_SENT:	return 2;
	case TCP_SYN_RECV:	return 3;
	case TCP_ESTABLISHED:	return 4;
	case TCP_CLOSE_WAIT:	return 5;
	case TCP_FIN_WAIT1:	return 6;
	case TCP_CLOSING:	return 7;
	case TCP_LAST_ACK:	return 8;
	case TCP_FIN_WAIT2:	return 9;
	case TCP_TIME_WAIT:	return 10;
	default:		return 0;	/* TCPS_CLOSED */
	}
}

/*
 * TCP_INFO (tcp_usrreq.c:tcp_fill_info): tcpi_state in FreeBSD's numbers;
 * TCPI_OPT_TFO iff TF_FASTOPEN, here from 14.0: 13.0-13.2's tcp_fill_info
 * never sets it, nor the 14-CURRENT of 1400081; main of 1500012 does.
 * Whether 14.0 has it is not known (the backend does not read it).
 * Linux's 0x20 (SYN_DATA) is the same bit: cleared.
 */
static int
get_info(int fd, void *val, socklen_t *len)
{
	struct tcp_info *info = val;
	int state;

	/*
	 * FreeBSD answers under the inpcb lock (tcp_ctloutput, then
	 * tcp_fill_info): the ECONNRESET rule and the state it reports see
	 * one connection.  So the rule is applied to the state of this one
	 * reading (a second read could put a reset between them, and a
	 * dropped socket would read CLOSED); the segment count dropped()
	 * also reads only grows.
	 */
	if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, val, len) == -1)
		return -1;
	if (len == NULL || *len < (socklen_t)sizeof(info->tcpi_state)) {
		if ((state = state_of(fd)) == -1 ||
		    ctloutput_reset(fd, state) == -1)
			return -1;
		return 0;
	}
	state = info->tcpi_state;
	synack_rule(fd, state);
	if (ctloutput_reset(fd, state) == -1)
		return -1;
	if (*len < (socklen_t)(offsetof(struct tcp_info, tcpi_options) +
	    sizeof(info->tcpi_options)))
		return 0;
	info->tcpi_options &= ~TCPI_OPT_TFO;
	if (release() >= FREEBSD_14_0 && (shim_sock_flags(fd) & SHIM_SOCK_TFO))
		info->tcpi_options |= TCPI_OPT_TFO;
	info->tcpi_state = fbsd_state(info->tcpi_state);
	return 0;
}

/*
 * TCP_FASTOPEN, get (tcp_default_ctloutput): "optval = tp->t_flags &
 * TF_FASTOPEN", the raw flag bit, not 1 (TF_FASTOPEN is bit 31); 0
 * without TCP_RFC7413 from 12.0, where the flag cannot be set.
 */
static int
get_fastopen(int fd, void *val, socklen_t *len)
{
	int state, v;

	if (!rfc7413() && release() < FREEBSD_12_0) {
		errno = ENOPROTOOPT;
		return -1;
	}
	if ((state = state_of(fd)) == -1 || ctloutput_reset(fd, state) == -1)
		return -1;
	if (val == NULL || len == NULL || *len < (socklen_t)sizeof(int)) {
		errno = EINVAL;
		return -1;
	}
	v = (shim_sock_flags(fd) & SHIM_SOCK_TFO) ? INT_MIN : 0;
	memcpy(val, &v, sizeof(v));
	*len = sizeof(v);
	return 0;
}

int
tfo_shim_fbsd_getsockopt(int fd, int level, int name, void *val,
    socklen_t *len)
{
	if (level == IPPROTO_TCP && name == TCP_INFO)
		return get_info(fd, val, len);
	if (level == IPPROTO_TCP && name == TCP_FASTOPEN)
		return get_fastopen(fd, val, len);
	return getsockopt(fd, level, name, val, len);
}

/*
 * sendto() with an address: uipc_socket.c:sosend_generic (EPIPE once the
 * connection was dropped: SBS_CANTSENDMORE is tested before so_error;
 * the space check precedes the implied connect), then tcp_usrreq.c:
 * tcp_usr_send: an implied connect on a CLOSED socket that queues the
 * data and returns the count, never EINPROGRESS, never waiting; EINVAL on
 * a listener (14); past CLOSED the address is ignored and the data
 * appended (all releases).  With TF_FASTOPEN, tcp_fastopen_connect()
 * (12.0 on) puts data in the SYN when a cookie is cached, clears the flag
 * on a disabled path; with client_enable 0 the cache is disabled, so the
 * SYN only asks for a cookie and the data follows the handshake (here: a
 * plain SYN; see synack_rule for what the answer does).
 */
ssize_t
tfo_shim_fbsd_sendto(int fd, const void *buf, size_t len, int flags,
    const struct sockaddr *addr, socklen_t addrlen)
{
	int state, tfo, fl, r, err;
	size_t done = 0, queued;
	ssize_t n;

	if (addr == NULL)
		return sendto(fd, buf, len, flags, addr, addrlen);
	if ((state = state_of(fd)) == -1)
		return -1;
	if (dropped(fd, state)) {
		errno = EPIPE;
		return -1;
	}
	/* 14 tcp_usr_send; before, the listener's address check (EINVAL
	 * too, in in_pcbconnect_setup for a bound port) is what answers. */
	if (state == TCP_LISTEN) {
		errno = EINVAL;
		return -1;
	}
	if (state != TCP_CLOSE)	/* past CLOSED: the address is ignored */
		return send(fd, buf, len, flags);
	if (shim_knob("TFO_SHIM_SNDBUF_FULL", 0) != 0) {
		errno = EAGAIN;
		return -1;
	}

	tfo = rfc7413() && release() >= FREEBSD_12_0 &&
	    (shim_sock_flags(fd) & SHIM_SOCK_TFO) && !stale_len(fd) &&
	    shim_knob("TFO_SHIM_CONNECT_EAGAIN", 0) == 0;
	if (tfo && path_disabled(addr)) {
		shim_sock_set(fd, 0, SHIM_SOCK_TFO);
		tfo = 0;
	}
	if (tfo && client_enable()) {
		n = sendto(fd, buf, len, MSG_FASTOPEN | MSG_DONTWAIT |
		    MSG_NOSIGNAL, addr, addrlen);
		if (n >= 0)
			done = (size_t)n;
		else if (errno == EOPNOTSUPP)
			tfo = 0;	/* this namespace's Linux says no */
		else if (errno != EINPROGRESS) {
			err = errno;
			/* Before 13.1: appended first, no sbflush. */
			if (release() < FREEBSD_13_1)
				stale_keep(fd, buf, len);
			errno = err;
			return -1;
		}
	} else
		tfo = 0;
	if (!tfo) {
		/*
		 * The implied connect's EAGAIN: in_pcbinshash failed (no
		 * memory), 13.1 tcp_usrreq.c:tcp_connect, main
		 * in_pcb.c:in_pcbconnect (IPv4 only: main's in6_pcbconnect
		 * ignores the failure); older releases through in_pcbbind
		 * (10.4).  The data was copied first, so kern_sendit (10.4,
		 * 13) / uipc_socket.c:sousrsend (main) clear EWOULDBLOCK and
		 * report the count.  tcp_usr_send flushes the data from 13.1
		 * (sbflush); before, it stays queued (10.4, stable/12,
		 * 13.0).  The tcpcb stays CLOSED, not INP_DROPPED.
		 */
		if (shim_knob("TFO_SHIM_CONNECT_EAGAIN", 0) != 0) {
			if (release() < FREEBSD_13_1)
				stale_keep(fd, buf, len);
			return (ssize_t)len;
		}
		if ((fl = shim_nonblocking(fd, 1)) == -1)
			return -1;
		r = connect(fd, addr, addrlen);
		err = errno;
		(void)shim_restore_flags(fd, fl);
		if (r == -1 && err != EINPROGRESS) {
			/* Before 13.1: appended first, no sbflush. */
			if (release() < FREEBSD_13_1)
				stale_keep(fd, buf, len);
			errno = err;
			return -1;
		}
	}
	/* Under way (a failure before this left the socket CLOSED, usable). */
	shim_sock_set(fd, SHIM_SOCK_ACTIVE, SHIM_SOCK_SYNACK_SEEN);
	stale_send(fd);	/* what an earlier failed call left goes first */
	queued = shim_queue(fd, buf, len, done);
	(void)state_of(fd);	/* the SYN-ACK's rule, now that it came */
	return (ssize_t)queued;
}

/*
 * FIONWRITE (sys/kern/uipc_socket.c soo_ioctl: sbused of so_snd): the
 * stale bytes of a CLOSED socket, else what Linux still holds unsent.
 */
int
tfo_shim_fbsd_ioctl(int fd, unsigned long req, ...)
{
	va_list ap;
	void *arg;
	int n = 0, state;

	va_start(ap, req);
	arg = va_arg(ap, void *);
	va_end(ap);
	if (req != 0x40046677)	/* FIONWRITE */
		return ioctl(fd, req, arg);
	if ((state = shim_tcp_state(fd)) == -1)
		return -1;
	if (state == TCP_CLOSE)
		n = (int)stale_len(fd);
	else if (ioctl(fd, SIOCOUTQ, &n) == -1)
		return -1;
	memcpy(arg, &n, sizeof(n));
	return 0;
}

/* kern.osreldate as FreeBSD's sys/param.h __FreeBSD_version counts. */
static long
osreldate(void)
{
	long r = release();

	return (r / 100) * 100000 + (r % 100) * 1000;
}

int
sysctlbyname(const char *name, void *old, size_t *oldlen, const void *new,
    size_t newlen)
{
	int value;
	int newer = release() >= FREEBSD_12_0;

	(void)newlen;
	if (name == NULL) {
		errno = ENOENT;
		return -1;
	}
	if (strcmp(name, "kern.osreldate") == 0)
		value = (int)osreldate();
	else if (rfc7413() && newer &&
	    strcmp(name, "net.inet.tcp.fastopen.client_enable") == 0)
		value = client_enable();
	else if (rfc7413() && newer &&
	    strcmp(name, "net.inet.tcp.fastopen.server_enable") == 0)
		value = server_enable();
	else if (rfc7413() && newer &&
	    strcmp(name, "net.inet.tcp.fastopen.path_disable_time") == 0)
		value = (int)path_disable_time();
	else if (rfc7413() && !newer &&
	    strcmp(name, "net.inet.tcp.fastopen.enabled") == 0)
		value = server_enable();
	else {
		errno = ENOENT;
		return -1;
	}
	if (new != NULL) {
		errno = EPERM;	/* the shim's sysctls are read-only */
		return -1;
	}
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

/* SPDX-License-Identifier: ISC */
/*
 * Kernel shim: FreeBSD's answers, built on Linux TCP Fast Open, so that
 * the freebsd backend's own code runs here.  Facts reproduced, with the
 * FreeBSD source they come from (research/semantics.md section 2):
 *
 * - setsockopt(TCP_FASTOPEN): ENOPROTOOPT without options TCP_RFC7413;
 *   EPERM when client_enable and server_enable are both 0; EINVAL outside
 *   CLOSED and LISTEN; EPERM on a listener when server_enable is 0; a
 *   switch, before or after listen(2) (sys/netinet/tcp_usrreq.c
 *   tcp_default_ctloutput).
 * - sendto() with an address on a closed socket is an implied connect
 *   that queues the data and returns the bytes queued, never EINPROGRESS,
 *   never waiting for the handshake; with TCP_FASTOPEN set and
 *   client_enable on, the SYN carries up to one MSS of it when a cookie is
 *   cached (sys/kern/uipc_socket.c sosend_generic, sys/netinet/tcp_usrreq.c
 *   tcp_usr_send, sys/netinet/tcp_fastopen.c tcp_fastopen_connect).
 * - The connection's failure comes back on the next call, not from sendto.
 * - On a socket past CLOSED the address is ignored and the data appended.
 * - TCP_INFO's TCPI_OPT_TFO (0x20) mirrors the socket's TFO flag, set by
 *   the setsockopt (sys/netinet/tcp_usrreq.c tcp_fill_info); tcpi_state
 *   is FreeBSD's TCPS_* number (sys/netinet/tcp_fsm.h).
 * - sysctls net.inet.tcp.fastopen.client_enable (default 1) and
 *   server_enable (default 0) (sys/netinet/tcp_fastopen.c).
 *
 * Controls, read at every call: TFO_SHIM_CLIENT_ENABLE and
 * TFO_SHIM_SERVER_ENABLE (unset, they follow the namespace's
 * net.ipv4.tcp_fastopen bits 0x1 and 0x2), TFO_SHIM_RFC7413=0 (a kernel without TFO: no
 * sysctls, ENOPROTOOPT), TFO_SHIM_SERVER_ONLY=1 (10.3/11.x: EINVAL for
 * the option on a non-listening socket), TFO_SHIM_SNDBUF_FULL=1 (sendto
 * finds no room: EAGAIN before the implied connect starts, inferred).
 *
 * Not reproduced: timing (the shim waits for the loopback handshake where
 * FreeBSD returns at once); the cookie cache keyed by port and the path
 * disabling after a SYN-ACK without a TFO option (Linux's cache is used);
 * TCPI_OPT_TFO's being set on cookie-request connections: here it is set
 * only when Linux saw the SYN data acked, or while still connecting; the
 * server_enable check at SYN time for an option set before listen(2).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/types.h>
#include <sys/socket.h>
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

/* Pending TFO a Linux listener may hold; FreeBSD caps at backlog / 2. */
#define SHIM_SERVER_QLEN 16

int sysctlbyname(const char *, void *, size_t *, const void *, size_t);
int tfo_shim_fbsd_setsockopt(int, int, int, const void *, socklen_t);
int tfo_shim_fbsd_getsockopt(int, int, int, void *, socklen_t *);
ssize_t tfo_shim_fbsd_sendto(int, const void *, size_t, int,
    const struct sockaddr *, socklen_t);

static int
rfc7413(void)
{
	return shim_knob("TFO_SHIM_RFC7413", 1) != 0;
}

/*
 * Unless set, the switches follow the namespace's Linux one (0x1 client,
 * 0x2 server); FreeBSD's defaults (1 and 0) when that cannot be read.
 */
static int
client_enable(void)
{
	long lin = shim_linux_tfo();

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

/*
 * The socket's TF_FASTOPEN flag.  The shim keeps it in Linux's own
 * TCP_FASTOPEN queue length, which a client socket ignores and which a
 * later listen(2) turns into server TFO, as FreeBSD's flag does.
 */
static int
tfo_flag(int fd)
{
	int qlen = 0;
	socklen_t len = sizeof(qlen);

	if (getsockopt(fd, IPPROTO_TCP, TCP_FASTOPEN, &qlen, &len) == -1)
		return 0;
	return qlen > 0;
}

int
tfo_shim_fbsd_setsockopt(int fd, int level, int name, const void *val,
    socklen_t len)
{
	int v, state, qlen;

	if (level != IPPROTO_TCP || name != TCP_FASTOPEN)
		return setsockopt(fd, level, name, val, len);
	if (!rfc7413()) {
		errno = ENOPROTOOPT;
		return -1;
	}
	if (!client_enable() && !server_enable()) {
		errno = EPERM;
		return -1;
	}
	/* An int, or struct tcp_fastopen (enable first, then a PSK). */
	if (val == NULL || len < (socklen_t)sizeof(int)) {
		errno = EINVAL;
		return -1;
	}
	memcpy(&v, val, sizeof(v));
	if ((state = shim_tcp_state(fd)) == -1)
		return -1;
	if (state != TCP_CLOSE && state != TCP_LISTEN) {
		errno = EINVAL;
		return -1;
	}
	if (v != 0 && state == TCP_LISTEN && !server_enable()) {
		errno = EPERM;
		return -1;
	}
	if (v != 0 && state == TCP_CLOSE &&
	    shim_knob("TFO_SHIM_SERVER_ONLY", 0) != 0) {
		errno = EINVAL;
		return -1;
	}
	qlen = v != 0 ? SHIM_SERVER_QLEN : 0;
	return setsockopt(fd, IPPROTO_TCP, TCP_FASTOPEN, &qlen, sizeof(qlen));
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

int
tfo_shim_fbsd_getsockopt(int fd, int level, int name, void *val,
    socklen_t *len)
{
	struct tcp_info *info = val;
	int flag;

	if (level != IPPROTO_TCP || name != TCP_INFO)
		return getsockopt(fd, level, name, val, len);
	flag = tfo_flag(fd);
	if (getsockopt(fd, level, name, val, len) == -1)
		return -1;
	if (len == NULL || *len < (socklen_t)(offsetof(struct tcp_info,
	    tcpi_options) + sizeof(info->tcpi_options)))
		return 0;
	/*
	 * Linux's 0x20 is SYN_DATA; FreeBSD's is its TFO flag, still set
	 * while connecting and kept when the SYN-ACK had a TFO option.
	 */
	if (flag && (info->tcpi_state == TCP_SYN_SENT ||
	    (info->tcpi_options & TCPI_OPT_SYN_DATA)))
		info->tcpi_options |= TCPI_OPT_TFO;
	else
		info->tcpi_options &= ~TCPI_OPT_TFO;
	info->tcpi_state = fbsd_state(info->tcpi_state);
	return 0;
}

ssize_t
tfo_shim_fbsd_sendto(int fd, const void *buf, size_t len, int flags,
    const struct sockaddr *addr, socklen_t addrlen)
{
	int state, tfo, fl, r, err;
	size_t done = 0;
	ssize_t n;

	if (addr == NULL)
		return sendto(fd, buf, len, flags, addr, addrlen);
	if ((state = shim_tcp_state(fd)) == -1)
		return -1;
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

	tfo = rfc7413() && client_enable() && tfo_flag(fd);
	if (tfo) {
		n = sendto(fd, buf, len, MSG_FASTOPEN | MSG_DONTWAIT |
		    MSG_NOSIGNAL, addr, addrlen);
		if (n >= 0)
			done = (size_t)n;
		else if (errno == EOPNOTSUPP)
			tfo = 0;	/* this namespace's Linux says no */
		else if (errno != EINPROGRESS)
			return -1;
	}
	if (!tfo) {
		if ((fl = shim_nonblocking(fd, 1)) == -1)
			return -1;
		r = connect(fd, addr, addrlen);
		err = errno;
		(void)shim_restore_flags(fd, fl);
		if (r == -1 && err != EINPROGRESS) {
			errno = err;
			return -1;
		}
	}
	return (ssize_t)shim_queue(fd, buf, len, done);
}

int
sysctlbyname(const char *name, void *old, size_t *oldlen, const void *new,
    size_t newlen)
{
	unsigned int value;

	(void)newlen;
	if (name != NULL && rfc7413() &&
	    strcmp(name, "net.inet.tcp.fastopen.client_enable") == 0)
		value = (unsigned int)client_enable();
	else if (name != NULL && rfc7413() &&
	    strcmp(name, "net.inet.tcp.fastopen.server_enable") == 0)
		value = (unsigned int)server_enable();
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

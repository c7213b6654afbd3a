/* SPDX-License-Identifier: ISC */
/*
 * The client side on Linux: TCP_FASTOPEN_CONNECT (4.11) set right before
 * connect(2).  The kernel then defers the SYN to the first write only when
 * it holds a cookie for the server (tcp_fastopen_defer_connect()); without
 * one, connect(2) is a plain handshake that asks for a cookie.
 */
#include "config.h"

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/socket.h>
#include <string.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#include "tforun.h"

#ifndef TCP_FASTOPEN_CONNECT
#define TCP_FASTOPEN_CONNECT 30
#endif
/* include/net/tcp_states.h: fixed kernel ABI. */
#define STATE_SYN_SENT 2
#define STATE_CLOSE 7

/*
 * struct tcp_info as the kernel fills it (include/uapi/linux/tcp.h, fixed
 * ABI): the state in byte 0, tcpi_segs_out (4.2) at byte 136.  Read as
 * bytes: the C libraries' own struct tcp_info stops short of it (glibc)
 * and <linux/tcp.h> is not everywhere (musl).
 */
#define INFO_SEGS_OUT 136

/* The state byte, and segments sent so far (1 when the kernel cannot say). */
static int
tcp_state(int fd, unsigned int *segs_out)
{
	unsigned char info[INFO_SEGS_OUT + 8];
	socklen_t len = sizeof(info);
	uint32_t segs;

	if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, info, &len) == -1 || len < 1)
		return -1;	/* not TCP, or not a socket */
	*segs_out = 1;	/* before 4.2: cannot tell, say "left" */
	if (len >= INFO_SEGS_OUT + sizeof(segs)) {
		memcpy(&segs, info + INFO_SEGS_OUT, sizeof(segs));
		*segs_out = segs;
	}
	return info[0];
}

int
tforun_client_arm(int fd)
{
	int saved_errno = errno, one = 1, v = 0;
	socklen_t len = sizeof(v);
	unsigned int segs;

	/* A fresh TCP socket that the program did not ask TFO of itself. */
	if (tcp_state(fd, &segs) != STATE_CLOSE ||
	    getsockopt(fd, IPPROTO_TCP, TCP_FASTOPEN_CONNECT, &v, &len) == -1 ||
	    v != 0 ||
	    setsockopt(fd, IPPROTO_TCP, TCP_FASTOPEN_CONNECT, &one,
	    sizeof(one)) == -1) {
		/* EOPNOTSUPP: the sysctl's client bit is off; ENOPROTOOPT: < 4.11 */
		errno = saved_errno;
		return 0;
	}
	return 1;
}

int
tforun_client_disarm(int fd)
{
	int saved_errno = errno, zero = 0;
	unsigned int segs;

	/* Only a CLOSED socket takes the option (do_tcp_setsockopt). */
	if (tcp_state(fd, &segs) != STATE_CLOSE) {
		errno = saved_errno;
		return 0;
	}
	(void)setsockopt(fd, IPPROTO_TCP, TCP_FASTOPEN_CONNECT, &zero,
	    sizeof(zero));
	errno = saved_errno;
	return 1;
}

int
tforun_client_pending(int fd)
{
	int saved_errno = errno, r;
	unsigned int segs;

	/* Deferred: SYN_SENT by the books, yet not one segment out. */
	r = tcp_state(fd, &segs) == STATE_SYN_SENT && segs == 0;
	errno = saved_errno;
	return r;
}

int
tforun_client_peername(int fd, struct sockaddr *addr, socklen_t *len)
{
	struct sockaddr_storage peer, self;
	socklen_t plen, slen = sizeof(self);
	unsigned int segs;

	/*
	 * getpeername(2) says ENOTCONN in SYN_SENT (inet_getname(), peer 1);
	 * SO_PEERNAME asks the same function with peer 2, which answers.
	 */
	if (len == NULL || tcp_state(fd, &segs) != STATE_SYN_SENT ||
	    getsockname(fd, (struct sockaddr *)&self, &slen) == -1) {
		errno = ENOTCONN;
		return -1;
	}
	/*
	 * SO_PEERNAME wants no more room than the address takes (sock_
	 * getsockopt: EINVAL when lv < len), where getpeername(2) takes any
	 * buffer: ask with the family's own size, then answer as
	 * getpeername(2) does, truncated to *len, with the real length.
	 */
	plen = self.ss_family == AF_INET6 ? sizeof(struct sockaddr_in6) :
	    sizeof(struct sockaddr_in);
	if (getsockopt(fd, SOL_SOCKET, SO_PEERNAME, &peer, &plen) == -1)
		return -1;
	if (addr != NULL)
		memcpy(addr, &peer, *len < plen ? *len : plen);
	*len = plen;
	return 0;
}

/* SPDX-License-Identifier: ISC */
/*
 * The first write on a socket whose SYN waits for it.  The kernel sends
 * the SYN with as much data as fits, and:
 *  - non-blocking: returns what rode in the SYN, or EINPROGRESS when
 *    nothing could (no cookie after all): a program expects EAGAIN there;
 *  - blocking: waits for the handshake, and a signal during that wait
 *    fails the call although the SYN carried the bytes, so a restart
 *    sends them twice (tcp_sendmsg_fastopen(): only EINPROGRESS keeps the
 *    count).  So the SYN's share is always sent with MSG_DONTWAIT, and
 *    only the rest with the program's blocking call.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include "tforun.h"

#define IOV_ON_STACK 16

/* The part of msg after its first skip bytes, in iov (which has room). */
static void
advance(struct msghdr *rest, const struct msghdr *msg, struct iovec *iov,
    size_t skip)
{
	size_t i, j = 0;

	*rest = *msg;
	for (i = 0; i < (size_t)msg->msg_iovlen; i++) {
		if (skip >= msg->msg_iov[i].iov_len) {
			skip -= msg->msg_iov[i].iov_len;
			continue;
		}
		iov[j].iov_base = (char *)msg->msg_iov[i].iov_base + skip;
		iov[j].iov_len = msg->msg_iov[i].iov_len - skip;
		skip = 0;
		j++;
	}
	rest->msg_iov = iov;
	rest->msg_iovlen = j;
	/*
	 * Control data goes with the rest too: when bytes ride in the SYN
	 * the kernel leaves before reading it (tcp_sendmsg_locked returns
	 * after tcp_sendmsg_fastopen), and it is per call.
	 */
}

/* Start the handshake without data; never waits. */
static void
send_syn_empty(int fd)
{
	TFORUN_REAL(ssize_t, (int, const void *, size_t, int), "send");

	if (real != NULL)
		(void)real(fd, "", 0, MSG_DONTWAIT | MSG_NOSIGNAL);
}

ssize_t
tforun_first_send(int fd, const struct msghdr *msg, int flags)
{
	TFORUN_REAL(ssize_t, (int, const struct msghdr *, int), "sendmsg");
	struct iovec stack_iov[IOV_ON_STACK], *iov = stack_iov;
	struct msghdr rest;
	int saved_errno = errno, fl, blocking;
	size_t i, total = 0;
	ssize_t n, m;

	if (real == NULL) {
		errno = ENOSYS;
		return -1;
	}
	for (i = 0; i < (size_t)msg->msg_iovlen; i++)
		total += msg->msg_iov[i].iov_len;
	if (total == 0 && msg->msg_controllen == 0) {
		/* write(2) of nothing: 0, and the SYN still waits. */
		tforun_mark_untake(fd);
		return 0;
	}
	fl = fcntl(fd, F_GETFL);
	blocking = fl != -1 && (fl & O_NONBLOCK) == 0 &&
	    (flags & MSG_DONTWAIT) == 0;
#ifdef MSG_ZEROCOPY
	if (blocking && (flags & MSG_ZEROCOPY)) {
		/*
		 * Split in two, the program would get two completions for
		 * its one call: the SYN leaves empty, and the program's call
		 * goes as it is, once.
		 */
		send_syn_empty(fd);
		errno = saved_errno;
		return real(fd, msg, flags);
	}
#endif
	n = real(fd, msg, flags | MSG_DONTWAIT);
	if (n == -1 && errno != EINPROGRESS && errno != EAGAIN &&
	    tforun_client_pending(fd)) {
		/* Refused before any SYN (EFAULT, EMSGSIZE, ...): as it was. */
		tforun_mark_untake(fd);
		return -1;
	}
	if (!blocking) {
		if (n == -1 && errno == EINPROGRESS)
			errno = EAGAIN;	/* the SYN left empty: try when writable */
		return n;
	}
	if (n == -1 && errno != EINPROGRESS && errno != EAGAIN)
		return -1;
	if (n == -1) {		/* nothing queued: all of it, below */
		n = 0;
		errno = saved_errno;
	}
	if ((size_t)n >= total)
		return n;
	if ((size_t)msg->msg_iovlen > IOV_ON_STACK &&
	    (iov = malloc((size_t)msg->msg_iovlen * sizeof(*iov))) == NULL)
		return n > 0 ? n : -1;	/* ENOMEM, and nothing sent twice */
	if (n == 0)
		rest = *msg;	/* with its control data, untouched */
	else
		advance(&rest, msg, iov, (size_t)n);
	/* Blocking from here: what the program's call would have done. */
	m = real(fd, &rest, flags);
	if (iov != stack_iov)
		free(iov);
	if (m == -1)
		return n > 0 ? n : -1;	/* a short count, as write(2) gives */
	return n + m;
}

void
tforun_kick(int fd)
{
	int saved_errno = errno;

	/*
	 * An empty send starts the handshake (tcp_send_syn_data() copies
	 * nothing); it never waits.  The program's read then waits, or says
	 * EAGAIN, exactly as on a connection under way.  A writer meanwhile
	 * goes through tforun_first_send(), which is right either way.
	 */
	if (!tforun_mark_take_kick(fd))
		return;
	if (tforun_client_pending(fd)) {
		send_syn_empty(fd);
		tforun_log(fd, "read before the first write: SYN sent without data");
	}
	tforun_mark_kicked(fd);
	errno = saved_errno;
}

/* SPDX-License-Identifier: ISC */
/*
 * macOS: connectx(CONNECT_DATA_IDEMPOTENT), CONNECT_RESUME_ON_READ_WRITE,
 * TCP_FASTOPEN (value 1, listening sockets only), TCP_CONNECTION_INFO,
 * sysctl net.inet.tcp.fastopen.  Each mapping names the XNU function it
 * rests on (xnu-3247 to xnu-11417); t/shim/xnu.c emulates them, release
 * by release.
 */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <string.h>
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/sysctl.h>
#include <sys/uio.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#include "tfo.h"
#include "tfo_impl.h"

/* Bits of net.inet.tcp.fastopen: the reverse of Linux's. */
#define FASTOPEN_SERVER	0x1
#define FASTOPEN_CLIENT	0x2

/* socket_fastopen() requests waiting for their socket_listen(). */
#define PENDING_MAX	64

const char tfo_impl_name[] = "darwin";

/* sosendcheck sleeps unless SS_NBIO or MSG_NBIO */
const int tfo_impl_send_dontwait = 0;

/*
 * A request is kept with its socket's local address as bound then:
 * close(2) cannot clear the entry, and the number may come back on
 * another socket, which must not inherit the request.  fstat() cannot
 * tell sockets apart on XNU (soo_stat() leaves st_dev and st_ino 0).  A
 * request made before bind(2) has only its number to go by.
 */
struct pending {
	int	fd;	/* fd + 1; 0: free slot */
	struct sockaddr_storage local;
	socklen_t locallen;
};

static pthread_mutex_t pending_lock = PTHREAD_MUTEX_INITIALIZER;
static struct pending pending[PENDING_MAX];

/* XNU's TCP states, bsd/netinet/tcp_fsm.h (not in the SDK). */
#define XNU_TCPS_CLOSED		0
#define XNU_TCPS_LISTEN		1
#define XNU_TCPS_SYN_SENT	2
#define XNU_TCPS_SYN_RECEIVED	3

/*
 * The client bit.  connectx(CONNECT_DATA_IDEMPOTENT) succeeds whatever
 * the sysctl says: TF_FASTOPEN is set only with the bit on
 * (bsd/netinet/tcp_usrreq.c:tcp_usr_connectx_common), and otherwise the
 * data follows a plain SYN; CONNECT_RESUME_ON_READ_WRITE defers the SYN
 * with or without it (soconnectxlocked, connectitx).  Only the sysctl
 * tells a refusal, so it is read at every call.
 */
static int
client_bit_on(void)
{
	return tfo_impl_kernel_allows(TFO_CLIENT) == TFO_YES;
}

/*
 * connectx() appeared in 10.11; built for an older deployment target it is
 * weakly linked and may be missing at run time.
 */
static int
have_connectx(void)
{
#if defined(__MAC_OS_X_VERSION_MIN_REQUIRED) && \
    __MAC_OS_X_VERSION_MIN_REQUIRED < 101100
	return connectx != NULL;
#else
	return 1;
#endif
}

static void
endpoints(sa_endpoints_t *sae, const struct sockaddr *addr,
    socklen_t addrlen)
{
	memset(sae, 0, sizeof(*sae));
	sae->sae_dstaddr = addr;
	sae->sae_dstaddrlen = addrlen;
}

ssize_t
tfo_impl_connect_send(int fd, const struct sockaddr *addr, socklen_t addrlen,
    const void *buf, size_t len)
{
	sa_endpoints_t sae;
	struct iovec iov;
	size_t queued = 0;
	int fl, r, err;

	if (!have_connectx() || !client_bit_on())
		return TFO_IMPL_REFUSED;
	endpoints(&sae, addr, addrlen);
	iov.iov_base = (void *)buf;
	iov.iov_len = len;

	/*
	 * On a blocking socket connectx() sleeps through the handshake, and a
	 * signal then ends it with EINTR after the data was queued, which
	 * invites a duplicating retry.  So it always runs non-blocking; the
	 * common code does the waiting with poll(2).  Another thread sharing
	 * this descriptor sees O_NONBLOCK for the length of the call.
	 */
	if ((fl = tfo_nonblock_begin(fd)) == -1)
		return -1;
	r = connectx(fd, &sae, SAE_ASSOCID_ANY, CONNECT_DATA_IDEMPOTENT,
	    &iov, 1, &queued, NULL);
	err = errno;
	tfo_nonblock_end(fd, fl);

	if (r == 0)
		return (ssize_t)queued;
	/* No connectx() in this kernel: the socket is untouched. */
	if (err == ENOSYS)
		return TFO_IMPL_REFUSED;
	/*
	 * Unlike Linux, EINPROGRESS usually comes with the data queued:
	 * all of it on a non-blocking socket, or the preconnect buffer's
	 * worth (2048 bytes, 1024 on 10.11; sbspace's sb_preconn_hiwat) on
	 * any socket when there is more.
	 */
	if (err == EINPROGRESS && queued > 0)
		return (ssize_t)queued;
	/* Any other failure discards what *len reported as queued. */
	errno = err;
	return -1;
}

int
tfo_impl_connect_deferred(int fd, const struct sockaddr *addr,
    socklen_t addrlen)
{
	sa_endpoints_t sae;

	if (!have_connectx() || !client_bit_on())
		return TFO_IMPL_REFUSED;
	endpoints(&sae, addr, addrlen);
	/* Returns at once; the SYN leaves with the first write (or read). */
	if (connectx(fd, &sae, SAE_ASSOCID_ANY,
	    CONNECT_RESUME_ON_READ_WRITE | CONNECT_DATA_IDEMPOTENT,
	    NULL, 0, NULL, NULL) == 0)
		return 0;
	if (errno == ENOSYS)
		return TFO_IMPL_REFUSED;
	return -1;
}

/* fd's local address: 0, or -1 with errno (not open, not a socket). */
static int
local_address(int fd, struct sockaddr_storage *ss, socklen_t *len)
{
	*len = sizeof(*ss);
	memset(ss, 0, sizeof(*ss));
	return getsockname(fd, (struct sockaddr *)ss, len);
}

/* Was the entry's socket unbound when it asked? */
static int
local_address_unbound(const struct pending *p)
{
	const struct sockaddr_storage *ss = &p->local;

	if (ss->ss_family == AF_INET)
		return ((const struct sockaddr_in *)ss)->sin_port == 0;
	if (ss->ss_family == AF_INET6)
		return ((const struct sockaddr_in6 *)ss)->sin6_port == 0;
	return 1;
}

/* Does entry p still name the socket that made the request? */
static int
pending_live(const struct pending *p)
{
	struct sockaddr_storage now;
	socklen_t len;
	int err = errno, live;

	if (local_address(p->fd - 1, &now, &len) == -1)
		live = 0;	/* closed, or no longer a socket */
	else if (local_address_unbound(p))
		live = 1;	/* asked before bind(2): the number is all */
	else
		live = len == p->locallen &&
		    memcmp(&now, &p->local, (size_t)len) == 0;
	errno = err;
	return live;
}

/* Remember fd's request for its socket_listen(): 0, or -1 with errno. */
static int
pending_add(int fd)
{
	struct sockaddr_storage local;
	socklen_t locallen;
	int i, slot = -1;

	if (local_address(fd, &local, &locallen) == -1)
		return -1;
	pthread_mutex_lock(&pending_lock);
	for (i = 0; i < PENDING_MAX; i++) {
		if (pending[i].fd == fd + 1) {
			slot = i;	/* this socket's, or a stale one's */
			break;
		}
		if (pending[i].fd == 0 && slot == -1)
			slot = i;
	}
	/* Full: the first request whose socket was closed makes room. */
	for (i = 0; slot == -1 && i < PENDING_MAX; i++)
		if (!pending_live(&pending[i]))
			slot = i;
	if (slot != -1) {
		pending[slot].fd = fd + 1;
		pending[slot].local = local;
		pending[slot].locallen = locallen;
	}
	pthread_mutex_unlock(&pending_lock);
	if (slot == -1) {
		errno = ENOBUFS;
		return -1;
	}
	return 0;
}

/* Forget fd's request; 1 if this socket made one. */
static int
pending_take(int fd)
{
	int i, found = 0;

	pthread_mutex_lock(&pending_lock);
	for (i = 0; i < PENDING_MAX; i++)
		if (pending[i].fd == fd + 1) {
			found = pending_live(&pending[i]);
			pending[i].fd = 0;
		}
	pthread_mutex_unlock(&pending_lock);
	return found;
}

int
tfo_impl_server_enable(int fd, int qlen, enum tfo_impl_when when)
{
	int one = 1;

	(void)qlen;	/* a switch here: any value but 0 or 1 is EINVAL */
	switch (when) {
	case TFO_IMPL_BEFORE_LISTEN:
		/*
		 * The kernel takes the option only in LISTEN state (EINVAL
		 * before): keep the request for socket_listen(), but say now
		 * what the kernel would say then if its server bit is off.
		 */
		if (tfo_impl_kernel_allows(TFO_SERVER) == TFO_NO) {
			errno = ENOTSUP;
			return -1;
		}
		return pending_add(fd);
	case TFO_IMPL_LISTEN_HOOK:
		if (!pending_take(fd))
			return 0;
		break;
	case TFO_IMPL_LISTENING:
		(void)pending_take(fd);
		break;
	}
	return setsockopt(fd, IPPROTO_TCP, TCP_FASTOPEN, &one, sizeof(one));
}

/*
 * TCP_CONNECTION_INFO (bsd/netinet/tcp_usrreq.c:tcp_connection_fill_info):
 * tcpi_tfo_syn_data_acked, a client's, is set when the SYN-ACK acked at
 * least one byte of the SYN's data (tcp_input.c, SYN_SENT); a server's
 * tcpi_tfo_syn_data_rcv when the SYN's cookie was valid, with or without
 * data (tcp_input.c:tcp_tfo_syn), so TFO_NEGOTIATED.  Before macOS 13 the
 * bits read 0 once the connection is CLOSED (a state > LISTEN guard).
 * The state, not getpeername(2), tells "too early" from "no": that fails
 * with EINVAL once both directions are shut.
 */
int
tfo_impl_used(int fd)
{
	struct tcp_connection_info info;
	socklen_t len = sizeof(info);

	memset(&info, 0, sizeof(info));
	if (getsockopt(fd, IPPROTO_TCP, TCP_CONNECTION_INFO, &info,
	    &len) == -1)
		return -1;
	if (info.tcpi_tfo_syn_data_acked)
		return TFO_YES;
	if (info.tcpi_tfo_syn_data_rcv)
		return TFO_NEGOTIATED;
	switch (info.tcpi_state) {
	case XNU_TCPS_CLOSED:
		/*
		 * Not yet connected, or over: from macOS 13 an ended
		 * connection keeps its counts and TFO bits; before, both
		 * read 0 and nothing can be said.
		 */
		return info.tcpi_rxpackets > 0 ? TFO_NO : TFO_UNKNOWN;
	case XNU_TCPS_LISTEN:
	case XNU_TCPS_SYN_SENT:	/* no SYN-ACK yet, or a deferred connect */
		return TFO_UNKNOWN;
	default:
		return TFO_NO;
	}
}

int
tfo_impl_kernel_allows(int role)
{
	int value = 0;
	size_t size = sizeof(value);

	if (sysctlbyname("net.inet.tcp.fastopen", &value, &size, NULL,
	    0) == -1)
		/* Absent before 10.11, which had no TFO. */
		return errno == ENOENT ? TFO_NO : TFO_UNKNOWN;
	if (role == TFO_CLIENT)
		return (value & FASTOPEN_CLIENT) ? TFO_YES : TFO_NO;
	return (value & FASTOPEN_SERVER) ? TFO_YES : TFO_NO;
}

/*
 * TCP_CONNECTION_INFO's state: getpeername(2) alone says ENOTCONN while
 * a connectx() that queued only part of its data is connecting (it
 * clears SS_ISCONNECTING).  A deferred connect is SYN_SENT before its
 * SYN leaves (tcp_connect).  CLOSED is also a connection that ended:
 * getpeername(2) then says EINVAL, not ENOTCONN, both directions being
 * shut (bsd/kern/uipc_syscalls.c:getpeername), and connectx() would say
 * the pending error or EINVAL for its dead inpcb (tcp_usr_connect).
 */
static int
connection_ended(int fd)
{
	struct sockaddr_storage peer;
	socklen_t len = sizeof(peer);
	int err = errno, ended;

	ended = getpeername(fd, (struct sockaddr *)&peer, &len) == -1 &&
	    errno == EINVAL;
	errno = err;
	return ended;
}

enum tfo_impl_state
tfo_impl_socket_state(int fd)
{
	struct tcp_connection_info info;
	socklen_t len = sizeof(info);

	memset(&info, 0, sizeof(info));
	if (getsockopt(fd, IPPROTO_TCP, TCP_CONNECTION_INFO, &info,
	    &len) == -1)
		return TFO_SOCK_NOT_TCP;
	switch (info.tcpi_state) {
	case XNU_TCPS_CLOSED:
		return connection_ended(fd) ? TFO_SOCK_ENDED : TFO_SOCK_FRESH;
	case XNU_TCPS_LISTEN:
		return TFO_SOCK_LISTENING;
	case XNU_TCPS_SYN_SENT:
	case XNU_TCPS_SYN_RECEIVED:
		return TFO_SOCK_CONNECTING;
	default:
		return TFO_SOCK_CONNECTED;
	}
}

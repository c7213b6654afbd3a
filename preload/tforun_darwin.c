/* SPDX-License-Identifier: ISC */
/*
 * tforun's preload on macOS, loaded with DYLD_INSERT_LIBRARIES: dyld's
 * __DATA,__interpose table replaces connect() and listen() in every image
 * but this one (so the calls below reach libSystem's).  XNU does the rest
 * itself: a connectx(CONNECT_RESUME_ON_READ_WRITE | CONNECT_DATA_IDEMPOTENT)
 * returns 0 at once, the socket polls writable, the first write sends the
 * SYN with the data when a cookie is cached, and a first read sends it
 * empty, so a program that reads first does not hang (bsd/kern/
 * uipc_syscalls.c:connectitx, uipc_socket.c:soreceive's pru_preconnect).
 * The replacements are static, reached only through the table; the
 * helpers the dylib also exports (tforun_*, the backend's) replace
 * nothing, since each image binds to the library it was linked with
 * (two-level namespace).
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#include "tforun.h"
#include "tfo.h"
#include "tfo_impl.h"

static unsigned int
port_of(const struct sockaddr *addr, socklen_t len)
{
	if (addr->sa_family == AF_INET && len >= sizeof(struct sockaddr_in))
		return ntohs(((const struct sockaddr_in *)addr)->sin_port);
	if (addr->sa_family == AF_INET6 && len >= sizeof(struct sockaddr_in6))
		return ntohs(((const struct sockaddr_in6 *)addr)->sin6_port);
	return 0;
}

/* A TCP socket the program has not configured for TFO itself. */
static int
plain_tcp(int fd)
{
	int type = 0, v = 0;
	socklen_t len = sizeof(type), vlen = sizeof(v);

	if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len) == -1 ||
	    type != SOCK_STREAM)
		return 0;
	/* Not TCP (AF_UNIX) fails at this level; a TFO listener says 1. */
	return getsockopt(fd, IPPROTO_TCP, TCP_FASTOPEN, &v, &vlen) == 0 &&
	    v == 0;
}

static int
tforun_connect(int fd, const struct sockaddr *addr, socklen_t len)
{
	sa_endpoints_t sae;
	unsigned int port;
	int saved_errno = errno;

	if (addr == NULL || (port = port_of(addr, len)) == 0 ||
	    !tforun_port_wanted(port) || !plain_tcp(fd) ||
	    tfo_impl_kernel_allows(TFO_CLIENT) != TFO_YES) {
		errno = saved_errno;
		return connect(fd, addr, len);
	}
	memset(&sae, 0, sizeof(sae));
	sae.sae_dstaddr = addr;
	sae.sae_dstaddrlen = len;
	if (connectx(fd, &sae, SAE_ASSOCID_ANY,
	    CONNECT_RESUME_ON_READ_WRITE | CONNECT_DATA_IDEMPOTENT, NULL, 0,
	    NULL, NULL) == 0) {
		tforun_log(fd, "connect to port %u: deferred, the first write "
		    "goes in the SYN", port);
		errno = saved_errno;
		return 0;
	}
	/* No connectx (before 10.11): the program's own connect. */
	if (errno == ENOSYS) {
		errno = saved_errno;
		return connect(fd, addr, len);
	}
	return -1;	/* what connect(2) would say: EISCONN, EALREADY, ... */
}

static int
tforun_listen(int fd, int backlog)
{
	int saved_errno;

	if (listen(fd, backlog) == -1)
		return -1;
	if (!tforun_server_wanted() || !plain_tcp(fd))
		return 0;
	saved_errno = errno;
	/* XNU takes the option in LISTEN state only, as 1 (tcp_ctloutput). */
	if (tfo_impl_server_enable(fd, backlog, TFO_IMPL_LISTENING) == 0)
		tforun_log(fd, "listener: server TFO enabled (%s backend, "
		    "backlog %d)", tfo_impl_name, backlog);
	else
		tforun_log(fd, "listener: the kernel refused server TFO");
	errno = saved_errno;
	return 0;
}

struct interpose {
	const void *replacement;
	const void *original;
};

__attribute__((used)) static const struct interpose interposers[]
    __attribute__((section("__DATA,__interpose"))) = {
	{ (const void *)tforun_connect, (const void *)connect },
	{ (const void *)tforun_listen, (const void *)listen },
};

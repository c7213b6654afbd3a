/* SPDX-License-Identifier: ISC */
/*
 * The premise of the FreeBSD shim's SYN-ACK rule (t/shim/freebsd.c,
 * synack_rule), checked on the real Linux kernel, on the wire: a Linux
 * server answers a cookie request with a cookie option, and a valid
 * cookie (data accepted in the SYN) with no TFO option at all (Linux
 * tcp_fastopen.c:tcp_try_fastopen sets foc->len = -1;
 * tcp_output.c:tcp_synack_options writes the option only for len >= 0).
 * A FreeBSD client clears its TFO flag on the second kind.  The SYN-ACKs
 * are read from lo with an AF_PACKET socket in a private namespace.
 */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <netpacket/packet.h>
#include <sys/socket.h>

#include "tap.h"
#include "testlib.h"

#ifndef MSG_FASTOPEN
#define MSG_FASTOPEN 0x20000000
#endif

#define TCPOPT_FASTOPEN_RFC	34	/* RFC 7413 */
#define TCPOPT_EXPERIMENT	254	/* the draft's, magic 0xF989 */

/* What the SYN-ACK to port carried: -1 no TFO option, else cookie bytes. */
struct synack {
	int seen;
	int tfo_cookie_len;
};

/* The TFO option of a TCP header's options, as struct synack says it. */
static int
tfo_option(const unsigned char *opt, size_t len)
{
	size_t i = 0, olen;

	while (i < len) {
		if (opt[i] == 0)	/* end of options */
			break;
		if (opt[i] == 1) {	/* no-op */
			i++;
			continue;
		}
		if (i + 1 >= len || (olen = opt[i + 1]) < 2 || i + olen > len)
			break;
		if (opt[i] == TCPOPT_FASTOPEN_RFC)
			return (int)olen - 2;
		if (opt[i] == TCPOPT_EXPERIMENT && olen >= 4 &&
		    opt[i + 2] == 0xF9 && opt[i + 3] == 0x89)
			return (int)olen - 4;
		i += olen;
	}
	return -1;
}

/*
 * Read lo's frames for up to 2 s until the SYN-ACK from server_port to
 * client_port; fills *out.
 */
static void
read_synack(int raw, uint16_t server_port, uint16_t client_port,
    struct synack *out)
{
	unsigned char frame[2048];
	struct pollfd pfd;
	const unsigned char *ip, *tcp;
	double end = test_now() + 2;
	ssize_t n;
	size_t ihl, doff;

	memset(out, 0, sizeof(*out));
	out->tfo_cookie_len = -1;
	while (test_now() < end) {
		pfd.fd = raw;
		pfd.events = POLLIN;
		if (poll(&pfd, 1, 100) <= 0)
			continue;
		if ((n = recv(raw, frame, sizeof(frame), 0)) <= 14 + 20)
			continue;
		ip = frame + 14;	/* lo's Ethernet-shaped header */
		if ((ip[0] >> 4) != 4 || ip[9] != IPPROTO_TCP)
			continue;
		ihl = (size_t)(ip[0] & 0xf) * 4;
		if ((size_t)n < 14 + ihl + 20)
			continue;
		tcp = ip + ihl;
		doff = (size_t)(tcp[12] >> 4) * 4;
		if ((tcp[13] & 0x12) != 0x12 ||	/* SYN and ACK */
		    ((tcp[0] << 8) | tcp[1]) != server_port ||
		    ((tcp[2] << 8) | tcp[3]) != client_port ||
		    doff < 20 || (size_t)n < 14 + ihl + doff)
			continue;
		out->seen = 1;
		out->tfo_cookie_len = tfo_option(tcp + 20, doff - 20);
		return;
	}
}

/* One MSG_FASTOPEN connection; what its SYN-ACK carried, and SYN data. */
static int
exchange(int raw, struct test_server *srv, struct synack *sa, int *syn)
{
	const struct sockaddr *addr;
	struct sockaddr_in local;
	socklen_t len, llen = sizeof(local);
	struct test_conn conn;
	const struct sockaddr_in *sin;
	int fd;

	addr = test_server_addr(srv, &len);
	sin = (const struct sockaddr_in *)addr;
	fd = test_socket(AF_INET, 0);
	/* Bound first, so the port to watch for is known before the SYN. */
	memset(&local, 0, sizeof(local));
	local.sin_family = AF_INET;
	local.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(fd, (struct sockaddr *)&local, sizeof(local)) == -1 ||
	    getsockname(fd, (struct sockaddr *)&local, &llen) == -1)
		bail("bind: %s", strerror(errno));
	if (sendto(fd, "hello", 5, MSG_FASTOPEN | MSG_NOSIGNAL, addr, len) != 5)
		bail("sendto(MSG_FASTOPEN): %s", strerror(errno));
	read_synack(raw, ntohs(sin->sin_port), ntohs(local.sin_port), sa);
	*syn = test_syn_data(fd);
	shutdown(fd, SHUT_WR);
	if (test_server_next(srv, &conn, 10) == -1)
		bail("the server lost a connection");
	test_conn_free(&conn);
	close(fd);
	return 0;
}

int
main(void)
{
	struct sockaddr_storage ss;
	struct sockaddr_ll sll;
	struct test_server *srv;
	struct synack first, second;
	socklen_t sslen;
	char why[256];
	int raw, syn1, syn2;

	plan(4);
	alarm(30);
	if (test_enter_netns(3, why, sizeof(why)) == -1)
		skip_all("no private network namespace: %s", why);
	raw = socket(AF_PACKET, SOCK_RAW, htons(ETH_P_IP));
	if (raw == -1)
		skip_all("no AF_PACKET socket here: %s", strerror(errno));
	memset(&sll, 0, sizeof(sll));
	sll.sll_family = AF_PACKET;
	sll.sll_protocol = htons(ETH_P_IP);
	sll.sll_ifindex = (int)if_nametoindex("lo");
	if (sll.sll_ifindex == 0 ||
	    bind(raw, (struct sockaddr *)&sll, sizeof(sll)) == -1)
		bail("AF_PACKET bind to lo: %s", strerror(errno));
	if (test_sockaddr("127.0.0.1", 0, &ss, &sslen) == -1 ||
	    (srv = test_server_start((struct sockaddr *)&ss, sslen, 16,
	    NULL)) == NULL)
		bail("server");

	exchange(raw, srv, &first, &syn1);
	ok(first.seen && first.tfo_cookie_len > 0 && !syn1,
	    "cookie request: the SYN-ACK carries a cookie (%d bytes), no SYN "
	    "data", first.tfo_cookie_len);
	exchange(raw, srv, &second, &syn2);
	ok(syn2, "valid cookie: the SYN's data was accepted");
	ok(second.seen && second.tfo_cookie_len == -1,
	    "valid cookie: the SYN-ACK carries no TFO option (got %d), so a "
	    "FreeBSD client clears TF_FASTOPEN", second.tfo_cookie_len);
	ok(first.seen && second.seen, "both SYN-ACKs were seen on lo");
	test_server_stop(srv);
	close(raw);
	return done_testing();
}

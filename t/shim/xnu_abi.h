/* SPDX-License-Identifier: ISC */
/*
 * XNU's user-space ABI that the darwin backend uses, with the macOS SDK's
 * values and layouts (bsd/sys/socket.h, bsd/netinet/tcp.h): once, for the
 * shim headers in t/shim/darwin/include and for the emulation in
 * t/shim/xnu.c.  Include after the host's <sys/socket.h>.
 */
#ifndef TFO_SHIM_XNU_ABI_H
#define TFO_SHIM_XNU_ABI_H

#include <stddef.h>
#include <stdint.h>
#include <sys/uio.h>

#define SO_NOSIGPIPE			0x1022

typedef uint32_t sae_associd_t;
typedef uint32_t sae_connid_t;
#define SAE_ASSOCID_ANY			0

#define CONNECT_RESUME_ON_READ_WRITE	0x1
#define CONNECT_DATA_IDEMPOTENT		0x2

typedef struct sa_endpoints {
	unsigned int		 sae_srcif;
	const struct sockaddr	*sae_srcaddr;
	socklen_t		 sae_srcaddrlen;
	const struct sockaddr	*sae_dstaddr;
	socklen_t		 sae_dstaddrlen;
} sa_endpoints_t;

int connectx(int, const sa_endpoints_t *, sae_associd_t, unsigned int,
    const struct iovec *, unsigned int, size_t *, sae_connid_t *);

#define TCP_CONNECTION_INFO	0x106

struct tcp_connection_info {
	uint8_t		tcpi_state;
	uint8_t		tcpi_snd_wscale;
	uint8_t		tcpi_rcv_wscale;
	uint8_t		__pad1;
	uint32_t	tcpi_options;
	uint32_t	tcpi_flags;
	uint32_t	tcpi_rto;
	uint32_t	tcpi_maxseg;
	uint32_t	tcpi_snd_ssthresh;
	uint32_t	tcpi_snd_cwnd;
	uint32_t	tcpi_snd_wnd;
	uint32_t	tcpi_snd_sbbytes;
	uint32_t	tcpi_rcv_wnd;
	uint32_t	tcpi_rttcur;
	uint32_t	tcpi_srtt;
	uint32_t	tcpi_rttvar;
	uint32_t
	    tcpi_tfo_cookie_req:1,
	    tcpi_tfo_cookie_rcv:1,
	    tcpi_tfo_syn_loss:1,
	    tcpi_tfo_syn_data_sent:1,
	    tcpi_tfo_syn_data_acked:1,
	    tcpi_tfo_syn_data_rcv:1,
	    tcpi_tfo_cookie_req_rcv:1,
	    tcpi_tfo_cookie_sent:1,
	    tcpi_tfo_cookie_invalid:1,
	    tcpi_tfo_cookie_wrong:1,
	    tcpi_tfo_no_cookie_rcv:1,
	    tcpi_tfo_heuristics_disable:1,
	    tcpi_tfo_send_blackhole:1,
	    tcpi_tfo_recv_blackhole:1,
	    tcpi_tfo_onebyte_proxy:1,
	    __pad2:17;
	uint64_t	tcpi_txpackets __attribute__((aligned(8)));
	uint64_t	tcpi_txbytes __attribute__((aligned(8)));
	uint64_t	tcpi_txretransmitbytes __attribute__((aligned(8)));
	uint64_t	tcpi_rxpackets __attribute__((aligned(8)));
	uint64_t	tcpi_rxbytes __attribute__((aligned(8)));
	uint64_t	tcpi_rxoutoforderbytes __attribute__((aligned(8)));
	uint64_t	tcpi_txretransmitpackets __attribute__((aligned(8)));
};

#endif /* !TFO_SHIM_XNU_ABI_H */

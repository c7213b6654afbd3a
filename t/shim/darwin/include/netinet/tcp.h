/* SPDX-License-Identifier: ISC */
/*
 * Kernel shim, darwin backend on a Linux host: the host's <netinet/tcp.h>
 * plus XNU's TCP_CONNECTION_INFO and its structure, laid out as in the
 * macOS SDK (bsd/netinet/tcp.h).  TCP_FASTOPEN stays the host's number:
 * the shim interprets it with XNU's rules.
 */
#ifndef TFO_SHIM_DARWIN_NETINET_TCP_H
#define TFO_SHIM_DARWIN_NETINET_TCP_H

#include_next <netinet/tcp.h>
#include <stdint.h>

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

#endif /* !TFO_SHIM_DARWIN_NETINET_TCP_H */

/* SPDX-License-Identifier: ISC */
/*
 * Middlebox faults for IPv4/TCP packets (the emulator's link carries only
 * IPv4).  A packet that is not TCP over IPv4 always passes.
 */
#include <stdint.h>
#include <string.h>

#include "emu_rules.h"

#define TH_FIN 0x01
#define TH_SYN 0x02
#define TH_RST 0x04
#define TH_ACK 0x10
#define TCPOPT_FASTOPEN 34
#define TCPOPT_EXP 254		/* experimental TFO option, magic 0xF989 */

enum {
	R_DROP_SYN_DATA,	/* a middlebox that drops SYNs carrying data */
	R_STRIP_TFO_SYNACK,	/* one that removes the TFO option from SYN-ACKs */
	R_DROP_FIRST_SYNACK,	/* each connection's first SYN-ACK is lost */
	R_RST_AFTER_SYN,	/* one that answers every SYN with a reset */
	R_BLACKHOLE_SYN_DATA	/* one that drops a SYN with data and its flow */
};

static const char *const names[EMU_NRULES] = {
	"drop-syn-data", "strip-tfo-synack", "drop-first-synack",
	"rst-after-syn", "blackhole-syn-data"
};

int
emu_rules_add(struct emu_rules *r, const char *name)
{
	int i;

	for (i = 0; i < EMU_NRULES; i++)
		if (strcmp(name, names[i]) == 0) {
			r->mask |= 1U << i;
			return 0;
		}
	return -1;
}

void
emu_rules_list(FILE *f)
{
	int i;

	for (i = 0; i < EMU_NRULES; i++)
		fprintf(f, "  %s\n", names[i]);
}

void
emu_rules_report(const struct emu_rules *r, FILE *f)
{
	int i;

	for (i = 0; i < EMU_NRULES; i++)
		if (r->mask & (1U << i))
			fprintf(f, "linkemu: rule %s acted on %lu packets\n",
			    names[i], r->hits[i]);
}

static uint32_t
sum16(const unsigned char *p, size_t n, uint32_t sum)
{
	while (n > 1) {
		sum += (uint32_t)p[0] << 8 | p[1];
		p += 2;
		n -= 2;
	}
	if (n)
		sum += (uint32_t)p[0] << 8;
	return sum;
}

static uint16_t
fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

/* Recompute the IP header and TCP checksums after a rewrite. */
static void
checksums(unsigned char *ip, size_t ihl, size_t total)
{
	unsigned char *th = ip + ihl;
	size_t tcplen = total - ihl;
	uint32_t sum;
	uint16_t c;

	ip[10] = ip[11] = 0;
	c = fold(sum16(ip, ihl, 0));
	ip[10] = c >> 8;
	ip[11] = c & 0xff;
	th[16] = th[17] = 0;
	sum = sum16(ip + 12, 8, 0) + 6 + (uint32_t)tcplen;	/* pseudo header */
	c = fold(sum16(th, tcplen, sum));
	th[16] = c >> 8;
	th[17] = c & 0xff;
}

/* Replace every TFO option (kind 34, or 254 with its magic) by NOPs. */
static int
strip_tfo(unsigned char *th, size_t thl)
{
	size_t i = 20, olen;
	int hit = 0;

	while (i < thl) {
		if (th[i] == 0)
			break;
		if (th[i] == 1) {
			i++;
			continue;
		}
		if (i + 1 >= thl || (olen = th[i + 1]) < 2 || i + olen > thl)
			break;
		if (th[i] == TCPOPT_FASTOPEN || (th[i] == TCPOPT_EXP &&
		    olen >= 4 && th[i + 2] == 0xF9 && th[i + 3] == 0x89)) {
			memset(th + i, 1, olen);
			hit = 1;
		}
		i += olen;
	}
	return hit;
}

/* Turn a SYN into the RST|ACK its receiver would send back. */
static size_t
forge_reset(unsigned char *ip, size_t ihl, size_t datalen)
{
	unsigned char *th = ip + ihl, tmp[4];
	uint32_t seq = (uint32_t)th[4] << 24 | th[5] << 16 | th[6] << 8 | th[7];
	uint32_t ack = seq + 1 + (uint32_t)datalen;
	size_t total = ihl + 20;

	memcpy(tmp, ip + 12, 4);	/* swap addresses */
	memcpy(ip + 12, ip + 16, 4);
	memcpy(ip + 16, tmp, 4);
	memcpy(tmp, th, 2);		/* swap ports */
	memcpy(th, th + 2, 2);
	memcpy(th + 2, tmp, 2);
	memset(th + 4, 0, 4);
	th[8] = ack >> 24;
	th[9] = ack >> 16 & 0xff;
	th[10] = ack >> 8 & 0xff;
	th[11] = ack & 0xff;
	th[12] = 5 << 4;		/* no options */
	th[13] = TH_RST | TH_ACK;
	th[14] = th[15] = th[18] = th[19] = 0;
	ip[2] = total >> 8;
	ip[3] = total & 0xff;
	ip[8] = 64;
	checksums(ip, ihl, total);
	return total;
}

enum emu_verdict
emu_rules_apply(struct emu_rules *r, enum emu_dir dir, unsigned char *pkt,
    size_t *len)
{
	size_t ihl, thl, total, datalen;
	unsigned char *th, flags;

	if (r->mask == 0 || *len < 20 || (pkt[0] >> 4) != 4 || pkt[9] != 6)
		return EMU_PASS;
	ihl = (size_t)(pkt[0] & 0xf) * 4;
	total = (size_t)pkt[2] << 8 | pkt[3];
	if (ihl < 20 || total > *len || total < ihl + 20)
		return EMU_PASS;
	th = pkt + ihl;
	thl = (size_t)(th[12] >> 4) * 4;
	if (thl < 20 || ihl + thl > total)
		return EMU_PASS;
	datalen = total - ihl - thl;
	flags = th[13];
	/* A rule scoped to one server port (-p) leaves other traffic alone. */
	if (r->port != 0 && r->port != (unsigned)(dir == EMU_A_TO_B ?
	    th[2] << 8 | th[3] : th[0] << 8 | th[1]))
		return EMU_PASS;

	if (dir == EMU_A_TO_B && (r->mask & 1U << R_BLACKHOLE_SYN_DATA)) {
		/* Everything A sends on a flow that began with SYN data. */
		if ((flags & (TH_SYN | TH_ACK)) == TH_SYN && datalen > 0)
			memcpy(r->dead_flow, th, 4);
		if (memcmp(r->dead_flow, th, 4) == 0) {
			r->hits[R_BLACKHOLE_SYN_DATA]++;
			return EMU_DROP;
		}
	}
	if (dir == EMU_A_TO_B && (flags & (TH_SYN | TH_ACK)) == TH_SYN) {
		if ((r->mask & 1U << R_RST_AFTER_SYN)) {
			r->hits[R_RST_AFTER_SYN]++;
			*len = forge_reset(pkt, ihl, datalen);
			return EMU_BOUNCE;
		}
		if ((r->mask & 1U << R_DROP_SYN_DATA) && datalen > 0) {
			r->hits[R_DROP_SYN_DATA]++;
			return EMU_DROP;
		}
	}
	if (dir == EMU_B_TO_A &&
	    (flags & (TH_SYN | TH_ACK)) == (TH_SYN | TH_ACK)) {
		/* A retransmitted SYN-ACK repeats ports and sequence. */
		if ((r->mask & 1U << R_DROP_FIRST_SYNACK) &&
		    memcmp(r->last_synack, th, 8) != 0) {
			memcpy(r->last_synack, th, 8);
			r->hits[R_DROP_FIRST_SYNACK]++;
			return EMU_DROP;
		}
		if ((r->mask & 1U << R_STRIP_TFO_SYNACK) && strip_tfo(th, thl)) {
			r->hits[R_STRIP_TFO_SYNACK]++;
			checksums(pkt, ihl, total);
		}
	}
	return EMU_PASS;
}

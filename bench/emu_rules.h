/* SPDX-License-Identifier: ISC */
/*
 * Fault rules of the link emulator: each packet passes here before it is
 * delayed, and may be passed, dropped, rewritten, or bounced back to its
 * sender (for a forged reset).  Adding a middlebox fault means one name in
 * emu_rules.c and one case in its apply function.
 */
#ifndef EMU_RULES_H
#define EMU_RULES_H

#include <stddef.h>
#include <stdio.h>

enum emu_dir { EMU_A_TO_B = 0, EMU_B_TO_A = 1 };	/* A: client side */
enum emu_verdict { EMU_PASS, EMU_DROP, EMU_BOUNCE };

#define EMU_NRULES 5

struct emu_rules {
	unsigned mask;			/* enabled rules, bit per rule */
	unsigned port;			/* 0, or the only server port they act on */
	unsigned char last_synack[8];	/* ports and sequence of the last one dropped */
	unsigned char dead_flow[4];	/* ports of the flow blackhole-syn-data ate */
	unsigned long hits[EMU_NRULES];	/* packets each rule acted on */
};

/* Enable rule name; -1 when no rule has that name. */
int emu_rules_add(struct emu_rules *r, const char *name);
/* Print the rule names, one a line. */
void emu_rules_list(FILE *f);
/*
 * Judge one IP packet of *len bytes travelling dir.  EMU_BOUNCE: pkt now
 * holds a packet to deliver back in the opposite direction.
 */
enum emu_verdict emu_rules_apply(struct emu_rules *r, enum emu_dir dir,
    unsigned char *pkt, size_t *len);
/* One line per enabled rule with its hit count. */
void emu_rules_report(const struct emu_rules *r, FILE *f);

#endif /* !EMU_RULES_H */

/* SPDX-License-Identifier: ISC */
/* The relay: packets read from one TUN device leave the other one a fixed
 * delay later, in the order they came. */
#ifndef EMU_RELAY_H
#define EMU_RELAY_H

#include <stdint.h>
#include <stdio.h>

#include "emu_rules.h"

#define EMU_SLOT_BYTES 2048	/* the TUN MTU is 1500 and there is no GSO */
#define EMU_QUEUE_SLOTS 4096	/* per direction: 8 MiB */

struct emu_slot {
	int64_t due;		/* CLOCK_MONOTONIC ns */
	size_t len;
	unsigned char data[EMU_SLOT_BYTES];
};

struct emu_queue {
	struct emu_slot *slot;
	size_t head, count;
	unsigned long passed, dropped, overflow;
};

struct emu_link {
	int tun[2];		/* [EMU_A_TO_B] reads A's device, and so on */
	int64_t delay_ns;	/* one way */
	struct emu_rules rules;
	struct emu_queue q[2];	/* indexed by direction */
};

int64_t emu_now(void);
int emu_link_init(struct emu_link *l, int tun_a, int tun_b, int64_t delay_ns);
/*
 * Wait at most until deadline (ns, CLOCK_MONOTONIC) for packets or for
 * extra_fd; move what is due.  Returns 1 when extra_fd is readable, 0 when
 * not, -1 with errno on failure.
 */
int emu_link_step(struct emu_link *l, int extra_fd, int64_t deadline);
void emu_link_report(const struct emu_link *l, FILE *f);
void emu_link_free(struct emu_link *l);

#endif /* !EMU_RELAY_H */

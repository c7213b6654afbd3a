/* SPDX-License-Identifier: ISC */
/*
 * A fixed delay keeps order by itself: every packet of a direction waits
 * the same time, so each direction is one FIFO and only its head can be due.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "emu_relay.h"

int64_t
emu_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

int
emu_link_init(struct emu_link *l, int tun_a, int tun_b, int64_t delay_ns)
{
	int d;

	memset(l, 0, sizeof(*l));
	l->tun[EMU_A_TO_B] = tun_a;
	l->tun[EMU_B_TO_A] = tun_b;
	l->delay_ns = delay_ns;
	for (d = 0; d < 2; d++) {
		l->q[d].slot = calloc(EMU_QUEUE_SLOTS, sizeof(struct emu_slot));
		if (l->q[d].slot == NULL)
			return -1;
	}
	return 0;
}

void
emu_link_free(struct emu_link *l)
{
	free(l->q[0].slot);
	free(l->q[1].slot);
}

static struct emu_slot *
tail(struct emu_queue *q)
{
	if (q->count == EMU_QUEUE_SLOTS)
		return NULL;
	return &q->slot[(q->head + q->count) % EMU_QUEUE_SLOTS];
}

/* Drain one device: judge each packet, queue it with its due time. */
static int
take(struct emu_link *l, enum emu_dir dir, int64_t now)
{
	unsigned char buf[EMU_SLOT_BYTES];
	struct emu_slot *s;
	enum emu_verdict v;
	enum emu_dir out;
	size_t len;
	ssize_t n;
	int i;

	for (i = 0; i < 256; i++) {	/* bounded: let the other side run */
		n = read(l->tun[dir], buf, sizeof(buf));
		if (n == -1)
			return errno == EAGAIN || errno == EINTR ? 0 : -1;
		len = (size_t)n;
		v = emu_rules_apply(&l->rules, dir, buf, &len);
		if (v == EMU_DROP) {
			l->q[dir].dropped++;
			continue;
		}
		out = v == EMU_BOUNCE ? (enum emu_dir)!dir : dir;
		if ((s = tail(&l->q[out])) == NULL) {
			l->q[out].overflow++;
			continue;
		}
		s->due = now + l->delay_ns;
		s->len = len;
		memcpy(s->data, buf, len);
		l->q[out].count++;
	}
	return 0;
}

/* Deliver what is due; the write goes to the far end of the direction. */
static void
give(struct emu_link *l, enum emu_dir dir, int64_t now)
{
	struct emu_queue *q = &l->q[dir];
	struct emu_slot *s;
	int to = l->tun[!dir];

	while (q->count > 0 && (s = &q->slot[q->head])->due <= now) {
		if (write(to, s->data, s->len) == (ssize_t)s->len)
			q->passed++;
		else
			q->dropped++;
		q->head = (q->head + 1) % EMU_QUEUE_SLOTS;
		q->count--;
	}
}

int
emu_link_step(struct emu_link *l, int extra_fd, int64_t deadline)
{
	struct pollfd pfd[3];
	struct timespec ts;
	int64_t now = emu_now(), wake = deadline;
	int d, n;

	for (d = 0; d < 2; d++)
		if (l->q[d].count > 0 && l->q[d].slot[l->q[d].head].due < wake)
			wake = l->q[d].slot[l->q[d].head].due;
	if (wake < now)
		wake = now;
	ts.tv_sec = (wake - now) / 1000000000;
	ts.tv_nsec = (wake - now) % 1000000000;
	pfd[0].fd = l->tun[EMU_A_TO_B];
	pfd[1].fd = l->tun[EMU_B_TO_A];
	pfd[2].fd = extra_fd;
	for (d = 0; d < 3; d++)
		pfd[d].events = POLLIN;
	n = ppoll(pfd, 3, &ts, NULL);
	if (n == -1 && errno != EINTR)
		return -1;
	now = emu_now();
	for (d = 0; n > 0 && d < 2; d++)
		if ((pfd[d].revents & POLLIN) && take(l, d, now) == -1)
			return -1;
	give(l, EMU_A_TO_B, now);
	give(l, EMU_B_TO_A, now);
	return n > 0 && (pfd[2].revents & POLLIN) != 0;
}

void
emu_link_report(const struct emu_link *l, FILE *f)
{
	fprintf(f, "linkemu: A->B %lu passed %lu dropped %lu overflow; "
	    "B->A %lu passed %lu dropped %lu overflow\n",
	    l->q[0].passed, l->q[0].dropped, l->q[0].overflow,
	    l->q[1].passed, l->q[1].dropped, l->q[1].overflow);
	emu_rules_report(&l->rules, f);
}

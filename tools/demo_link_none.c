/* SPDX-License-Identifier: ISC */
/* No emulated link where there are no TUN devices and namespaces. */
#include "config.h"

#include <errno.h>
#include <stdio.h>

#include "demo_link.h"

const char demo_link_server_addr[] = "";

int
demo_link_start(struct demo_link *l, int delay_ms, int mode, int lifetime_s,
    char *why, size_t whylen)
{
	(void)delay_ms, (void)mode, (void)lifetime_s;
	l->client_ns = l->server_ns = -1;
	l->relay = -1;
	snprintf(why, whylen, "this tfocat was built without the link "
	    "emulator (no TUN or prctl headers at configure time)");
	return -1;
}

int
demo_link_enter(const struct demo_link *l, int server_side)
{
	(void)l, (void)server_side;
	errno = ENOSYS;
	return -1;
}

void
demo_link_stop(struct demo_link *l)
{
	(void)l;
}

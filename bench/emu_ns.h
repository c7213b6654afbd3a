/* SPDX-License-Identifier: ISC */
/* Network namespaces with one TUN device each, for the link emulator. */
#ifndef EMU_NS_H
#define EMU_NS_H

/* Addresses of the two ends (198.18.0.0/15 is the benchmarking range). */
#define EMU_ADDR_A "198.18.0.1"	/* client side */
#define EMU_ADDR_B "198.18.0.2"	/* server side */
#define EMU_PREFIX 24
#define EMU_IFNAME "emu0"

struct emu_side {
	int nsfd;	/* the namespace, for setns(2) in children */
	int tunfd;	/* the TUN device inside it, non-blocking */
};

/*
 * Make a fresh network namespace holding lo and a TUN device with addr,
 * net.ipv4.tcp_fastopen set to fastopen (< 0: leave the default), and
 * return to the caller's namespace.  The namespace lives as long as its
 * fds or a process inside it: nothing to clean up on the host.
 */
int emu_side_make(struct emu_side *side, const char *addr, long fastopen);

#endif /* !EMU_NS_H */

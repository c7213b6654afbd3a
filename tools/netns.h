/* SPDX-License-Identifier: ISC */
#ifndef TFO_NETNS_H
#define TFO_NETNS_H

#include <stddef.h>

/*
 * Move the calling process into a fresh network namespace (a user
 * namespace around it when not root), bring lo up and set
 * net.ipv4.tcp_fastopen there to mode.  The host's own value is never
 * touched.  0; -1 with a reason in why: still in the host's namespace;
 * 1 with a reason: in a new namespace, but lo or the sysctl not set.
 */
int netns_enter(int mode, char *why, size_t whylen);

/* Write text to a /proc file; 0 or -1 with errno. */
int netns_write_file(const char *path, const char *text);

#endif /* !TFO_NETNS_H */

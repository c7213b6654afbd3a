/* SPDX-License-Identifier: ISC */
#ifndef TFOCAT_H
#define TFOCAT_H

#include <stddef.h>
#include <sys/types.h>

/* Largest first chunk of stdin handed to tfo_connect(). */
#define TFOCAT_FIRST_CHUNK 65536

int tfocat_client(const char *host, const char *port, int verbose);
int tfocat_server(const char *port, const char *bind_host, int keep,
    int echo, int verbose);
int tfocat_demo(int exchanges);

/* Copy in -> sock and sock -> out until both directions end; 0 or -1. */
int tfocat_relay(int sock, int in, int out);

/* Read up to len bytes, retrying short reads until EOF or len. */
ssize_t tfocat_read_full(int fd, char *buf, size_t len);

/* "yes", "no", "unknown" or "negotiated" for a tfo_used() answer. */
const char *tfocat_used_text(int answer);

#endif /* !TFOCAT_H */

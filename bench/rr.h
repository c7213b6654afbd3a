/* SPDX-License-Identifier: ISC */
/*
 * Request/response timing shared by the benchmark clients.  A mode opens
 * its own socket, connects and sends the whole request; the harness times
 * from before socket() to the last reply byte and asks the kernel whether
 * the request rode in the SYN.  Modes run interleaved, one connection each
 * in turn, so that drift on a shared machine hits all of them alike.
 */
#ifndef RR_H
#define RR_H

#include <stddef.h>
#include <netinet/in.h>

/* Returns a socket with the request accepted by the kernel, or -1. */
typedef int (*rr_fn)(const struct sockaddr_in *sa, const char *req,
    size_t len);

struct rr_mode {
	const char *name;
	rr_fn fn;
	int reads_reply;	/* fn also read the reply (TLS) */
};

struct rr_opts {
	struct sockaddr_in sa;	/* the server */
	size_t req, rep;	/* request and reply sizes */
	int k;			/* timed connections per mode */
	int warm;		/* untimed ones first: the cookie */
	int cps;		/* report connections per second, close timed */
	const char *label;	/* first column of every row */
};

/* Modes every client has: no library involved. */
int rr_plain(const struct sockaddr_in *sa, const char *req, size_t len);
int rr_raw(const struct sockaddr_in *sa, const char *req, size_t len);
/* Write all of buf, waiting on a non-blocking socket too; 0 or -1. */
int rr_write_all(int fd, const char *buf, size_t len);

/* Read exactly len bytes from a blocking socket; 0 or -1. */
int rr_read_all(int fd, char *buf, size_t len);

/* Parse the common options; exits with usage on a bad one. */
void rr_parse(struct rr_opts *o, int argc, char *argv[]);
/* Run modes and print one table row each; 0, or 1 when one failed. */
int rr_run(const struct rr_opts *o, const struct rr_mode *modes, int nmodes);

#endif /* !RR_H */

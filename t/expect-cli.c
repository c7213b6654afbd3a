/* SPDX-License-Identifier: ISC */
/*
 * The test expectations of t/expect.c for shell tests, so that they have
 * no table of their own:
 *
 *   t/expect-cli used MODE SECOND LEN
 *	tfo_used()'s answer after tfo_connect() of LEN bytes
 *   t/expect-cli deferred-used MODE SECOND LEN
 *	... after tfo_connect_deferred() on a non-blocking socket and a first
 *	write of LEN bytes
 *   t/expect-cli shim
 *	the kernel shim the backend runs on here, or "none"
 *   t/expect-cli tfo
 *	yes if data can ride in the SYN with this backend, else no
 *   t/expect-cli syn-again
 *	yes if, after a server accepted SYN data, the next connection's
 *	data rides too (no: FreeBSD against a Linux server)
 *
 * MODE is net.ipv4.tcp_fastopen (0x403 or 1027 both work), SECOND 1 when
 * a cookie is cached, 2 after a connection whose SYN data was accepted.  Prints yes, no, negotiated or unknown, the words
 * of tfocat and of the examples.  Exit 2: usage.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tfo.h"
#include "tap.h"
#include "testlib.h"

static const char *
word(int used)
{
	switch (used) {
	case TFO_YES:
		return "yes";
	case TFO_NO:
		return "no";
	case TFO_NEGOTIATED:
		return "negotiated";
	default:
		return "unknown";
	}
}

int
main(int argc, char *argv[])
{
	int mode, second, deferred, syn;
	size_t len;

	if (argc == 2 && strcmp(argv[1], "tfo") == 0) {
		printf("%s\n", test_expect()->tfo ? "yes" : "no");
		return 0;
	}
	if (argc == 2 && strcmp(argv[1], "syn-again") == 0) {
		printf("%s\n", test_expect_syn_again() ? "yes" : "no");
		return 0;
	}
	if (argc == 2 && strcmp(argv[1], "shim") == 0) {
		printf("%s\n", test_expect()->shim != NULL ?
		    test_expect()->shim : "none");
		return 0;
	}
	if (argc != 5 || (strcmp(argv[1], "used") != 0 &&
	    strcmp(argv[1], "deferred-used") != 0)) {
		fprintf(stderr, "usage: expect-cli used|deferred-used MODE "
		    "SECOND LEN\n       expect-cli shim|tfo|syn-again\n");
		return 2;
	}
	deferred = argv[1][0] == 'd';
	mode = (int)strtol(argv[2], NULL, 0);
	second = atoi(argv[3]);
	len = (size_t)strtoul(argv[4], NULL, 10);
	/* second 2: a connection after one whose SYN data was accepted. */
	syn = deferred ? test_expect_deferred_syn(mode, second, len, 1) :
	    test_expect_syn_data(mode, second, len);
	if (second >= 2 && !test_expect_syn_again()) {
		printf("%s\n", word(test_expect()->used_plain));
		return 0;
	}
	printf("%s\n", word(test_expect_used_after(mode, len, syn)));
	return 0;
}

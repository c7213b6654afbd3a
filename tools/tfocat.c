/* SPDX-License-Identifier: ISC */
/*
 * tfocat: netcat with TCP Fast Open.
 *   tfocat [-v] HOST PORT          send stdin, the first chunk in the SYN
 *   tfocat -l [-kev] [-b ADDR] PORT serve with TFO
 *   tfocat demo [-n COUNT]         loopback demo of what TFO does here
 */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tfo.h"
#include "tfocat.h"

static void
usage(void)
{
	fprintf(stderr,
	    "usage: tfocat [-v] host port\n"
	    "       tfocat -l [-kev] [-b address] port\n"
	    "       tfocat demo [-n count]\n"
	    "       tfocat -V\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	const char *bind_host = NULL;
	int c, listen_mode = 0, keep = 0, echo = 0, verbose = 0, count = 5;

	/* A peer that goes away is an error to report, not a reason to die. */
	signal(SIGPIPE, SIG_IGN);

	if (argc >= 2 && strcmp(argv[1], "demo") == 0) {
		argv++, argc--;
		while ((c = getopt(argc, argv, "n:")) != -1) {
			if (c != 'n')
				usage();
			count = atoi(optarg);
			if (count < 1 || count > 1000)
				usage();
		}
		if (optind != argc)
			usage();
		return tfocat_demo(count) == 0 ? 0 : 1;
	}
	while ((c = getopt(argc, argv, "b:eklvV")) != -1) {
		switch (c) {
		case 'b':
			bind_host = optarg;
			break;
		case 'e':
			echo = 1;
			break;
		case 'k':
			keep = 1;
			break;
		case 'l':
			listen_mode = 1;
			break;
		case 'v':
			verbose = 1;
			break;
		case 'V':
			printf("tfocat %s (libtfo backend %s)\n",
			    PACKAGE_VERSION, tfo_backend());
			return 0;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (listen_mode) {
		if (argc != 1)
			usage();
		return tfocat_server(argv[0], bind_host, keep, echo,
		    verbose) == 0 ? 0 : 1;
	}
	if (argc != 2 || keep || echo || bind_host != NULL)
		usage();
	return tfocat_client(argv[0], argv[1], verbose) == 0 ? 0 : 1;
}

/* SPDX-License-Identifier: ISC */
/*
 * tfocat: netcat with TCP Fast Open.
 *   tfocat [options] HOST PORT            send stdin, its first bytes in the SYN
 *   tfocat -l [options] [ADDRESS] PORT    serve with TFO
 *   tfocat demo [-n COUNT]                what TFO does, on an emulated link
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>

#include "tfo.h"
#include "tfocat.h"

#define OPTIONS ":46b:eE:hklnNp:q:s:vVw:z"

static const char usage_text[] =
    "usage: tfocat [-46nNvz] [-E ms] [-p port] [-q seconds] [-s address]\n"
    "              [-w seconds] host port\n"
    "       tfocat -l [-46eknNv] [-b address] [-q seconds] [-w seconds]\n"
    "              [address] port\n"
    "       tfocat demo [-n count]\n"
    "       tfocat -V | -h\n";

static const char help_text[] =
    "Send standard input to host:port over TCP, its first bytes in the SYN\n"
    "(TCP Fast Open) where the systems allow, and copy the reply to standard\n"
    "output; or, with -l, serve with TFO.\n"
    "  -4, -6       use IPv4 or IPv6 addresses only\n"
    "  -b address   with -l: listen on this address only (also: -l address port)\n"
    "  -E ms        wait up to ms for standard input's first bytes, to send\n"
    "               them in the SYN (default 20; 0: only what is ready)\n"
    "  -e           with -l: send back what each client sends\n"
    "  -h           this help\n"
    "  -k           with -l: keep accepting connections; stdin is not read\n"
    "  -l           listen instead of connecting (port 0: any free port)\n"
    "  -N           shut down the sending side at the end of input (always on)\n"
    "  -n           numeric addresses only, no name lookups\n"
    "  -p port      connect from this local port\n"
    "  -q seconds   after the end of input, wait at most this long for the\n"
    "               peer to finish (default: until it does)\n"
    "  -s address   connect from this local address\n"
    "  -V           version and backend\n"
    "  -v           say what was connected, and whether data rode in the SYN\n"
    "  -w seconds   give up on a connect, or an idle connection, after this\n"
    "               (0: never, the default)\n"
    "  -z           only connect, send nothing (port check)\n"
    "  demo         show what TFO does here, TFO and plain side by side\n"
    "See tfocat(1).\n";

static void
usage(void)
{
	fputs(usage_text, stderr);
	exit(2);
}

/* nc options that tfocat does not have, each with what it is. */
static const char *
nc_option(int c)
{
	switch (c) {
	case 'C': return "CRLF line endings";
	case 'c': return "ncat's command execution";
	case 'D': return "socket debugging";
	case 'd': return "not reading standard input";
	case 'F': return "descriptor passing";
	case 'I': case 'O': return "socket buffer sizes";
	case 'i': return "an interval between lines";
	case 'M': case 'm': return "TTL settings";
	case 'P': case 'X': case 'x': return "proxies";
	case 'r': return "random ports";
	case 'S': return "TCP MD5 signatures";
	case 'T': return "TOS settings";
	case 't': return "telnet negotiation";
	case 'U': return "Unix-domain sockets";
	case 'u': return "UDP";
	case 'Z': return "DCCP";
	default: return NULL;
	}
}

static void
bad_option(int c)
{
	const char *what = nc_option(c);

	if (what != NULL)
		fprintf(stderr, "tfocat: -%c (%s, in nc) is not supported: "
		    "tfocat speaks plain TCP\n", c, what);
	else if (c >= 0x21 && c < 0x7f)
		fprintf(stderr, "tfocat: unknown option -%c\n", c);
	else
		fprintf(stderr, "tfocat: unknown option\n");
	usage();
}

/* A count of seconds or milliseconds, 0 to max, named in messages as opt. */
static long
number(const char *text, long max, int opt)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(text, &end, 10);
	if (end == text || *end != '\0' || errno != 0 || v < 0 || v > max) {
		fprintf(stderr, "tfocat: -%c %s: not a number from 0 to %ld\n",
		    opt, text, max);
		usage();
	}
	return v;
}

static int
demo_main(int argc, char **argv)
{
	int c, count = 5;

	opterr = 0;
	while ((c = getopt(argc, argv, ":n:")) != -1) {
		if (c != 'n')
			usage();
		count = (int)number(optarg, TFOCAT_DEMO_MAX, 'n');
		if (count < 1)
			usage();
	}
	if (optind != argc)
		usage();
	return tfocat_demo(count) == 0 ? 0 : 1;
}

int
main(int argc, char **argv)
{
	static char source_port[8];
	struct tfocat_opts o;
	const char *bind_host = NULL;
	int c, listen_mode = 0;

	/* A peer that goes away is an error to report, not a reason to die. */
	signal(SIGPIPE, SIG_IGN);

	if (argc >= 2 && strcmp(argv[1], "demo") == 0)
		return demo_main(argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "--help") == 0) {
		fputs(usage_text, stdout);
		fputs(help_text, stdout);
		return 0;
	}
	memset(&o, 0, sizeof(o));
	o.family = AF_UNSPEC;
	o.timeout_s = o.quit_s = -1;
	o.first_wait_ms = TFOCAT_FIRST_WAIT_MS;
	opterr = 0;	/* our messages, naming tfocat, not argv[0] */
	while ((c = getopt(argc, argv, OPTIONS)) != -1) {
		switch (c) {
		case '4': o.family = AF_INET; break;
		case '6': o.family = AF_INET6; break;
		case 'b': bind_host = optarg; break;
		case 'E': o.first_wait_ms = number(optarg, 10000, 'E'); break;
		case 'e': o.echo = 1; break;
		case 'h':
			fputs(usage_text, stdout);
			fputs(help_text, stdout);
			return 0;
		case 'k': o.keep = 1; break;
		case 'l': listen_mode = 1; break;
		case 'N': break;	/* what tfocat always does */
		case 'n': o.numeric = 1; break;
		case 'p':
			if (tfocat_port(optarg, 0, source_port,
			    sizeof(source_port)) == -1) {
				fprintf(stderr, "tfocat: -p %s: not a port "
				    "number (1-65535) or a TCP service name\n",
				    optarg);
				return 2;
			}
			o.source_port = source_port;
			break;
		case 'q': o.quit_s = number(optarg, 86400, 'q'); break;
		case 's': o.source = optarg; break;
		case 'V':
			printf("tfocat %s (libtfo backend %s)\n",
			    PACKAGE_VERSION, tfo_backend());
			return 0;
		case 'v': o.verbose = 1; break;
		case 'w':
			o.timeout_s = number(optarg, 86400, 'w');
			if (o.timeout_s == 0)
				o.timeout_s = -1;	/* as nc: 0 is none */
			break;
		case 'z': o.zero_io = 1; break;
		case ':':
			fprintf(stderr, "tfocat: -%c needs a value\n", optopt);
			usage();
			break;
		default:
			bad_option(optopt);
		}
	}
	argc -= optind;
	argv += optind;
	if (listen_mode) {
		/* nc's "-l address port" as well as tfocat's "-b address". */
		if (argc == 2 && bind_host == NULL)
			bind_host = *argv++, argc--;
		if (argc != 1 || o.zero_io || o.source != NULL ||
		    o.source_port != NULL) {
			if (o.zero_io || o.source != NULL ||
			    o.source_port != NULL)
				fprintf(stderr, "tfocat: -s, -p and -z are for "
				    "connecting, not with -l\n");
			usage();
		}
		o.source = bind_host;
		return tfocat_server(argv[0], &o) == 0 ? 0 : 1;
	}
	if (o.keep || o.echo || bind_host != NULL) {
		fprintf(stderr, "tfocat: -b, -e and -k go with -l\n");
		usage();
	}
	if (argc != 2)
		usage();
	return tfocat_client(argv[0], argv[1], &o) == 0 ? 0 : 1;
}

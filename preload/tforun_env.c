/* SPDX-License-Identifier: ISC */
/*
 * tforun(1)'s settings, from the environment it sets: TFORUN_CONNECT
 * (ports, "80,8080"), TFORUN_SERVER and TFORUN_VERBOSE ("1").  Read once
 * when the library is loaded and never written again, so threads can
 * read them freely.  Calls that come before (other libraries'
 * constructors) see nothing wanted and are left alone.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tforun.h"

static unsigned char ports[65536 / 8];
static int server, verbose;

static void tforun_init(void) __attribute__((constructor));

static void
tforun_init(void)
{
	const char *s;
	char *end;
	unsigned long p;

	s = getenv("TFORUN_SERVER");
	server = s != NULL && strcmp(s, "1") == 0;
	s = getenv("TFORUN_VERBOSE");
	verbose = s != NULL && strcmp(s, "1") == 0;
	s = getenv("TFORUN_CONNECT");
	while (s != NULL && *s != '\0') {
		errno = 0;
		p = strtoul(s, &end, 10);
		if (end == s || errno != 0)
			break;		/* tforun(1) checked: stop at garbage */
		if (p > 0 && p < 65536)
			ports[p / 8] |= (unsigned char)(1u << (p % 8));
		s = *end == ',' ? end + 1 : end;
	}
}

int
tforun_port_wanted(unsigned int port)
{
	return port < 65536 && (ports[port / 8] & (1u << (port % 8))) != 0;
}

int
tforun_server_wanted(void)
{
	return server;
}

void
tforun_log(int fd, const char *fmt, ...)
{
	TFORUN_REAL(ssize_t, (int, const void *, size_t), "write");
	char line[256];
	int n, m, saved_errno = errno;
	va_list ap;

	if (!verbose || real == NULL)
		return;
	n = snprintf(line, sizeof(line), "tforun: pid %ld fd %d: ",
	    (long)getpid(), fd);
	va_start(ap, fmt);
	m = vsnprintf(line + n, sizeof(line) - (size_t)n - 1, fmt, ap);
	va_end(ap);
	if (m < 0)
		m = 0;
	n += m;
	if ((size_t)n > sizeof(line) - 2)
		n = sizeof(line) - 2;
	line[n++] = '\n';
	/* One write(2): lines from threads and processes do not mix. */
	(void)real(2, line, (size_t)n);
	errno = saved_errno;
}

/* SPDX-License-Identifier: ISC */
#include <stdio.h>
#include <stdlib.h>

#include "tap.h"

static int count, failures, planned = -1;

void
plan(int n)
{
	planned = n;
	printf("1..%d\n", n);
	fflush(stdout);
}

static int
okv(int cond, const char *fmt, va_list ap)
{
	++count;
	printf("%sok %d - ", cond ? "" : "not ", count);
	vprintf(fmt, ap);
	printf("\n");
	fflush(stdout);
	if (!cond)
		++failures;
	return cond;
}

int
ok(int cond, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	okv(cond, fmt, ap);
	va_end(ap);
	return cond;
}

int
is_int(long got, long want, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	okv(got == want, fmt, ap);
	va_end(ap);
	if (got != want)
		diag("    got %ld, want %ld", got, want);
	return got == want;
}

void
skip(const char *fmt, ...)
{
	va_list ap;

	printf("ok %d # SKIP ", ++count);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

void
skip_all(const char *fmt, ...)
{
	va_list ap;

	printf("1..0 # SKIP ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	exit(0);
}

void
diag(const char *fmt, ...)
{
	va_list ap;

	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

void
bail(const char *fmt, ...)
{
	va_list ap;

	printf("Bail out! ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	exit(1);
}

int
done_testing(void)
{
	if (planned == -1)
		printf("1..%d\n", count);
	fflush(stdout);
	return 0;
}

int
tap_count(void)
{
	return count;
}

int
tap_failures(void)
{
	return failures;
}

void
tap_set_count(int n, int f)
{
	count = n;
	failures = f;
}

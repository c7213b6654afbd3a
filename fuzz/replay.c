/* SPDX-License-Identifier: ISC */
/*
 * Replays the fuzz corpus through the fuzz target without libFuzzer, so
 * make check runs it with any compiler.  One TAP line per input file; an
 * invariant the target finds broken aborts the run, which fails the test.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"
#include "fuzz.h"

#define INPUT_MAX 65536		/* corpus files are small; libFuzzer's -max_len */

static int
cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
main(int argc, char **argv)
{
	static uint8_t data[INPUT_MAX];
	char dir[1024], path[2048], why[160], *names[4096];
	const char *srcdir = getenv("srcdir");
	struct dirent *de;
	DIR *d;
	FILE *f;
	size_t n, count = 0, i;

	if (argc > 1)
		snprintf(dir, sizeof(dir), "%s", argv[1]);
	else
		snprintf(dir, sizeof(dir), "%s/fuzz/corpus",
		    srcdir ? srcdir : ".");
	alarm(300);	/* a watchdog: SIGALRM ends a hung replay */
	if (fuzz_setup(why, sizeof(why)) == -1)
		skip_all("%s", why);
	if ((d = opendir(dir)) == NULL)
		bail("%s: %s", dir, strerror(errno));
	while ((de = readdir(d)) != NULL && count < 4096)
		if (de->d_name[0] != '.' &&
		    (names[count] = strdup(de->d_name)) != NULL)
			count++;
	closedir(d);
	/* Sorted, so that a failure's number means the same file each run. */
	qsort(names, count, sizeof(names[0]), cmp);
	ok(count > 0, "corpus %s holds %zu inputs", dir, count);
	for (i = 0; i < count; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		if ((f = fopen(path, "rb")) == NULL) {
			ok(0, "%s: %s", names[i], strerror(errno));
			continue;
		}
		n = fread(data, 1, sizeof(data), f);
		fclose(f);
		ok(LLVMFuzzerTestOneInput(data, n) == 0, "%s (%zu bytes)",
		    names[i], n);
		free(names[i]);
	}
	return done_testing();
}

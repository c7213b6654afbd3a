/* SPDX-License-Identifier: ISC */
/* libFuzzer's entry points around the target (fuzz/run.sh builds this). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char why[160];

	(void)argc;
	(void)argv;
	/* Never fuzz in the host's namespace: refuse to start instead. */
	if (fuzz_setup(why, sizeof(why)) == -1) {
		fprintf(stderr, "fuzz setup: %s\n", why);
		exit(1);
	}
	return 0;
}

/* SPDX-License-Identifier: ISC */
/* The fuzz target, shared by the libFuzzer build and the corpus replay. */
#ifndef TFO_FUZZ_H
#define TFO_FUZZ_H

#include <stddef.h>
#include <stdint.h>

/* Enter a private namespace and open the loopback sockets; -1: why. */
int fuzz_setup(char *why, size_t whylen);

/* One input; aborts when an invariant breaks. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif /* !TFO_FUZZ_H */

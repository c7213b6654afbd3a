# SPDX-License-Identifier: ISC
# The fuzz corpus, replayed through the fuzz target in make check by a
# plain driver (no libFuzzer needed).  fuzz/run.sh builds the libFuzzer
# binary with clang and grows the corpus.
fuzz_tests = fuzz/replay.t
check_PROGRAMS += $(fuzz_tests)
# Runs on the build machine: not when cross-compiling (still built).
if !CROSS_COMPILING
TESTS += $(fuzz_tests)
endif
fuzz_replay_t_SOURCES = fuzz/replay.c fuzz/target.c fuzz/fuzz.h
fuzz_replay_t_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tools \
	-I$(top_srcdir)/t
# The convenience libraries, not libtfo.la: the target checks the verdict.
fuzz_replay_t_LDADD = t/libtest.la libtfo_common.la libtfo_backend.la \
	libnetns.la -lpthread
EXTRA_DIST += fuzz/corpus fuzz/run.sh fuzz/libfuzzer.c

# SPDX-License-Identifier: ISC
# Middlebox faults through the link emulator (issue 6): t/middlebox.sh
# drives bench/linkemu and t/middlebox (both ends of every connection).
if HAVE_BENCH
check_PROGRAMS += t/middlebox
endif
# Runs target binaries: not when cross-compiling.
if !CROSS_COMPILING
TESTS += t/middlebox.sh
endif
EXTRA_DIST += t/middlebox.sh docs/reliability.md
t_middlebox_SOURCES = t/middlebox.c
t_middlebox_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tools
t_middlebox_LDADD = $(TEST_LIBS)
t_middlebox_LDFLAGS = -no-install

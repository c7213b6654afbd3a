# SPDX-License-Identifier: ISC
# Middlebox faults through the link emulator (issue 6): t/middlebox.sh
# drives bench/linkemu and t/middlebox (both ends of every connection).
EXTRA_DIST += t/middlebox.sh docs/reliability.md
if HAVE_LINKEMU
check_PROGRAMS += t/middlebox
TESTS += t/middlebox.sh
endif
t_middlebox_SOURCES = t/middlebox.c
t_middlebox_LDADD = libtfo.la
t_middlebox_LDFLAGS = -no-install

# SPDX-License-Identifier: ISC
# The TAP suite: every test prints TAP for automake's tap-driver.sh and
# runs against the real kernel on loopback, in private network namespaces.
LOG_DRIVER = env AM_TAP_AWK='$(AWK)' $(SHELL) $(top_srcdir)/build-aux/tap-driver.sh
AM_LOG_DRIVER_FLAGS = --comments
AM_TESTS_ENVIRONMENT = srcdir='$(srcdir)'; top_builddir='$(top_builddir)'; export srcdir top_builddir;

check_LTLIBRARIES = t/libtest.la
t_libtest_la_SOURCES = t/tap.c t/tap.h t/testlib.h t/netns.c t/server.c \
	t/client.c t/expect.c
t_libtest_la_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tools
t_libtest_la_LIBADD = libnetns.la -lpthread

# Test programs link the installed-shape library, as users do.
TEST_LIBS = t/libtest.la libtfo.la -lpthread

t_tests = t/connect.t t/badinput.t t/signals.t t/api.t t/seed.t \
	t/threads.t t/property.t t/dial.t
check_PROGRAMS += $(t_tests)
# They run on the build machine: not when cross-compiling (still built).
if !CROSS_COMPILING
TESTS += $(t_tests) t/tfocat.sh t/tfocat-relay.sh t/tfocat-cli.sh
endif
EXTRA_DIST += t/tfocat.sh t/tfocat-relay.sh t/tfocat-cli.sh t/in-netns.sh

# The netcat relay test's server: plain sockets, to judge tfocat and nc.
check_PROGRAMS += t/relay_server
t_relay_server_SOURCES = t/relay_server.c

# The Linux server's SYN-ACKs on the wire: the premise of the FreeBSD
# shim's SYN-ACK rule, checked on the real kernel.
if HOST_LINUX
check_PROGRAMS += t/synack.t
if !CROSS_COMPILING
TESTS += t/synack.t
endif
endif
t_synack_t_SOURCES = t/synack.c
t_synack_t_LDADD = $(TEST_LIBS)

t_connect_t_SOURCES = t/connect.c
t_connect_t_LDADD = $(TEST_LIBS)

t_badinput_t_SOURCES = t/badinput.c
t_badinput_t_LDADD = $(TEST_LIBS)

t_signals_t_SOURCES = t/signals.c
t_signals_t_LDADD = $(TEST_LIBS)

t_api_t_SOURCES = t/api.c
t_api_t_CPPFLAGS = $(AM_CPPFLAGS) -DEXPECTED_BACKEND='"$(TFO_BACKEND)"'
t_api_t_LDADD = $(TEST_LIBS)

t_dial_t_SOURCES = t/dial.c
t_dial_t_LDADD = $(TEST_LIBS)

t_seed_t_SOURCES = t/seed.c
t_seed_t_LDADD = $(TEST_LIBS)
# The seed's manual-page example, run by t/seed.t: links libtfo alone.
check_PROGRAMS += t/seed-example
t_seed_example_SOURCES = t/seed-example.c
t_seed_example_LDADD = libtfo.la

# The expectations above, for the shell tests (t/tfocat.sh,
# examples/run.sh): one table, in t/expect.c.
check_PROGRAMS += t/expect-cli
t_expect_cli_SOURCES = t/expect-cli.c
t_expect_cli_LDADD = $(TEST_LIBS)

# Middlebox faults (issue 6).
include t/middlebox.mk

# Threads racing a flipping tcp_fastopen; TFO_LONG=1 for 8 x 2000.
t_threads_t_SOURCES = t/threads.c
t_threads_t_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tools
t_threads_t_LDADD = $(TEST_LIBS)

# Seeded random cases: TFO_SEED, TFO_CASES; TFO_LONG=1 for 10 000.
t_property_t_SOURCES = t/property.c
t_property_t_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tools
t_property_t_LDADD = $(TEST_LIBS)

# The contract under injected system-call faults (issue 16): the
# convenience archives, not libtfo.la, so that --wrap reaches the
# library's own calls.  TFO_LONG=1 for 12 000 connections a mode.
if HAVE_FAULT_TEST
check_PROGRAMS += t/faults.t
if !CROSS_COMPILING
TESTS += t/faults.t
endif
endif
t_faults_t_SOURCES = t/faults.c tools/demo_link.h
t_faults_t_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tools
if HAVE_BENCH
t_faults_t_SOURCES += tools/demo_link.c bench/emu_ns.c bench/emu_relay.c \
	bench/emu_rules.c
t_faults_t_CPPFLAGS += -I$(top_srcdir)/bench
else
t_faults_t_SOURCES += tools/demo_link_none.c
endif
t_faults_t_LDADD = t/libtest.la libtfo_common.la libtfo_backend.la -lpthread
t_faults_t_LDFLAGS = -Wl,--wrap=sendto -Wl,--wrap=send -Wl,--wrap=poll \
	-Wl,--wrap=connect -Wl,--wrap=getsockopt -Wl,--wrap=setsockopt

# The long modes, run by hand or in a nightly job (minutes, not seconds):
# 8 threads x 2000 connections, 10 000 random cases, 10 200 calls under
# signals.
if HAVE_FAULT_TEST
faults_long = t/faults.t
endif
check-long:
	TFO_LONG=1 $(MAKE) $(AM_MAKEFLAGS) check \
	    TESTS='t/threads.t t/property.t t/signals.t $(faults_long)'
.PHONY: check-long


# tforun with curl and python3 in a private namespace (issue 14).
EXTRA_DIST += t/tforun.sh
if HAVE_TFORUN
if BACKEND_LINUX
# A plain C client (no libtfo), for what Python cannot show: its modes
# (ppoll, MSG_ZEROCOPY) are Linux's, as t/tforun.sh's client side is.
check_PROGRAMS += t/tforun-client
endif
if !CROSS_COMPILING
TESTS += t/tforun.sh
endif
endif

# SPDX-License-Identifier: ISC
# tfocat, the command-line tool, and the namespace helper it shares with
# the tests.
bin_PROGRAMS += tools/tfocat
tools_tfocat_SOURCES = tools/tfocat.c tools/tfocat.h tools/tfocat_client.c \
	tools/tfocat_server.c tools/tfocat_demo.c tools/tfocat_relay.c \
	tools/tfocat_addr.c tools/netns.h tools/demo_link.h
tools_tfocat_LDADD = libtfo.la libnetns.la
# Set in both branches: a per-target CPPFLAGS defined in one branch only
# would be empty in the other and hide AM_CPPFLAGS (src/, for tfo.h).
tools_tfocat_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/bench
# The demo's emulated link is bench/linkemu's relay, where it can be built.
if HAVE_BENCH
tools_tfocat_SOURCES += tools/demo_link.c bench/emu_ns.c bench/emu_relay.c \
	bench/emu_rules.c
else
tools_tfocat_SOURCES += tools/demo_link_none.c
endif
EXTRA_DIST += tools/demo_link.c tools/demo_link_none.c

noinst_LTLIBRARIES += libnetns.la
if HAVE_NETNS
libnetns_la_SOURCES = tools/netns.c
else
libnetns_la_SOURCES = tools/netns_none.c
endif
EXTRA_DIST += tools/netns.c tools/netns_none.c

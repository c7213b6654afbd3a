# SPDX-License-Identifier: ISC
# tfocat, the command-line tool, and the namespace helper it shares with
# the tests.
bin_PROGRAMS += tools/tfocat
tools_tfocat_SOURCES = tools/tfocat.c tools/tfocat.h tools/tfocat_client.c \
	tools/tfocat_server.c tools/tfocat_demo.c tools/tfocat_relay.c \
	tools/tfocat_addr.c tools/netns.h
tools_tfocat_LDADD = libtfo.la libnetns.la

noinst_LTLIBRARIES += libnetns.la
if HAVE_NETNS
libnetns_la_SOURCES = tools/netns.c
else
libnetns_la_SOURCES = tools/netns_none.c
endif
EXTRA_DIST += tools/netns.c tools/netns_none.c

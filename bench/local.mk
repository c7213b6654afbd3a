# SPDX-License-Identifier: ISC
# Benchmarks (issue 5): built by "make all" so they never rot (unless
# configure --disable-bench), run only by "make bench" as root.  See
# docs/performance.md.
noinst_HEADERS += bench/emu_ns.h bench/emu_relay.h bench/emu_rules.h \
	bench/rr.h bench/srv.h bench/tls_cert.h
EXTRA_DIST += bench/tfo_bench.m4 bench/run.sh bench/netns_lo.sh \
	bench/syscalls.sh bench/callgrind.sh bench/nginx_conf.sh bench/verdict.sh bench/plot.sh \
	docs/performance.md docs/performance.png
# Only where Linux TFO, TUN and prctl(2) are there (configure: HAVE_BENCH).
# The link emulator is built even with --disable-bench: t/middlebox.sh
# runs it.
if HAVE_BENCH
noinst_PROGRAMS += bench/linkemu
bench_linkemu_SOURCES = bench/linkemu.c bench/emu_ns.c bench/emu_relay.c \
	bench/emu_rules.c
endif

if BUILD_BENCH
noinst_PROGRAMS += bench/rtt bench/rr_server bench/rr_tfo bench/cost

# The link emulator's own round-trip check.
bench_rtt_SOURCES = bench/rtt.c bench/rr_common.c

# -no-install: a real executable, not a libtool wrapper, so that strace
# and valgrind see the program itself.
bench_rr_server_SOURCES = bench/rr_server.c bench/srv_common.c \
	bench/rr_common.c
bench_rr_tfo_SOURCES = bench/rr_tfo.c bench/rr_common.c
bench_rr_tfo_LDADD = libtfo.la
bench_rr_tfo_LDFLAGS = -no-install
bench_cost_SOURCES = bench/cost.c
bench_cost_LDADD = libtfo.la
bench_cost_LDFLAGS = -no-install

# tfo_dial() against a naive loop and curl, IPv6 black-holed or not.
noinst_PROGRAMS += bench/dial
bench_dial_SOURCES = bench/dial.c tools/demo_link.c bench/emu_ns.c \
	bench/emu_relay.c bench/emu_rules.c
bench_dial_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tools \
	-I$(top_srcdir)/bench
bench_dial_LDADD = libtfo.la
bench_dial_LDFLAGS = -no-install

# libowfat exports libtfo's names: its client links libowfat alone
# (configure --with-libowfat).
if HAVE_LIBOWFAT
noinst_PROGRAMS += bench/rr_owfat
bench_rr_owfat_SOURCES = bench/rr_owfat.c bench/rr_common.c
bench_rr_owfat_LDADD = -lowfat
endif

# configure --with-openssl.
if HAVE_OPENSSL
noinst_PROGRAMS += bench/tls_server bench/tls_rr
bench_tls_server_SOURCES = bench/tls_server.c bench/srv_common.c \
	bench/tls_cert.c
bench_tls_server_CPPFLAGS = $(AM_CPPFLAGS) $(OPENSSL_CFLAGS)
bench_tls_server_LDADD = $(OPENSSL_LIBS)
bench_tls_rr_SOURCES = bench/tls_rr.c bench/rr_common.c
bench_tls_rr_CPPFLAGS = $(AM_CPPFLAGS) $(OPENSSL_CFLAGS)
bench_tls_rr_LDADD = libtfo.la $(OPENSSL_LIBS)
bench_tls_rr_LDFLAGS = -no-install
endif
endif

# make bench [K=n] [CPS_K=n] [DELAYS="5 20"], as root: runs everything,
# prints the tables, writes bench-results/ (with bench.png when gnuplot is
# installed).  It installs nothing.
if BUILD_BENCH
bench: all
	K='$(K)' CPS_K='$(CPS_K)' DELAYS='$(DELAYS)' \
	    $(SHELL) $(abs_srcdir)/bench/run.sh $(abs_srcdir) $(abs_builddir)
else
bench:
	@echo "make bench: needs Linux TFO, network namespaces and TUN devices, and configure without --disable-bench"
endif
.PHONY: bench

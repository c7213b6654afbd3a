# SPDX-License-Identifier: ISC
# Benchmarks (issue 5): built by "make all" so they never rot, run only by
# "make bench" as root.  See docs/performance.md.
noinst_PROGRAMS += bench/linkemu
noinst_HEADERS += bench/emu_ns.h bench/emu_relay.h bench/emu_rules.h
bench_linkemu_SOURCES = bench/linkemu.c bench/emu_ns.c bench/emu_relay.c \
	bench/emu_rules.c

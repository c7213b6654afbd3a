# SPDX-License-Identifier: ISC
# Kernel-semantics shims.  With a darwin or freebsd backend on a Linux host
# (KERNEL_SHIM), the backend is compiled against t/shim/<os>/include and
# linked with t/shim/<os>.c, an emulation of its kernel on top of Linux
# TFO; the library, and every test program, then runs the backend's code.
if KERNEL_SHIM
libtfo_backend_la_CPPFLAGS = -I$(srcdir)/t/shim/$(TFO_BACKEND)/include \
	$(AM_CPPFLAGS)
libtfo_backend_la_LIBADD = libtfo_shim.la
noinst_LTLIBRARIES += libtfo_shim.la
libtfo_shim_la_SOURCES = t/shim/shim.c t/shim/shim.h
if BACKEND_DARWIN
libtfo_shim_la_SOURCES += t/shim/xnu.c
endif
if BACKEND_FREEBSD
libtfo_shim_la_SOURCES += t/shim/freebsd.c
endif
else
libtfo_backend_la_CPPFLAGS = $(AM_CPPFLAGS)
endif

# The shims' own TAP tests: the backend through the public API, against a
# real Linux TFO server in a private network namespace.  TAP, namespaces,
# the server and the client helpers are the test library's (t/libtest.la).
shim_test_sources = t/shim/harness.c t/shim/harness.h
if KERNEL_SHIM
if !CROSS_COMPILING
if BACKEND_DARWIN
check_PROGRAMS += t/shim/darwin-semantics
TESTS += t/shim/darwin-semantics
endif
if BACKEND_FREEBSD
check_PROGRAMS += t/shim/freebsd-semantics
TESTS += t/shim/freebsd-semantics
endif
endif
endif
t_shim_darwin_semantics_SOURCES = t/shim/darwin-semantics.c \
	$(shim_test_sources)
t_shim_darwin_semantics_CPPFLAGS = $(AM_CPPFLAGS) -I$(srcdir)/t
# The library's own archives, not libtfo.la: the test then shares the
# shim's state, and asks it what the emulated kernel holds (SO_NOSIGPIPE).
t_shim_darwin_semantics_LDADD = t/libtest.la libtfo_common.la \
	libtfo_backend.la -lpthread
t_shim_freebsd_semantics_SOURCES = t/shim/freebsd-semantics.c \
	$(shim_test_sources)
t_shim_freebsd_semantics_CPPFLAGS = $(AM_CPPFLAGS) -I$(srcdir)/t
t_shim_freebsd_semantics_LDADD = $(TEST_LIBS)

EXTRA_DIST += \
	t/shim/darwin/include/netinet/tcp.h \
	t/shim/darwin/include/sys/socket.h \
	t/shim/darwin/include/sys/sysctl.h \
	t/shim/xnu_abi.h \
	t/shim/freebsd/include/sys/ioctl.h \
	t/shim/freebsd/include/sys/socket.h \
	t/shim/freebsd/include/sys/sysctl.h \
	t/shim/xnu.c \
	t/shim/freebsd.c \
	t/shim/README.md \
	t/cross/build-darwin.sh \
	t/cross/check-backends.sh

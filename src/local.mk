# SPDX-License-Identifier: ISC
# The library: common code (libtfo_common.la) plus exactly one backend
# (libtfo_backend.la), linked into libtfo.la with only the public names
# exported.  Tests that need internals link the convenience libraries.
include_HEADERS += src/tfo.h src/tfo_socket.h
noinst_HEADERS += src/tfo_impl.h src/tfo_common.h src/tfo_socket_new.h

noinst_LTLIBRARIES += libtfo_common.la libtfo_backend.la
libtfo_common_la_SOURCES = \
	src/check.c \
	src/plain.c \
	src/sockaddr.c \
	src/socket_bind4.c \
	src/socket_bind4_reuse.c \
	src/socket_bind6.c \
	src/socket_bind6_reuse.c \
	src/socket_connect4.c \
	src/socket_connect6.c \
	src/socket_connected.c \
	src/socket_fastopen.c \
	src/socket_fastopen_connect4.c \
	src/socket_fastopen_connect6.c \
	src/socket_listen.c \
	src/socket_new.c \
	src/socket_tcp4.c \
	src/socket_tcp4b.c \
	src/socket_tcp6.c \
	src/socket_tcp6b.c \
	src/tfo_backend.c \
	src/tfo_connect.c \
	src/tfo_connect_deferred.c \
	src/tfo_dial.c \
	src/tfo_kernel_allows.c \
	src/tfo_listen.c \
	src/tfo_used.c \
	src/verdict.c \
	src/wait.c

libtfo_backend_la_SOURCES =
if BACKEND_LINUX
libtfo_backend_la_SOURCES += src/linux/tfo_linux.c
endif
if BACKEND_FREEBSD
libtfo_backend_la_SOURCES += src/freebsd/tfo_freebsd.c
endif
if BACKEND_DARWIN
libtfo_backend_la_SOURCES += src/darwin/tfo_darwin.c
endif
if BACKEND_FALLBACK
libtfo_backend_la_SOURCES += src/fallback/tfo_fallback.c
endif

lib_LTLIBRARIES += libtfo.la
libtfo_la_SOURCES =
# Forces the C linker for a library made only of convenience libraries.
nodist_EXTRA_libtfo_la_SOURCES = src/dummy.c
libtfo_la_LIBADD = libtfo_common.la libtfo_backend.la
libtfo_la_LDFLAGS = -no-undefined \
	-version-info $(LT_CURRENT):$(LT_REVISION):$(LT_AGE)
# Only the names in src/libtfo.sym are exported: on ELF through a version
# script made from it (node LIBTFO_0; configure: HAVE_VERSION_SCRIPT),
# elsewhere through libtool.  Never both: libtool's own script would
# clash with ours.
if HAVE_VERSION_SCRIPT
libtfo_la_LDFLAGS += -Wl,--version-script=libtfo.ver
EXTRA_libtfo_la_DEPENDENCIES = libtfo.ver
else
libtfo_la_LDFLAGS += -export-symbols $(srcdir)/src/libtfo.sym
EXTRA_libtfo_la_DEPENDENCIES = $(srcdir)/src/libtfo.sym
endif
EXTRA_DIST += src/libtfo.sym
CLEANFILES += libtfo.ver
libtfo.ver: $(srcdir)/src/libtfo.sym
	$(AM_V_GEN){ echo 'LIBTFO_0 {'; echo 'global:'; \
	    sed 's/^\(.*\)$$/	\1;/' $(srcdir)/src/libtfo.sym; \
	    echo 'local:'; echo '	*;'; echo '};'; } >$@

# SPDX-License-Identifier: ISC
# tforun(1) and its preload library (issue 14): built where configure
# found LD_PRELOAD interposition (HAVE_TFORUN), else left out whole.
EXTRA_DIST += preload/tforun.sym preload/tforun_linux.c preload/tforun_none.c \
	preload/tforun_darwin.c \
	tools/tforun.in bench/tforun_ttfb.sh bench/tforun_server.sh
noinst_HEADERS += preload/tforun.h
if HAVE_TFORUN
pkglib_LTLIBRARIES = libtforun.la
libtforun_la_SOURCES = preload/tforun_env.c preload/tforun_real.c
# The backend for server TFO, as tfo_listen() uses it.
libtforun_la_LIBADD = libtfo_common.la libtfo_backend.la $(TFORUN_LIBS)
if PRELOAD_DYLD
# macOS: dyld's interpose table does the replacing, by address, so the
# names the library exports replace nothing (two-level namespace).  A
# dylib, not a -module bundle: DYLD_INSERT_LIBRARIES loads dylibs.
libtforun_la_SOURCES += preload/tforun_darwin.c
libtforun_la_LDFLAGS = -avoid-version -shared -no-undefined
else
# LD_PRELOAD: the interposed names, and only they, are exported.
libtforun_la_SOURCES += preload/tforun_mark.c preload/tforun_first.c \
	preload/tforun_connect.c preload/tforun_listen.c preload/tforun_send.c \
	preload/tforun_recv.c preload/tforun_dup.c
if BACKEND_LINUX
libtforun_la_SOURCES += preload/tforun_linux.c
else
libtforun_la_SOURCES += preload/tforun_none.c
endif
libtforun_la_LDFLAGS = -module -avoid-version -shared -no-undefined \
	-export-symbols $(srcdir)/preload/tforun.sym
EXTRA_libtforun_la_DEPENDENCIES = $(srcdir)/preload/tforun.sym
endif

bin_SCRIPTS += tools/tforun
CLEANFILES += tools/tforun
tools/tforun: $(srcdir)/tools/tforun.in Makefile
	$(AM_V_GEN)$(MKDIR_P) tools && rm -f $@ $@.tmp && \
	sed -e 's|@pkglibdir[@]|$(pkglibdir)|g' \
	    -e 's|@PRELOAD_VAR[@]|$(PRELOAD_VAR)|g' \
	    -e 's|@PRELOAD_SO[@]|$(PRELOAD_SO)|g' \
	    -e 's|@VERSION[@]|$(VERSION)|g' $(srcdir)/tools/tforun.in >$@.tmp && \
	chmod +x $@.tmp && mv $@.tmp $@
endif

# A preload library is loaded by path, never linked: its .la would only
# mislead.  Installed without it, so its .so goes by hand on uninstall.
install-exec-hook: install-tforun-drop-la
uninstall-hook: uninstall-tforun-so
install-tforun-drop-la:
	rm -f "$(DESTDIR)$(pkglibdir)/libtforun.la"
uninstall-tforun-so:
	rm -f "$(DESTDIR)$(pkglibdir)/$(PRELOAD_SO)"
.PHONY: install-tforun-drop-la uninstall-tforun-so

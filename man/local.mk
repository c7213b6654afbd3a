# SPDX-License-Identifier: ISC
# Manual pages, their alias links, their lint and their compiled EXAMPLES.

# The shell tests in man/, examples/ and packaging/ read the build's tools
# from this file: neither make passes $(MAKE) or $(CC) to a test.
check_SCRIPTS += docs-test-env.sh
CLEANFILES += docs-test-env.sh
docs-test-env.sh: Makefile
	$(AM_V_GEN){ \
	echo "MAKE='$(MAKE)'"; \
	echo "TFO_SHELL='$(SHELL)'"; \
	echo "CC='$(CC)'"; \
	echo "CFLAGS='$(CFLAGS)'"; \
	echo "CPPFLAGS='$(CPPFLAGS)'"; \
	echo "LDFLAGS='$(LDFLAGS)'"; \
	echo "EXEEXT='$(EXEEXT)'"; \
	echo "host_os='$(host_os)'"; \
	echo "bindir='$(bindir)'"; \
	echo "libdir='$(libdir)'"; \
	echo "includedir='$(includedir)'"; \
	echo "mandir='$(mandir)'"; \
	echo "pkgconfigdir='$(pkgconfigdir)'"; \
	echo "version_script='$(tfo_version_script)'"; \
	echo "bin_PROGRAMS='$(bin_PROGRAMS) $(bin_SCRIPTS)'"; \
	} >$@

# One page per family.  The libowfat-compatible pages install as .3tfo
# (like OpenSSL's .3ssl and libpcap's .3pcap): libowfat's packages install
# socket_fastopen_connect4.3 and the rest, and both must fit side by side.
# `man socket_fastopen_connect4' and `man 3tfo socket_fastopen_connect4'
# find them.
dist_man_MANS += man/libtfo.3 man/tfo_connect.3 man/tfo_listen.3 \
	man/tfo_used.3 man/tfo_dial.3 man/tfocat.1 \
	man/socket_fastopen_connect4.3tfo \
	man/socket_fastopen.3tfo man/socket_tcp4.3tfo man/tforun.1

# Every other function name on a page gets a link: "link page" pairs, all
# in man3.  Added after installation, removed before uninstallation.
TFO_MAN_LINKS = \
	tfo_connect_deferred.3 tfo_connect.3 \
	tfo_kernel_allows.3 tfo_used.3 \
	tfo_backend.3 tfo_used.3 \
	socket_fastopen_connect6.3tfo socket_fastopen_connect4.3tfo \
	socket_tcp4b.3tfo socket_tcp4.3tfo \
	socket_tcp6.3tfo socket_tcp4.3tfo \
	socket_tcp6b.3tfo socket_tcp4.3tfo \
	socket_bind4.3tfo socket_tcp4.3tfo \
	socket_bind4_reuse.3tfo socket_tcp4.3tfo \
	socket_bind6.3tfo socket_tcp4.3tfo \
	socket_bind6_reuse.3tfo socket_tcp4.3tfo \
	socket_listen.3tfo socket_tcp4.3tfo \
	socket_connect4.3tfo socket_tcp4.3tfo \
	socket_connect6.3tfo socket_tcp4.3tfo \
	socket_connected.3tfo socket_tcp4.3tfo

install-data-hook: install-tfo-man-links
uninstall-hook: uninstall-tfo-man-links
install-tfo-man-links:
	@set -- $(TFO_MAN_LINKS); \
	cd "$(DESTDIR)$(man3dir)" || exit 1; \
	while test $$# -ge 2; do \
	  echo " cd '$(DESTDIR)$(man3dir)' && $(LN_S) $$2 $$1"; \
	  rm -f "$$1" && $(LN_S) "$$2" "$$1" || exit 1; \
	  shift 2; \
	done
uninstall-tfo-man-links:
	@set -- $(TFO_MAN_LINKS); \
	while test $$# -ge 2; do \
	  echo " rm -f '$(DESTDIR)$(man3dir)/$$1'"; \
	  rm -f "$(DESTDIR)$(man3dir)/$$1"; \
	  shift 2; \
	done

# distcheck's leftover check sees regular files only: a link that
# uninstall-tfo-man-links forgot would pass unseen.
distuninstallcheck_listfiles = find . -type f -print -o -type l -print

EXTRA_DIST += man/example.sh man/lint.sh
TESTS += man/lint.sh

# The C program in each page's EXAMPLES section, compiled by `make check'.
TFO_MAN_EXAMPLES = man/ex_libtfo man/ex_tfo_connect man/ex_tfo_listen \
	man/ex_tfo_dial \
	man/ex_tfo_used man/ex_socket_fastopen_connect4 \
	man/ex_socket_fastopen man/ex_socket_tcp4
check_PROGRAMS += $(TFO_MAN_EXAMPLES)
CLEANFILES += man/ex_libtfo.c man/ex_tfo_connect.c man/ex_tfo_listen.c \
	man/ex_tfo_dial.c \
	man/ex_tfo_used.c man/ex_socket_fastopen_connect4.c \
	man/ex_socket_fastopen.c man/ex_socket_tcp4.c
nodist_man_ex_libtfo_SOURCES = man/ex_libtfo.c
nodist_man_ex_tfo_connect_SOURCES = man/ex_tfo_connect.c
nodist_man_ex_tfo_listen_SOURCES = man/ex_tfo_listen.c
nodist_man_ex_tfo_dial_SOURCES = man/ex_tfo_dial.c
nodist_man_ex_tfo_used_SOURCES = man/ex_tfo_used.c
nodist_man_ex_socket_fastopen_connect4_SOURCES = \
	man/ex_socket_fastopen_connect4.c
nodist_man_ex_socket_fastopen_SOURCES = man/ex_socket_fastopen.c
nodist_man_ex_socket_tcp4_SOURCES = man/ex_socket_tcp4.c
man_ex_libtfo_LDADD = libtfo.la
man_ex_tfo_connect_LDADD = libtfo.la
man_ex_tfo_listen_LDADD = libtfo.la
man_ex_tfo_dial_LDADD = libtfo.la
man_ex_tfo_used_LDADD = libtfo.la
man_ex_socket_fastopen_connect4_LDADD = libtfo.la
man_ex_socket_fastopen_LDADD = libtfo.la
man_ex_socket_tcp4_LDADD = libtfo.la

TFO_EXTRACT = $(SHELL) $(srcdir)/man/example.sh
man/ex_libtfo.c: $(srcdir)/man/libtfo.3 $(srcdir)/man/example.sh
	$(AM_V_GEN)$(MKDIR_P) man && $(TFO_EXTRACT) $(srcdir)/man/libtfo.3 >$@.tmp && mv $@.tmp $@
man/ex_tfo_connect.c: $(srcdir)/man/tfo_connect.3 $(srcdir)/man/example.sh
	$(AM_V_GEN)$(MKDIR_P) man && $(TFO_EXTRACT) $(srcdir)/man/tfo_connect.3 >$@.tmp && mv $@.tmp $@
man/ex_tfo_listen.c: $(srcdir)/man/tfo_listen.3 $(srcdir)/man/example.sh
	$(AM_V_GEN)$(MKDIR_P) man && $(TFO_EXTRACT) $(srcdir)/man/tfo_listen.3 >$@.tmp && mv $@.tmp $@
man/ex_tfo_dial.c: $(srcdir)/man/tfo_dial.3 $(srcdir)/man/example.sh
	$(AM_V_GEN)$(MKDIR_P) man && $(TFO_EXTRACT) $(srcdir)/man/tfo_dial.3 >$@.tmp && mv $@.tmp $@
man/ex_tfo_used.c: $(srcdir)/man/tfo_used.3 $(srcdir)/man/example.sh
	$(AM_V_GEN)$(MKDIR_P) man && $(TFO_EXTRACT) $(srcdir)/man/tfo_used.3 >$@.tmp && mv $@.tmp $@
man/ex_socket_fastopen_connect4.c: $(srcdir)/man/socket_fastopen_connect4.3tfo $(srcdir)/man/example.sh
	$(AM_V_GEN)$(MKDIR_P) man && $(TFO_EXTRACT) $(srcdir)/man/socket_fastopen_connect4.3tfo >$@.tmp && mv $@.tmp $@
man/ex_socket_fastopen.c: $(srcdir)/man/socket_fastopen.3tfo $(srcdir)/man/example.sh
	$(AM_V_GEN)$(MKDIR_P) man && $(TFO_EXTRACT) $(srcdir)/man/socket_fastopen.3tfo >$@.tmp && mv $@.tmp $@
man/ex_socket_tcp4.c: $(srcdir)/man/socket_tcp4.3tfo $(srcdir)/man/example.sh
	$(AM_V_GEN)$(MKDIR_P) man && $(TFO_EXTRACT) $(srcdir)/man/socket_tcp4.3tfo >$@.tmp && mv $@.tmp $@

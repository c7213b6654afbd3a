# SPDX-License-Identifier: ISC
# The FreeBSD port and the pkgsrc package, shipped in the tarball, and a
# test that installs into a temporary DESTDIR and holds their file lists
# to what `make install' really puts there.
EXTRA_DIST += packaging/freebsd/Makefile packaging/freebsd/pkg-descr \
	packaging/freebsd/pkg-plist packaging/pkgsrc/Makefile \
	packaging/pkgsrc/DESCR packaging/pkgsrc/PLIST \
	packaging/pkgsrc/buildlink3.mk packaging/installcheck.sh \
	packaging/symbols.sh packaging/layouts.sh
# Runs a program built against the installed copy: not when
# cross-compiling.
if !CROSS_COMPILING
TESTS += packaging/installcheck.sh
endif
# Reads the built library only: cross builds too.
TESTS += packaging/symbols.sh

# make dist gives the same bytes for the same commit: sorted entries, the
# commit's date on every file, owner 0, gzip without name and time
# (packaging/dist-tar.sh says how, and falls back without GNU tar).
GZIP_ENV = --best -n
am__tar = $(SHELL) $(srcdir)/packaging/dist-tar.sh $(srcdir) "$$tardir"
EXTRA_DIST += packaging/dist-tar.sh

# make release: the tarball, TARBALL.sha256 (SHA256 and size), and both
# distinfo files written from it into the source tree.  The distinfo
# files stay out of the tarball, which they describe, and out of its date
# (dist-tar.sh), so committing them alone leaves the tarball as it was.
# make distinfo-check: the committed distinfo files match make dist.
EXTRA_DIST += packaging/distinfo.sh packaging/README.md
release: dist
	$(SHELL) $(srcdir)/packaging/distinfo.sh $(distdir).tar.gz \
	    $(srcdir)/packaging
distinfo-check: dist
	$(SHELL) $(srcdir)/packaging/distinfo.sh -c $(distdir).tar.gz \
	    $(srcdir)/packaging
.PHONY: release distinfo-check

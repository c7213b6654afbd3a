#!/bin/sh
# SPDX-License-Identifier: ISC
# automake's LOG_COMPILER for .ci/sanitizers.sh: run one test under
# valgrind memcheck; any error or leak makes it exit 99, which fails the
# test.  A shell test runs under sh with the programs it starts traced
# (system tools skipped).  libtool --mode=execute would unwrap a libtool
# wrapper script; with --disable-shared there is none, but it costs
# nothing.
here=$(cd "$(dirname "$0")" && pwd)
vg="valgrind -q --error-exitcode=99 --leak-check=full
    --suppressions=$here/valgrind.supp
    --show-leak-kinds=definite,indirect,possible
    --errors-for-leak-kinds=definite,indirect,possible"
case $1 in
*.sh)
	exec $vg --trace-children=yes \
	    --trace-children-skip='/bin/*,/usr/bin/*,/sbin/*,/usr/sbin/*' \
	    sh "$@" ;;
esac
exec "${top_builddir:-.}/libtool" --mode=execute $vg "$@"

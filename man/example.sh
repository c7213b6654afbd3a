#!/bin/sh
# SPDX-License-Identifier: ISC
# Print the C program in the EXAMPLES section of an mdoc(7) page: the
# first ".Bd -literal" block there, with the roff escapes \e, \& and \(dq
# undone.  `make check' compiles what this prints, so a page's example
# cannot drift from the API.
#
#	sh example.sh page
test $# -eq 1 || { echo "usage: example.sh page" >&2; exit 2; }
prog=$(awk '
/^\.Sh / { inex = ($0 == ".Sh EXAMPLES"); next }
inex && !done && /^\.Bd -literal/ { on = 1; next }
on && /^\.Ed/ { on = 0; done = 1; next }
on { print }
END { if (!done) { print "example.sh: no EXAMPLES block" > "/dev/stderr"; exit 1 } }
' "$1") || exit 1
printf '%s\n' "$prog" | sed -e 's/\\&//g' -e 's/\\(dq/"/g' -e 's/\\e/\\/g'

#!/bin/sh
# SPDX-License-Identifier: ISC
# tforun_server.sh BUILDDIR DIR ADDR PORT: the web server for
# tforun_ttfb.sh, under tforun -s, serving DIR/index.html on ADDR:PORT.
# nginx where it is installed (its own time per request is a small part
# of one round trip, so the ratio shows the client's saving), else
# python3 -m http.server.  Runs in the foreground until killed.
b=$1 dir=$2 addr=$3 port=$4
TFORUN_LIB=${TFORUN_LIB:-$b/.libs/libtforun.so}
export TFORUN_LIB
if command -v nginx >/dev/null 2>&1; then
	sh "$(dirname "$0")/nginx_conf.sh" "$dir/nginx" "$dir" "$addr:$port" off ||
	    exit 1
	exec "$b/tools/tforun" -s -- nginx -p "$dir/nginx" -c "$dir/nginx/nginx.conf"
fi
cd "$dir" && exec "$b/tools/tforun" -s -- python3 -m http.server -b "$addr" "$port"

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
	mkdir -p "$dir/nginx/logs" || exit 1
	cat >"$dir/nginx/nginx.conf" <<CONF
daemon off;
master_process off;
pid $dir/nginx/nginx.pid;
error_log $dir/nginx/logs/error.log;
events { worker_connections 64; }
http {
	access_log off;
	client_body_temp_path $dir/nginx/body;
	proxy_temp_path $dir/nginx/proxy;
	fastcgi_temp_path $dir/nginx/fastcgi;
	uwsgi_temp_path $dir/nginx/uwsgi;
	scgi_temp_path $dir/nginx/scgi;
	server { listen $addr:$port; root $dir; }
}
CONF
	exec "$b/tools/tforun" -s -- nginx -p "$dir/nginx" -c "$dir/nginx/nginx.conf"
fi
cd "$dir" && exec "$b/tools/tforun" -s -- python3 -m http.server -b "$addr" "$port"

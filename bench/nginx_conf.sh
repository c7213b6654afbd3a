#!/bin/sh
# SPDX-License-Identifier: ISC
# nginx_conf.sh PREFIX ROOT ADDR:PORT ACCESS_LOG: writes PREFIX/nginx.conf
# for Debian's nginx as it is, run by a test or a benchmark: one process
# in the foreground (ours to stop), every path under PREFIX, no
# fastopen= in the listen line (tforun -s adds server TFO).  ACCESS_LOG
# is a file, or "off".
prefix=$1 root=$2 listen=$3 access=$4
mkdir -p "$prefix/logs" || exit 1
cat >"$prefix/nginx.conf" <<CONF
daemon off;
master_process off;
pid $prefix/nginx.pid;
error_log $prefix/logs/error.log;
events { worker_connections 64; }
http {
	access_log $access;
	client_body_temp_path $prefix/body;
	proxy_temp_path $prefix/proxy;
	fastcgi_temp_path $prefix/fastcgi;
	uwsgi_temp_path $prefix/uwsgi;
	scgi_temp_path $prefix/scgi;
	server { listen $listen; root $root; }
}
CONF

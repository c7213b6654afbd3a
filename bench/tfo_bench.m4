# SPDX-License-Identifier: ISC
# TFO_BENCH_CHECKS: what the optional benchmarks (bench/) can link with.
# Nothing here is required: a missing piece only skips its benchmark.
AC_DEFUN([TFO_BENCH_CHECKS], [
  # libowfat exports the same names as libtfo: its benchmark links it alone.
  AC_CACHE_CHECK([for libowfat's socket_fastopen_connect4], [tfo_cv_libowfat], [
    tfo_save_LIBS=$LIBS
    LIBS="-lowfat $LIBS"
    AC_LINK_IFELSE([AC_LANG_PROGRAM([[#include <socket.h>]],
      [[return (int)socket_fastopen_connect4(0, "abcd", 1, "x", 1);]])],
      [tfo_cv_libowfat=yes], [tfo_cv_libowfat=no])
    LIBS=$tfo_save_LIBS])
  AM_CONDITIONAL([HAVE_LIBOWFAT], [test "x$tfo_cv_libowfat" = xyes])

  AC_CACHE_CHECK([for OpenSSL 1.1.1 or later (TLS 1.3)], [tfo_cv_openssl], [
    tfo_save_LIBS=$LIBS
    LIBS="-lssl -lcrypto $LIBS"
    AC_LINK_IFELSE([AC_LANG_PROGRAM([[#include <openssl/ssl.h>]],
      [[SSL_CTX *c = SSL_CTX_new(TLS_method());
        return SSL_CTX_set_min_proto_version(c, TLS1_3_VERSION);]])],
      [tfo_cv_openssl=yes], [tfo_cv_openssl=no])
    LIBS=$tfo_save_LIBS])
  AM_CONDITIONAL([HAVE_OPENSSL], [test "x$tfo_cv_openssl" = xyes])
])

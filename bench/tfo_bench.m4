# SPDX-License-Identifier: ISC
# TFO_BENCH_CHECKS: what the optional benchmarks (bench/) can link with
# (OpenSSL is found by configure.ac itself, for the examples too).
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
])

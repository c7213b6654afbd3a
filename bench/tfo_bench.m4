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

  # The benchmarks and the link emulator measure Linux TFO itself: they
  # need MSG_FASTOPEN, TCP_FASTOPEN (the servers' listeners), TCP_INFO, TUN
  # devices and prctl(2).  Without them (a macOS cross build, headers
  # without TCP_FASTOPEN) they are not built at all.
  AC_CHECK_HEADERS([linux/if_tun.h sys/prctl.h])
  AC_CHECK_DECLS([TCP_INFO], [], [], [$tfo_socket_headers])
  AC_CACHE_CHECK([whether the benchmarks can be built], [tfo_cv_bench], [
    tfo_cv_bench=no
    if test "x$ac_cv_have_decl_MSG_FASTOPEN" = xyes &&
       test "x$ac_cv_have_decl_TCP_FASTOPEN" = xyes &&
       test "x$ac_cv_have_decl_TCP_INFO" = xyes &&
       test "x$ac_cv_header_linux_if_tun_h" = xyes &&
       test "x$ac_cv_header_sys_prctl_h" = xyes; then
      tfo_cv_bench=yes
    fi])
  AM_CONDITIONAL([HAVE_BENCH], [test "x$tfo_cv_bench" = xyes])
])

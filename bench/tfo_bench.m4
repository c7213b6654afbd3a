# SPDX-License-Identifier: ISC
# TFO_BENCH_CHECKS: what the optional benchmarks (bench/) can link with
# (OpenSSL is found by configure.ac itself, for the examples too).
# Nothing here is required: a missing piece only skips its benchmark.
AC_DEFUN([TFO_BENCH_CHECKS], [
  # libowfat exports the same names as libtfo: its benchmark links it
  # alone.  Looked for always, linked only with --with-libowfat.
  AC_ARG_WITH([libowfat],
    [AS_HELP_STRING([--with-libowfat],
      [build the libowfat benchmark client, linked with -lowfat (default: no)])],
    [], [with_libowfat=no])
  AC_CACHE_CHECK([for libowfat's socket_fastopen_connect4], [tfo_cv_libowfat], [
    tfo_save_LIBS=$LIBS
    LIBS="-lowfat $LIBS"
    AC_LINK_IFELSE([AC_LANG_PROGRAM([[#include <socket.h>]],
      [[return (int)socket_fastopen_connect4(0, "abcd", 1, "x", 1);]])],
      [tfo_cv_libowfat=yes], [tfo_cv_libowfat=no])
    LIBS=$tfo_save_LIBS])
  TFO_OPTIONAL([libowfat], [$with_libowfat], [$tfo_cv_libowfat], [use_libowfat])

  # The link emulator (bench/linkemu, also run by t/middlebox.sh and the
  # demo's link in tfocat) and the benchmarks measure Linux TFO itself:
  # they need MSG_FASTOPEN, TCP_FASTOPEN (the servers' listeners),
  # TCP_INFO, TUN devices and prctl(2).  Without them (a macOS cross
  # build, headers without TCP_FASTOPEN) none of it is built.
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

  # The benchmark programs link only libtfo (and what --with-openssl and
  # --with-libowfat add): built by default where they can be, so that they
  # never rot; --disable-bench leaves them out of make all.
  AC_ARG_ENABLE([bench],
    [AS_HELP_STRING([--disable-bench],
      [do not build the benchmark programs (default: build them where Linux TFO is)])],
    [], [enable_bench=yes])
  case $enable_bench in
  yes|no) ;;
  *) AC_MSG_ERROR([--enable-bench takes yes or no, not '$enable_bench']) ;;
  esac
  tfo_build_bench=no
  test "x$enable_bench$tfo_cv_bench" = xyesyes && tfo_build_bench=yes
  AM_CONDITIONAL([BUILD_BENCH], [test "x$tfo_build_bench" = xyes])
  AM_CONDITIONAL([HAVE_LIBOWFAT],
    [test "x$tfo_build_bench$use_libowfat" = xyesyes])
])

/* SPDX-License-Identifier: ISC */
/*
 * A small TAP producer for automake's tap-driver.sh.  Plans may come last
 * (done_testing()); tests that fork hand their count back with
 * tap_count()/tap_set_count().  Never exits 77: a whole-file skip is
 * "1..0 # SKIP reason".
 */
#ifndef TFO_TAP_H
#define TFO_TAP_H

#include <stdarg.h>

#if defined(__GNUC__) || defined(__clang__)
#define TAP_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define TAP_NORETURN __attribute__((noreturn))
#else
#define TAP_PRINTF(f, a)
#define TAP_NORETURN
#endif

void plan(int n);
int ok(int cond, const char *fmt, ...) TAP_PRINTF(2, 3);
int is_int(long got, long want, const char *fmt, ...) TAP_PRINTF(3, 4);
void skip(const char *fmt, ...) TAP_PRINTF(1, 2);
void skip_all(const char *fmt, ...) TAP_PRINTF(1, 2) TAP_NORETURN;
void diag(const char *fmt, ...) TAP_PRINTF(1, 2);
void bail(const char *fmt, ...) TAP_PRINTF(1, 2) TAP_NORETURN;
int done_testing(void);

int tap_count(void);
int tap_failures(void);
void tap_set_count(int count, int failures);

#endif /* !TFO_TAP_H */

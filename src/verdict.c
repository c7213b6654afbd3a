/* SPDX-License-Identifier: ISC */
/*
 * The one piece of global state: when the kernel last refused TFO.  While
 * that is recent, calls go straight to the plain path instead of making a
 * doomed attempt; after TFO_RETRY_SECONDS TFO is tried again, so a kernel
 * switched back on is noticed without a restart.  Safe from many threads.
 */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <time.h>

#include "tfo_common.h"

/* Monotonic second of the last refusal, plus one; 0: none seen. */
static int64_t refused_at;

#if HAVE_ATOMIC_BUILTINS
#define LOAD(p)		__atomic_load_n((p), __ATOMIC_RELAXED)
#define STORE(p, v)	__atomic_store_n((p), (v), __ATOMIC_RELAXED)
#else
/* A plain 64-bit access can be torn on a 32-bit target: lock instead. */
static pthread_mutex_t refused_lock = PTHREAD_MUTEX_INITIALIZER;

static int64_t
locked_load(const int64_t *p)
{
	int64_t v;

	pthread_mutex_lock(&refused_lock);
	v = *p;
	pthread_mutex_unlock(&refused_lock);
	return v;
}

static void
locked_store(int64_t *p, int64_t v)
{
	pthread_mutex_lock(&refused_lock);
	*p = v;
	pthread_mutex_unlock(&refused_lock);
}

#define LOAD(p)		locked_load(p)
#define STORE(p, v)	locked_store((p), (v))
#endif

static int64_t
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec + 1;
}

int
tfo_verdict_refused(void)
{
	int64_t at = LOAD(&refused_at);

	return at != 0 && now_s() - at < TFO_RETRY_SECONDS;
}

static void
remember_refusal(void)
{
	STORE(&refused_at, now_s());
}

/*
 * A backend said TFO_IMPL_REFUSED.  That can also mean a socket of the
 * wrong family (Linux: EOPNOTSUPP for AF_UNIX), the caller's error and not
 * the kernel's verdict on TFO: -1 with errno then.  Otherwise the verdict
 * is remembered and 0 returned.
 */
int
tfo_verdict_take_refusal(int fd, const struct sockaddr *addr)
{
	int fits = tfo_address_fits_socket(fd, addr);

	if (fits != 1) {
		if (fits == 0)
			errno = EAFNOSUPPORT;
		return -1;
	}
	remember_refusal();
	return 0;
}

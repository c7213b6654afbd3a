/* SPDX-License-Identifier: ISC */
/*
 * A loopback TFO server for the tests.  Each of its threads accepts one
 * connection at a time, reads it to EOF, records exactly the bytes it
 * received and whether they came in the SYN, and hands the record to the
 * test.  One thread keeps the records in connection order; several serve
 * concurrent clients.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <time.h>
#include <unistd.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/types.h>

#include "tap.h"
#include "testlib.h"

#define QUEUE 64		/* records not yet collected by the test */
#define MAX_BYTES (8u << 20)	/* twice the most any test sends (4 MiB) */
#define IDLE_MS 20000		/* a connection silent this long is dropped */
#define MAX_THREADS 32

struct test_server {
	int fd;
	int stop[2];		/* a pipe: written to stop the threads */
	const char *reply;
	size_t reset_after;	/* under lock; 0: read every connection to EOF */
	struct sockaddr_storage addr;
	socklen_t addrlen;
	pthread_t threads[MAX_THREADS];
	int nthreads;
	int stopping;		/* under lock: no more waiting for room */
	pthread_mutex_t lock;
	pthread_cond_t ready;	/* a record was queued */
	pthread_cond_t room;	/* a record was collected */
	struct test_conn queue[QUEUE];
	int head, tail;
};

/* Wait for fd or the stop pipe; 1 if fd is ready, 0 on stop or timeout. */
static int
wait_readable(struct test_server *srv, int fd, int timeout_ms)
{
	struct pollfd pfd[2];

	pfd[0].fd = fd;
	pfd[0].events = POLLIN;
	pfd[1].fd = srv->stop[0];
	pfd[1].events = POLLIN;
	for (;;) {
		int r = poll(pfd, 2, timeout_ms);

		if (r == -1 && errno == EINTR)
			continue;
		return r > 0 && pfd[1].revents == 0 && pfd[0].revents != 0;
	}
}

static void
read_connection(struct test_server *srv, int fd, struct test_conn *conn)
{
	size_t cap = 65536, reset_after;
	ssize_t n;

	memset(conn, 0, sizeof(*conn));
	conn->data = malloc(cap);
	if (conn->data == NULL) {
		conn->error = ENOMEM;
		return;
	}
	conn->syn_data = test_syn_data(fd);
	pthread_mutex_lock(&srv->lock);
	reset_after = srv->reset_after;
	pthread_mutex_unlock(&srv->lock);
	for (;;) {
		if (!wait_readable(srv, fd, IDLE_MS)) {
			conn->error = ETIMEDOUT;
			return;
		}
		if (conn->len == cap) {
			unsigned char *more;

			if (cap >= MAX_BYTES) {
				conn->error = EFBIG;
				return;
			}
			more = realloc(conn->data, cap * 2);
			if (more == NULL) {
				conn->error = ENOMEM;
				return;
			}
			conn->data = more;
			cap *= 2;
		}
		n = read(fd, conn->data + conn->len, cap - conn->len);
		if (n == 0)
			break;
		if (n == -1) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			conn->error = errno;
			return;
		}
		conn->len += (size_t)n;
		if (reset_after > 0 && conn->len >= reset_after) {
			/* Linger 0: close() sends a RST, not a FIN. */
			struct linger lg = { 1, 0 };

			(void)setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg,
			    sizeof(lg));
			conn->reset = 1;
			conn->syn_data = test_syn_data(fd);
			return;
		}
	}
	/* Read again after the data: the SYN_DATA flag is final by now. */
	conn->syn_data = test_syn_data(fd);
	if (srv->reply != NULL)
		(void)send(fd, srv->reply, strlen(srv->reply), MSG_NOSIGNAL);
}

static void *
serve(void *arg)
{
	struct test_server *srv = arg;
	struct test_conn conn;
	int fd;

	while (wait_readable(srv, srv->fd, -1)) {
		/* Non-blocking listener: another thread may have taken it. */
		fd = accept(srv->fd, NULL, NULL);
		if (fd == -1)
			continue;
		read_connection(srv, fd, &conn);
		close(fd);
		pthread_mutex_lock(&srv->lock);
		/* A full queue holds the thread back, not the record. */
		while ((srv->tail + 1) % QUEUE == srv->head && !srv->stopping)
			pthread_cond_wait(&srv->room, &srv->lock);
		if ((srv->tail + 1) % QUEUE == srv->head)
			test_conn_free(&conn);	/* the test stopped listening */
		else {
			srv->queue[srv->tail] = conn;
			srv->tail = (srv->tail + 1) % QUEUE;
			pthread_cond_signal(&srv->ready);
		}
		pthread_mutex_unlock(&srv->lock);
	}
	return NULL;
}

struct test_server *
test_server_start(const struct sockaddr *addr, socklen_t len, int tfo_qlen,
    const char *reply)
{
	return test_server_start_threads(addr, len, tfo_qlen, reply, 1);
}

/*
 * Server-side TFO where <netinet/tcp.h> has TCP_FASTOPEN.  Where it has
 * not (NetBSD, OpenBSD, illumos: the fallback backend), the listener goes
 * without: no value is guessed, Linux's 23 means something else there.
 */
static int
listen_tfo(int fd, int qlen)
{
#ifdef TCP_FASTOPEN
	return setsockopt(fd, IPPROTO_TCP, TCP_FASTOPEN, &qlen, sizeof(qlen));
#else
	(void)fd, (void)qlen;
	return 0;
#endif
}

struct test_server *
test_server_start_threads(const struct sockaddr *addr, socklen_t len,
    int tfo_qlen, const char *reply, int nthreads)
{
	struct test_server *srv = calloc(1, sizeof(*srv));
	int one = 1, i;

	if (srv == NULL)
		return NULL;
	if (nthreads < 1 || nthreads > MAX_THREADS) {
		diag("server: %d threads is out of range", nthreads);
		free(srv);
		return NULL;
	}
	srv->reply = reply;
	srv->fd = socket(addr->sa_family, SOCK_STREAM, 0);
	if (srv->fd == -1 || pipe(srv->stop) == -1) {
		diag("server socket: %s", strerror(errno));
		free(srv);
		return NULL;
	}
	(void)setsockopt(srv->fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	srv->addrlen = sizeof(srv->addr);
	if (bind(srv->fd, addr, len) == -1 || listen(srv->fd, SOMAXCONN) == -1 ||
	    (tfo_qlen > 0 && listen_tfo(srv->fd, tfo_qlen) == -1) ||
	    fcntl(srv->fd, F_SETFL, O_NONBLOCK) == -1 ||
	    getsockname(srv->fd, (struct sockaddr *)&srv->addr,
	    &srv->addrlen) == -1) {
		diag("server setup: %s", strerror(errno));
		close(srv->fd);
		free(srv);
		return NULL;
	}
	pthread_mutex_init(&srv->lock, NULL);
	pthread_cond_init(&srv->ready, NULL);
	pthread_cond_init(&srv->room, NULL);
	for (i = 0; i < nthreads; i++) {
		if (pthread_create(&srv->threads[i], NULL, serve, srv) != 0) {
			diag("server thread %d failed", i);
			test_server_stop(srv);
			return NULL;
		}
		srv->nthreads++;
	}
	return srv;
}

void
test_server_reset_after(struct test_server *srv, size_t bytes)
{
	pthread_mutex_lock(&srv->lock);
	srv->reset_after = bytes;
	pthread_mutex_unlock(&srv->lock);
}

const struct sockaddr *
test_server_addr(struct test_server *srv, socklen_t *len)
{
	*len = srv->addrlen;
	return (const struct sockaddr *)&srv->addr;
}

int
test_server_next(struct test_server *srv, struct test_conn *conn,
    unsigned int timeout_s)
{
	struct timespec until;
	int r = 0;

	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += timeout_s;
	pthread_mutex_lock(&srv->lock);
	while (srv->head == srv->tail && r == 0)
		r = pthread_cond_timedwait(&srv->ready, &srv->lock, &until);
	if (srv->head != srv->tail) {
		*conn = srv->queue[srv->head];
		srv->head = (srv->head + 1) % QUEUE;
		pthread_cond_signal(&srv->room);
		r = 0;
	} else
		r = -1;
	pthread_mutex_unlock(&srv->lock);
	return r;
}

void
test_server_stop(struct test_server *srv)
{
	if (srv == NULL)
		return;
	int i;

	(void)write(srv->stop[1], "x", 1);
	pthread_mutex_lock(&srv->lock);
	srv->stopping = 1;
	pthread_cond_broadcast(&srv->room);
	pthread_mutex_unlock(&srv->lock);
	for (i = 0; i < srv->nthreads; i++)
		pthread_join(srv->threads[i], NULL);
	close(srv->fd);
	close(srv->stop[0]);
	close(srv->stop[1]);
	while (srv->head != srv->tail) {
		test_conn_free(&srv->queue[srv->head]);
		srv->head = (srv->head + 1) % QUEUE;
	}
	pthread_mutex_destroy(&srv->lock);
	pthread_cond_destroy(&srv->ready);
	pthread_cond_destroy(&srv->room);
	free(srv);
}

void
test_conn_free(struct test_conn *conn)
{
	free(conn->data);
	conn->data = NULL;
	conn->len = 0;
}

int
test_server_quiet(struct test_server *srv)
{
	static unsigned int serial;
	struct timeval tv = { 10, 0 };
	struct test_conn conn;
	char marker[64];
	int fd, good;
	size_t len;

	len = (size_t)snprintf(marker, sizeof(marker), "quiet marker %u",
	    ++serial);
	fd = socket(srv->addr.ss_family, SOCK_STREAM, 0);
	if (fd == -1)
		bail("marker socket: %s", strerror(errno));
	(void)setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	if (connect(fd, (struct sockaddr *)&srv->addr, srv->addrlen) == -1 ||
	    send(fd, marker, len, MSG_NOSIGNAL) != (ssize_t)len)
		bail("marker connection: %s", strerror(errno));
	shutdown(fd, SHUT_WR);
	if (test_server_next(srv, &conn, 10) == -1) {
		close(fd);
		diag("the server never saw the marker connection");
		return 0;
	}
	close(fd);
	good = conn.error == 0 && conn.len == len &&
	    memcmp(conn.data, marker, len) == 0;
	if (!good)
		diag("before the marker the server got a connection with "
		    "%zu bytes", conn.len);
	test_conn_free(&conn);
	/* Whatever came first, the marker must still be collected. */
	if (!good && test_server_next(srv, &conn, 10) == 0)
		test_conn_free(&conn);
	return good;
}

ssize_t
test_accept_read(int l, char *buf, size_t cap, int *syn, unsigned int timeout_s)
{
	struct timeval tv = { (time_t)timeout_s, 0 };
	struct pollfd pfd;
	char scratch[4096];
	size_t got = 0;
	ssize_t n;
	int a;

	pfd.fd = l;
	pfd.events = POLLIN;
	if (poll(&pfd, 1, (int)timeout_s * 1000) != 1 ||
	    (a = accept(l, NULL, NULL)) == -1)
		return -1;
	(void)setsockopt(a, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	/* Bytes beyond cap are counted, not kept: over-delivery shows. */
	while ((n = read(a, got < cap ? buf + got : scratch, got < cap ?
	    cap - got : sizeof(scratch))) > 0)
		got += (size_t)n;
	*syn = test_syn_data(a);
	close(a);
	return n == 0 ? (ssize_t)got : -1;
}

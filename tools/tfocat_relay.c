/* SPDX-License-Identifier: ISC */
/* Copying between stdin/stdout and a connected socket. */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <unistd.h>
#include <sys/socket.h>

#include "tfo.h"
#include "tfocat.h"

ssize_t
tfocat_read_full(int fd, char *buf, size_t len)
{
	size_t done = 0;
	ssize_t n;

	while (done < len) {
		n = read(fd, buf + done, len - done);
		if (n == 0)
			break;
		if (n == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		done += (size_t)n;
	}
	return (ssize_t)done;
}

static int
write_all(int fd, const char *buf, size_t len)
{
	ssize_t n;

	while (len > 0) {
		n = write(fd, buf, len);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

int
tfocat_relay(int sock, int in, int out)
{
	struct pollfd pfd[2];
	char buf[16384];
	ssize_t n;
	int in_open = in != -1, sock_open = 1;

	if (!in_open)
		(void)shutdown(sock, SHUT_WR);
	while (sock_open) {
		pfd[0].fd = sock;
		pfd[0].events = POLLIN;
		pfd[1].fd = in_open ? in : -1;
		pfd[1].events = POLLIN;
		if (poll(pfd, 2, -1) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (pfd[0].revents) {
			n = read(sock, buf, sizeof(buf));
			if (n == -1 && errno != EINTR && errno != EAGAIN)
				return -1;
			if (n == 0)
				sock_open = 0;
			else if (n > 0 && write_all(out, buf, (size_t)n) == -1)
				return -1;
		}
		if (in_open && pfd[1].revents) {
			n = read(in, buf, sizeof(buf));
			if (n == -1 && errno != EINTR && errno != EAGAIN)
				return -1;
			if (n == 0) {
				in_open = 0;
				(void)shutdown(sock, SHUT_WR);
			} else if (n > 0 && write_all(sock, buf, (size_t)n) == -1)
				return -1;
		}
	}
	return 0;
}

const char *
tfocat_used_text(int answer)
{
	switch (answer) {
	case TFO_YES:
		return "yes";
	case TFO_NO:
		return "no";
	case TFO_NEGOTIATED:
		return "negotiated (data in SYN not known)";
	default:
		return "unknown";
	}
}

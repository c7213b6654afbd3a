#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <unistd.h>

#include <tfo_socket.h>

int
main(void)
{
	/* ::ffff:127.0.0.1, which an IPv4 socket also takes. */
	static const char ip[16] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	    (char)0xff, (char)0xff, 127, 0, 0, 1 };
	struct pollfd pfd;
	int s;

	if ((s = socket_tcp6()) == -1) {
		perror("socket_tcp6");
		return 1;
	}
	if (socket_connect6(s, ip, 8080, 0) == -1 && errno != EINPROGRESS) {
		perror("socket_connect6");
		return 1;
	}
	pfd.fd = s;
	pfd.events = POLLOUT;
	if (poll(&pfd, 1, 10000) != 1 || !socket_connected(s)) {
		perror("connect");
		return 1;
	}
	puts("connected");
	close(s);
	return 0;
}

#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <tfo.h>

int
main(void)
{
	const char req[] = "GET / HTTP/1.0\r\n\r\n";
	struct sockaddr_in sin;
	char reply[256];
	ssize_t n;
	int fd;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons(8080);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);

	if ((fd = socket(AF_INET, SOCK_STREAM, 0)) == -1) {
		perror("socket");
		return 1;
	}
	/* Blocking socket: the whole request is accepted, or -1. */
	if (tfo_connect(fd, (struct sockaddr *)&sin, sizeof(sin),
	    req, strlen(req), 0) == -1) {
		perror("tfo_connect");
		return 1;
	}
	if ((n = read(fd, reply, sizeof(reply))) > 0)
		fwrite(reply, 1, (size_t)n, stdout);
	close(fd);
	return 0;
}

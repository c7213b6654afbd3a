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
	struct sockaddr_in sin;
	char buf[512];
	ssize_t n;
	int fd, c, one = 1;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons(8080);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);

	if ((fd = socket(AF_INET, SOCK_STREAM, 0)) == -1 ||
	    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one,
	    sizeof(one)) == -1 ||
	    bind(fd, (struct sockaddr *)&sin, sizeof(sin)) == -1) {
		perror("socket");
		return 1;
	}
	switch (tfo_listen(fd, 16)) {
	case -1:
		perror("listen");
		return 1;
	case TFO_NO:
		fprintf(stderr, "listening without TCP Fast Open\n");
		break;
	}
	if ((c = accept(fd, NULL, NULL)) == -1) {
		perror("accept");
		return 1;
	}
	if ((n = read(c, buf, sizeof(buf))) > 0 &&
	    write(c, buf, (size_t)n) == -1)
		perror("write");
	close(c);
	close(fd);
	return 0;
}

#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <netdb.h>
#include <sys/socket.h>

#include <tfo.h>

int
main(int argc, char *argv[])
{
	const char req[] = "HEAD / HTTP/1.0\r\n\r\n";
	struct addrinfo hints, *ai;
	char reply[512];
	int fd;

	if (argc != 3)
		return 2;
	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_STREAM;
	if (getaddrinfo(argv[1], argv[2], &hints, &ai) != 0)
		return 1;
	if ((fd = socket(ai->ai_family, SOCK_STREAM, 0)) == -1 ||
	    tfo_connect(fd, ai->ai_addr, ai->ai_addrlen, req,
	    strlen(req), 0) == -1 ||
	    read(fd, reply, sizeof(reply)) == -1) {
		perror(argv[1]);
		return 1;
	}
	printf("data in SYN: %s\n", tfo_used(fd) == TFO_YES ? "yes" : "no");
	freeaddrinfo(ai);
	close(fd);
	return 0;
}

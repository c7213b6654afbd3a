#include <stdio.h>
#include <unistd.h>
#include <sys/socket.h>

#include <tfo_socket.h>

int
main(void)
{
	static const char ip[4] = { 127, 0, 0, 1 };
	char buf[512];
	ssize_t n;
	int s, c;

	if ((s = socket_tcp4b()) == -1 ||
	    socket_bind4_reuse(s, ip, 8080) == -1) {
		perror("socket");
		return 1;
	}
	if (socket_fastopen(s) == -1)
		perror("socket_fastopen (serving without TFO)");
	if (socket_listen(s, 16) == -1) {
		perror("socket_listen");
		return 1;
	}
	if ((c = accept(s, NULL, NULL)) == -1) {
		perror("accept");
		return 1;
	}
	/* The SYN's data, if any, is readable at once. */
	if ((n = read(c, buf, sizeof(buf))) > 0 &&
	    write(c, buf, (size_t)n) == -1)
		perror("write");
	close(c);
	close(s);
	return 0;
}

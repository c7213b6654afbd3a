#include <stdio.h>
#include <unistd.h>

#include <tfo_socket.h>

int
main(void)
{
	static const char ip[4] = { 127, 0, 0, 1 };
	char reply[512];
	ssize_t n;
	int s;

	/* Blocking: the call returns when all 5 bytes are accepted. */
	if ((s = socket_tcp4b()) == -1) {
		perror("socket_tcp4b");
		return 1;
	}
	if (socket_fastopen_connect4(s, ip, 8080, "hello", 5) != 5) {
		perror("socket_fastopen_connect4");
		return 1;
	}
	if ((n = read(s, reply, sizeof(reply))) > 0)
		fwrite(reply, 1, (size_t)n, stdout);
	close(s);
	return 0;
}

/*
 * The EXAMPLE of libowfat's socket_fastopen_connect4(3) (the seed), with
 * only its #include changed to libtfo's and real values for ip and p: the
 * loopback address and the port given as the first argument.  t/seed.c
 * runs it against a test server.
 */
#include <tfo_socket.h>

int
main(int argc, char *argv[])
{
	int s; char ip[4] = { 127, 0, 0, 1 }; uint16 p = 0;
	const char *d;

	for (d = argc > 1 ? argv[1] : ""; *d >= '0' && *d <= '9'; d++)
		p = (uint16)(p * 10 + (*d - '0'));

	s = socket_tcp4(); socket_bind4(s,ip,p); socket_fastopen_connect4(s,ip,p,"hello",5);
	return 0;
}

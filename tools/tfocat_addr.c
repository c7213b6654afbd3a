/* SPDX-License-Identifier: ISC */
/* Ports and addresses as the user writes and reads them. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <netdb.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "tfo.h"
#include "tfocat.h"

int
tfocat_port(const char *text, int allow_zero, char *buf, size_t len)
{
	const struct servent *se;
	unsigned long port = 0;
	const char *p;

	if (*text >= '0' && *text <= '9') {
		/* Digits only, checked here: getaddrinfo() takes 70000 as 4464. */
		for (p = text; *p >= '0' && *p <= '9' && port <= 65535; p++)
			port = port * 10 + (unsigned long)(*p - '0');
		if (*p != '\0' || port > 65535 || (port == 0 && !allow_zero))
			return -1;
	} else {
		se = getservbyname(text, "tcp");
		if (se == NULL)
			return -1;
		port = ntohs((unsigned short)se->s_port);
	}
	snprintf(buf, len, "%lu", port);
	return 0;
}

const char *
tfocat_addr_text(const struct sockaddr *sa, socklen_t len, char *buf,
    size_t buflen)
{
	char host[NI_MAXHOST], serv[NI_MAXSERV];

	if (getnameinfo(sa, len, host, sizeof(host), serv, sizeof(serv),
	    NI_NUMERICHOST | NI_NUMERICSERV) != 0)
		snprintf(buf, buflen, "(an address of family %d)",
		    (int)sa->sa_family);
	else
		snprintf(buf, buflen, "%s port %s", host, serv);
	return buf;
}

const char *
tfocat_server_switch_hint(void)
{
	const char *b = tfo_backend();

	/* By the backend's name at run time: this file is the same everywhere. */
	if (strcmp(b, "linux") == 0)
		return "to switch it on, as root: "
		    "sysctl -w net.ipv4.tcp_fastopen=3";
	if (strcmp(b, "freebsd") == 0)
		return "to switch it on, as root: "
		    "sysctl net.inet.tcp.fastopen.server_enable=1";
	if (strcmp(b, "darwin") == 0)
		return "to switch it on, as root: "
		    "sysctl -w net.inet.tcp.fastopen=3";
	return "this libtfo was built without TFO: the fallback backend";
}

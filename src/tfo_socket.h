/* SPDX-License-Identifier: ISC */
/*
 * libowfat-compatible TCP Fast Open calls and the socket_* companions their
 * manual pages use.  Same names, types and ABI as libowfat's <socket.h>:
 * a program written for libowfat builds against libtfo after changing only
 * its #include line.  Do not link one program with both libraries: the
 * names are the same.  See socket_fastopen_connect4(3tfo).
 */
#ifndef TFO_SOCKET_H
#define TFO_SOCKET_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * libowfat's integer names.  Its own uint16.h and uint32.h, if included
 * first, already declared them the same way.
 */
#ifndef UINT16_H
typedef uint16_t uint16;
#endif
#ifndef UINT32_H
typedef uint32_t uint32;
#endif

/* libowfat's feature test macro for the fastopen calls. */
#define HAVE_SOCKET_FASTOPEN

int socket_tcp4(void);
int socket_tcp4b(void);
int socket_tcp6(void);
int socket_tcp6b(void);
int socket_bind4(int _s, const char *_ip, uint16 _port);
int socket_bind4_reuse(int _s, const char *_ip, uint16 _port);
int socket_bind6(int _s, const char *_ip, uint16 _port, uint32 _scope_id);
int socket_bind6_reuse(int _s, const char *_ip, uint16 _port,
    uint32 _scope_id);
int socket_listen(int _s, unsigned int _backlog);
int socket_connect4(int _s, const char *_ip, uint16 _port);
int socket_connect6(int _s, const char *_ip, uint16 _port, uint32 _scope_id);
int socket_connected(int _s);

int socket_fastopen(int _s);
ssize_t socket_fastopen_connect4(int _s, const char *_ip, uint16 _port,
    const char *_buf, size_t _len);
ssize_t socket_fastopen_connect6(int _s, const char *_ip, uint16 _port,
    uint32 _scope_id, const char *_buf, size_t _len);

#ifdef __cplusplus
}
#endif

#endif /* !TFO_SOCKET_H */

/* SPDX-License-Identifier: ISC */
#ifndef TFO_SOCKET_NEW_H
#define TFO_SOCKET_NEW_H

#include <stdint.h>

int tfo_socket_new(int family, int nonblocking);
int tfo_bind4(int s, const char *ip, uint16_t port, int reuse);
int tfo_bind6(int s, const char *ip, uint16_t port, uint32_t scope_id,
    int reuse);

#endif /* !TFO_SOCKET_NEW_H */

/* SPDX-License-Identifier: ISC */
#ifndef TLS_CERT_H
#define TLS_CERT_H

#include <openssl/ssl.h>

/* TLS 1.3 only, fresh self-signed certificate, no session tickets. */
SSL_CTX *tls_server_ctx(void);

#endif /* !TLS_CERT_H */

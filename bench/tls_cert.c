/* SPDX-License-Identifier: ISC */
/*
 * A TLS 1.3 server context with a self-signed Ed25519 certificate made at
 * run time: no key ever lands in a file, let alone in the repository.
 */
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include "tls_cert.h"

static EVP_PKEY *
make_key(void)
{
	EVP_PKEY_CTX *kc = EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, NULL);
	EVP_PKEY *key = NULL;

	if (kc == NULL || EVP_PKEY_keygen_init(kc) <= 0 ||
	    EVP_PKEY_keygen(kc, &key) <= 0)
		key = NULL;
	EVP_PKEY_CTX_free(kc);
	return key;
}

static X509 *
make_cert(EVP_PKEY *key)
{
	X509 *x = X509_new();
	X509_NAME *name;

	if (x == NULL)
		return NULL;
	name = X509_get_subject_name(x);
	if (X509_set_version(x, 2) != 1 ||
	    ASN1_INTEGER_set(X509_get_serialNumber(x), 1) != 1 ||
	    X509_gmtime_adj(X509_getm_notBefore(x), -3600) == NULL ||
	    X509_gmtime_adj(X509_getm_notAfter(x), 86400) == NULL ||
	    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
	    (const unsigned char *)"libtfo-bench", -1, -1, 0) != 1 ||
	    X509_set_issuer_name(x, name) != 1 ||
	    X509_set_pubkey(x, key) != 1 ||
	    X509_sign(x, key, NULL) <= 0) {	/* Ed25519: no digest */
		X509_free(x);
		return NULL;
	}
	return x;
}

SSL_CTX *
tls_server_ctx(void)
{
	SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
	EVP_PKEY *key = make_key();
	X509 *cert = key ? make_cert(key) : NULL;

	if (ctx == NULL || cert == NULL ||
	    SSL_CTX_set_min_proto_version(ctx, TLS1_3_VERSION) != 1 ||
	    SSL_CTX_use_certificate(ctx, cert) != 1 ||
	    SSL_CTX_use_PrivateKey(ctx, key) != 1) {
		SSL_CTX_free(ctx);
		ctx = NULL;
	}
	/* Full handshakes only: a session ticket would be a different test. */
	if (ctx != NULL)
		SSL_CTX_set_num_tickets(ctx, 0);
	X509_free(cert);
	EVP_PKEY_free(key);
	return ctx;
}

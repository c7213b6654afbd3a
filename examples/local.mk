# SPDX-License-Identifier: ISC
# The examples: built by `make check' against the library in the tree, and
# run against each other on loopback by examples/run.sh.
check_PROGRAMS += examples/seed_client examples/seed_server \
	examples/gai_client examples/nb_client
examples_seed_client_SOURCES = examples/seed_client.c
examples_seed_client_LDADD = libtfo.la
examples_seed_server_SOURCES = examples/seed_server.c
examples_seed_server_LDADD = libtfo.la
examples_gai_client_SOURCES = examples/gai_client.c
examples_gai_client_LDADD = libtfo.la
examples_nb_client_SOURCES = examples/nb_client.c
examples_nb_client_LDADD = libtfo.la

# Only where configure found OpenSSL.
if HAVE_OPENSSL
check_PROGRAMS += examples/tls_client
examples_tls_client_SOURCES = examples/tls_client.c
examples_tls_client_CPPFLAGS = $(AM_CPPFLAGS) $(OPENSSL_CFLAGS)
examples_tls_client_LDADD = libtfo.la $(OPENSSL_LIBS)
endif
EXTRA_DIST += examples/tls_client.c

# Runs the examples: not when cross-compiling (they are still built).
if !CROSS_COMPILING
TESTS += examples/run.sh
endif
EXTRA_DIST += examples/run.sh

# SPDX-License-Identifier: ISC
# Manual pages, their alias links, their lint and their compiled EXAMPLES.

# The shell tests in man/, examples/ and packaging/ read the build's tools
# from this file: neither make passes $(MAKE) or $(CC) to a test.
check_SCRIPTS += docs-test-env.sh
CLEANFILES += docs-test-env.sh
docs-test-env.sh: Makefile
	$(AM_V_GEN){ \
	echo "MAKE='$(MAKE)'"; \
	echo "TFO_SHELL='$(SHELL)'"; \
	echo "CC='$(CC)'"; \
	echo "CFLAGS='$(CFLAGS)'"; \
	echo "CPPFLAGS='$(CPPFLAGS)'"; \
	echo "LDFLAGS='$(LDFLAGS)'"; \
	echo "EXEEXT='$(EXEEXT)'"; \
	echo "host_os='$(host_os)'"; \
	} >$@

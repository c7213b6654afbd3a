#include <stdio.h>

#include <tfo.h>

static const char *
yesno(int answer)
{
	return answer == TFO_YES ? "yes" : answer == TFO_NO ? "no" :
	    "unknown";
}

int
main(void)
{
	printf("backend %s, client %s, server %s\n", tfo_backend(),
	    yesno(tfo_kernel_allows(TFO_CLIENT)),
	    yesno(tfo_kernel_allows(TFO_SERVER)));
	return 0;
}
